"""What happens to a corrective action, announced (for the `action.updated` webhook).

Sent inside the business transaction, before its flush, with the action as sender and
keywords ``actor``, ``event`` (the ActionEvent just written) and ``previous_status``
(None on creation). Receivers only add rows in the same session, e.g. an outbox entry.
"""

from blinker import Namespace

_signals = Namespace()

action_updated = _signals.signal("action-updated")
