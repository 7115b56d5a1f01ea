"""Send one e-mail through the SMTP server of the settings (DESIGN §14), with smtplib."""

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app


class PermanentFailure(Exception):
    """The server refused the message for good (a 5xx answer): do not try again."""


def build_message(address, subject, text, html, locale):
    """Compose a text + HTML message to one address."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config.get("MAIL_FROM") or formataddr(("Mystery", "noreply@localhost"))
    message["To"] = address
    message["Subject"] = " ".join(subject.split())  # a newline in a store name is no header
    message["Message-ID"] = make_msgid(domain="mystery")
    message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies to a robot
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = locale  # after the parts: set_content drops Content-*
    return message


def _permanent(code):
    return isinstance(code, int) and 500 <= code < 600


def send(message):
    """Hand a message to the SMTP server; raise PermanentFailure when it refuses for good.

    Any other exception (server down, a 4xx answer, a timeout) is worth a retry.
    """
    config = current_app.config
    host = config["SMTP_HOST"]
    port = int(config.get("SMTP_PORT") or 25)
    timeout = float(config.get("SMTP_TIMEOUT") or 10)
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as server:
            if str(config.get("SMTP_STARTTLS") or "0") in ("1", "true", "True"):
                server.starttls(context=ssl.create_default_context())
            if config.get("SMTP_USER"):
                server.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
            server.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _text in error.recipients.values()]
        if codes and all(_permanent(code) for code in codes):
            raise PermanentFailure(_describe(error.recipients)) from error
        raise
    except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
        if _permanent(error.smtp_code):
            raise PermanentFailure(f"{error.smtp_code} {_text(error.smtp_error)}") from error
        raise


def _text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _describe(recipients):
    return "; ".join(f"{addr}: {code} {_text(text)}" for addr, (code, text) in recipients.items())
