"""Integrity look-ups (DESIGN §7 v2, §11): near-duplicate photos and texts through an index."""
