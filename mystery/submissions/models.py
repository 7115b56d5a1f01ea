"""A submission's rows live with its visit, in mystery/visits/models.py; this name stays."""

from mystery.visits.models import Answer, Submission  # noqa: F401
