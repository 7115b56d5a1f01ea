"""The example checklist definition of DESIGN.md §4, verbatim (not collected: no test_ prefix)."""

import copy
import json

_DESIGN_EXAMPLE = """
{"sections": [
  {"key": "service", "title": "Service quality", "weight": 40, "questions": [
    {"key": "greeted", "text": "Were you greeted within 30 seconds?", "type": "yes_no", "weight": 2, "critical": true},
    {"key": "litter", "text": "Was there litter on the floor?", "type": "yes_no", "weight": 1, "pass_value": false, "na_allowed": true},
    {"key": "friendly", "text": "How friendly was the staff?", "type": "scale", "min": 1, "max": 5, "weight": 3},
    {"key": "upsell", "text": "Did staff suggest an extra item?", "type": "choice", "weight": 1,
     "options": [{"value": "yes", "label": "Yes", "score": 1}, {"value": "partly", "label": "Partly", "score": 0.5}, {"value": "no", "label": "No", "score": 0}]},
    {"key": "queue", "text": "Time in queue", "type": "wait_time", "weight": 2,
     "bands": [{"max_seconds": 120, "score": 1}, {"max_seconds": 300, "score": 0.5}]},
    {"key": "mood", "text": "Overall impression", "type": "smiley", "weight": 1},
    {"key": "recommend", "text": "Would you recommend this store?", "type": "nps"},
    {"key": "why", "text": "Why?", "type": "text", "show_if": {"question": "recommend", "in": [0,1,2,3,4,5,6]}},
    {"key": "counter", "text": "Photo of the counter", "type": "photo", "required": true}
  ]}
]}
"""  # noqa: E501


def example_definition():
    """Return a fresh copy of the DESIGN §4 example definition."""
    return copy.deepcopy(json.loads(_DESIGN_EXAMPLE))


def small_definition(text="Clean?"):
    """Return a minimal valid definition: one section, one yes/no question."""
    return {
        "sections": [
            {
                "key": "s",
                "title": "Store",
                "questions": [{"key": "clean", "text": text, "type": "yes_no"}],
            }
        ]
    }
