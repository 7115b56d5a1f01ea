"""Audit entries as sentences in the reader's language (DESIGN §16)."""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

SUMMARIES = {
    "create": _l("Visit created."),
    "assign": _l("%(actor)s assigned the visit."),
    "claim": _l("%(actor)s claimed the visit."),
    "accept": _l("%(actor)s accepted the visit."),
    "decline": _l("%(actor)s declined the visit."),
    "unassign": _l("%(actor)s unassigned the visit."),
    "reassign": _l("%(actor)s reassigned the visit."),
    "check-in": _l("%(actor)s checked in."),
    "submit": _l("%(actor)s submitted the visit."),
    "approve": _l("%(actor)s approved the visit."),
    "return": _l("%(actor)s returned the visit."),
    "cancel": _l("%(actor)s cancelled the visit."),
    "override": _l("%(actor)s overrode the assignment rules."),
    "schedule": _l("%(actor)s scheduled the visit."),
    "purge": _l(
        "Removed after the retention period: %(photos)s photos, %(comments)s comments, "
        "%(checkins)s check-ins."
    ),
    "export": _l("%(actor)s exported the personal data of %(subject)s (%(rows)s records)."),
    "anonymise": _l("%(actor)s anonymised %(subject)s."),
}
COUNTS = re.compile(r"(photos|comments|checkins|rows)=(\d+)")


def summarise(action, actor_name, note=None, subject_name=None):
    """Say what an audit event records, naming who did it (and whom it was about)."""
    template = SUMMARIES.get(action)
    if template is None:
        return action
    params = {"actor": actor_name or _("The system"), "photos": 0, "comments": 0, "checkins": 0}
    params.update(subject=subject_name or _("a deleted user"), rows=0)
    if action in ("purge", "export"):
        params.update({key: int(value) for key, value in COUNTS.findall(note or "")})
    return str(template) % params
