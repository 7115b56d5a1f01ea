"""Payout files: a CSV for people and an ISO 20022 pain.001.001.03 credit transfer for the bank."""

import csv
import io
from datetime import date
from decimal import Decimal

from flask import Response, current_app
from flask_babel import gettext as _
from sepaxml import SepaTransfer

from mystery.errors import Conflict
from mystery.exports.tables import BOM, attachment, inert, reader_language

SCHEMA = "pain.001.001.03"
SEMICOLON_LANGUAGES = ("da", "sv")


def _amount_text(amount, lang):
    text = f"{Decimal(amount):.2f}"
    return text.replace(".", ",") if lang in SEMICOLON_LANGUAGES else text


def csv_response(payout):
    """One row per line: who, which account, how much, which ledger entries."""
    lang = reader_language("en")
    excel = lang in SEMICOLON_LANGUAGES
    buffer = io.StringIO()
    if excel:
        buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(
        [
            _("Shopper ID"),
            _("Name"),
            _("IBAN"),
            _("BIC"),
            _("Amount"),
            _("Currency"),
            _("Ledger entries"),
        ]
    )
    for line in payout["lines"]:
        writer.writerow(
            [
                line["shopper_id"],
                inert(line["name"]),
                line["iban"],
                line["bic"] or "",
                _amount_text(line["amount"], lang),
                payout["currency"],
                " ".join(str(entry_id) for entry_id in line["entry_ids"]),
            ]
        )
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.charset = "utf-8"
    return attachment(response, f"payout-{payout['id']}.csv")


def pain001(payout, execution_date=None, validate=False):
    """Build the credit-transfer XML: one CdtTrfTxInf per line, the debtor from the settings."""
    config = current_app.config
    debtor = {
        "name": config["PAYOUT_DEBTOR_NAME"],
        "IBAN": config["PAYOUT_DEBTOR_IBAN"].replace(" ", ""),
        "batch": True,
        "currency": payout["currency"],
        # SEPA's service level applies to euro transfers only; kroner go as domestic transfers.
        "domestic": payout["currency"] != "EUR",
    }
    if config.get("PAYOUT_DEBTOR_BIC"):
        debtor["BIC"] = config["PAYOUT_DEBTOR_BIC"]
    transfer = SepaTransfer(debtor, schema=SCHEMA, clean=True)
    transfer.msg_id = payout["message_id"]
    when = execution_date or date.today()
    for number, line in enumerate(payout["lines"], 1):
        payment = {
            "name": line["name"],
            "IBAN": line["iban"],
            # Whole cents as an integer: the library takes no floats, and neither do we.
            "amount": int(Decimal(line["amount"]) * 100),
            "execution_date": when,
            "description": f"Mystery payout {payout['id']}",
            "endtoend_id": f"PAYOUT{payout['id']}-{number}",
        }
        if line.get("bic"):
            payment["BIC"] = line["bic"]
        transfer.add_payment(payment)
    return transfer.export(validate=validate, pretty_print=False)


def xml_response(payout):
    """Serve the pain.001 file as a download; 409 once a line's account was anonymised."""
    if any(not line["iban"] for line in payout["lines"]):
        # Only a paid payout can lose an account (DESIGN §17); it has no bank file to resend.
        raise Conflict(
            message=_("This payout paid a person since anonymised: its bank file is gone."),
            errors={"payout": [_("Use the CSV: amounts and ledger entries are kept.")]},
        )
    response = Response(pain001(payout), mimetype="application/xml")
    return attachment(response, f"payout-{payout['id']}.pain.001.xml")
