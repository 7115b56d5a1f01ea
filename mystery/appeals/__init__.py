"""Appeals: a client questions one answer; a coordinator upholds (re-scoring) or rejects."""
