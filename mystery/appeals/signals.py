"""Decisions on appeals, announced (for the `appeal.decided` webhook).

Sent inside the business transaction with the appeal as sender and keywords ``actor``
(the coordinator), ``visit`` and ``rescored`` (whether the score changed). Receivers only
add rows in the same session, e.g. an outbox entry.
"""

from blinker import Namespace

_signals = Namespace()

appeal_decided = _signals.signal("appeal-decided")
