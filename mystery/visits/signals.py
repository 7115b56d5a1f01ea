"""What happens to a visit, announced: features that care (analytics, pay, notifications,
webhooks) connect to these signals instead of the lifecycle calling up into them.

Every signal is sent inside the business transaction, before its flush, with the visit as
sender and keyword arguments ``actor`` (the user acting, or a system actor) and
``previous_status``. A receiver only adds or changes rows in the same session; it never
commits, and anything that leaves the process (mail, webhooks) goes through an outbox.
"""

from blinker import Namespace

_signals = Namespace()

# Sender: the visit. Extra keywords noted per signal.
visit_assigned = _signals.signal("visit-assigned")  # a shopper got it (assign or claim)
visit_accepted = _signals.signal("visit-accepted")
visit_declined = _signals.signal("visit-declined")  # previous_shopper_id
visit_unassigned = _signals.signal("visit-unassigned")  # previous_shopper_id
visit_reassigned = _signals.signal("visit-reassigned")  # previous_shopper_id
visit_submitted = _signals.signal("visit-submitted")  # submission
visit_approved = _signals.signal("visit-approved")  # rating (or None)
visit_returned = _signals.signal("visit-returned")  # note
visit_cancelled = _signals.signal("visit-cancelled")  # previous_shopper_id
visit_rescored = _signals.signal("visit-rescored")  # previous_total, reason

# The signal each lifecycle action sends (DESIGN §3).
ACTION_SIGNALS = {
    "assign": visit_assigned,
    "claim": visit_assigned,
    "accept": visit_accepted,
    "decline": visit_declined,
    "unassign": visit_unassigned,
    "submit": visit_submitted,
    "approve": visit_approved,
    "return": visit_returned,
    "cancel": visit_cancelled,
}
