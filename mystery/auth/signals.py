"""What happens to accounts, announced (the password-reset mail is sent by notifications).

Sent inside the request's transaction with the user as sender; receivers only add rows in
the same session, e.g. an outbox entry.
"""

from blinker import Namespace

_signals = Namespace()

# keyword: link (the path of the reset screen, with the single-use token)
password_reset_requested = _signals.signal("password-reset-requested")
