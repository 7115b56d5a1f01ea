"""The kinds of notification: who gets each, its subject and short text, its mail template.

Each kind's words live here as lazy strings, rendered in the reader's language whenever the
notification is shown or mailed, from the parameters stored with it (the store's name, the
note, the fee…). The mail bodies are Jinja templates in `templates/mail/`.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    """One kind of notification."""

    name: str
    label: object  # what the settings screen calls it
    subject: object  # with %(store)s and friends from the params
    text: object  # one or two sentences: the in-app body and the mail's message
    template: str = "notice"  # templates/mail/<template>.txt and .html
    optional: bool = True  # may the user turn its e-mail off?


KINDS = {
    kind.name: kind
    for kind in (
        Kind(
            "visit_assigned",
            _l("A visit is assigned to me"),
            _l("New visit: %(store)s"),
            _l(
                "You have a new visit to %(store)s, %(address)s, between %(start)s and "
                "%(end)s. Open the app to accept or decline it."
            ),
        ),
        Kind(
            "visit_returned",
            _l("My report is returned"),
            _l("Visit returned: %(store)s"),
            _l("Your report from %(store)s was returned to you with this note: %(note)s"),
        ),
        Kind(
            "visit_approved",
            _l("My report is approved"),
            _l("Visit approved: %(store)s"),
            _l("Your report from %(store)s was approved. Fee: %(fee)s."),
        ),
        Kind(
            "visit_cancelled",
            _l("A visit of mine is cancelled"),
            _l("Visit cancelled: %(store)s"),
            _l("Your visit to %(store)s was cancelled; you need not make it."),
        ),
        Kind(
            "visit_reassigned",
            _l("A visit is taken from me"),
            _l("Visit reassigned: %(store)s"),
            _l(
                "Your visit to %(store)s was taken from you and may go to another shopper; "
                "you need not make it."
            ),
        ),
        Kind(
            "critical_failure",
            _l("A visit fails a critical question"),
            _l("Critical failure at %(store)s"),
            _l(
                "An approved visit to %(store)s on %(date)s failed a critical question, "
                "so its total score is 0."
            ),
        ),
        Kind(
            "report_job_done",
            _l("My bulk reports are ready"),
            _l("Reports ready: %(wave)s"),
            _l("The store reports of %(wave)s are ready to download."),
        ),
        Kind(
            "reminder_scheduled",
            _l("Reminder the day before a visit"),
            _l("Reminder: visit to %(store)s tomorrow"),
            _l("You planned to visit %(store)s, %(address)s, tomorrow (%(date)s)."),
        ),
        Kind(
            "reminder_window_ending",
            _l("Reminder before a window ends"),
            _l("Reminder: the window for %(store)s closes soon"),
            _l("Your visit to %(store)s must be submitted by %(end)s."),
        ),
        Kind(
            "password_reset",
            _l("Password reset"),
            _l("Reset your password"),
            _l(
                "Someone asked to reset the password of your Mystery account. If it was "
                "you, choose a new password with the link below within an hour; if not, "
                "ignore this e-mail."
            ),
            template="password_reset",
            optional=False,  # the only way back into an account
        ),
    )
}


def get_kind(name):
    """Return a kind by name."""
    return KINDS[name]
