"""Marshmallow's own field messages come back in the caller's language (#14: a Danish screen
meets no English from the server), ours and unknown ones as they are."""

import inspect

import pytest
from marshmallow import fields, validate

from mystery.validation_text import MESSAGES, translate

MISSING = {
    "da": "Feltet skal udfyldes.",
    "sv": "Fältet måste fyllas i.",
    "en": "Missing data for required field.",
}
ONE_OF = {"da": "Skal være en af: ", "sv": "Måste vara en av: ", "en": "Must be one of: "}
TOO_LONG = {
    "da": "Længere end maksimumslængden 200.",
    "sv": "Längre än maxlängden 200.",
    "en": "Longer than maximum length 200.",
}


@pytest.mark.parametrize("locale", ["da", "sv", "en"])
def test_field_messages_speak_the_callers_language(auth, create_client, locale):
    api = auth("coordinator", locale=locale)
    client = create_client()
    store = {"client_id": client.id, "code": "NY1", "name": "Kaffebaren Amager"}
    response = api.post("/api/v1/stores", json=store)
    assert response.status_code == 422, response.json
    assert response.json["errors"]["json"]["latitude"] == [MISSING[locale]]
    assert response.json["errors"]["json"]["longitude"] == [MISSING[locale]]

    status = api.get("/api/v1/visits?status=lost").json["errors"]["query"]["status"][0]
    assert status.startswith(ONE_OF[locale]) and "assigned" in status, status
    query = api.get("/api/v1/visits?q=" + "x" * 201).json["errors"]["query"]["q"]
    assert query == [TOO_LONG[locale]]


def test_accept_language_picks_the_language_of_field_messages(auth):
    api = auth("coordinator", locale="en")
    response = api.get("/api/v1/visits?page=nought", headers={"Accept-Language": "da"})
    assert response.json["errors"]["query"]["page"] == ["Ikke et gyldigt heltal."]


def test_other_messages_are_left_as_they_are(app):
    with app.test_request_context(headers={"Accept-Language": "da"}):
        assert translate("Invalid or missing: name.") == "Invalid or missing: name."
        assert translate("Must be at least 0 and at most 10 apples.") == (
            "Must be at least 0 and at most 10 apples."
        )
        assert translate("Must be greater than or equal to 1.") == "Skal være mindst 1."
        assert translate(["not", "a string"]) == ["not", "a string"]


def _marshmallow_says():
    """Every fixed message marshmallow's fields and validators can give."""
    said = set()
    for _, kind in inspect.getmembers(fields, inspect.isclass):
        for base in kind.__mro__:
            said.update(getattr(base, "default_error_messages", {}).values())
    for _, kind in inspect.getmembers(validate, inspect.isclass):
        said.update(v for k, v in vars(kind).items() if "message" in k and isinstance(v, str))
    for obj_type in ("datetime", "time", "date"):
        said.add(f"Not a valid {obj_type}.")
        for awareness in ("aware", "naive"):
            said.add(f"Not a valid {awareness} {obj_type}.")
    for op, bound in (("greater than or equal to", "min"), ("greater than", "min")):
        said.add(f"Must be {op} {{{bound}}}.")
    for op in ("less than or equal to", "less than"):
        said.add(f"Must be {op} {{max}}.")
    said.add("Must be greater than or equal to {min} and less than or equal to {max}.")
    said.add("Invalid input type.")  # a schema's own
    said.add("Unknown field.")
    return said


def test_every_message_listed_is_one_marshmallow_says():
    """A marshmallow upgrade that rewords a message fails here, not on a Danish screen."""
    assert set(MESSAGES) - _marshmallow_says() == set()
