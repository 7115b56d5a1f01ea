"""API error messages speak the caller's language (da, sv, en); the catalogs are complete."""

from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from tests.visits.helpers import Flow, new_uuid

TRANSLATIONS = Path(__file__).resolve().parent.parent / "mystery" / "translations"
LANGUAGES = ("da", "sv")


@pytest.fixture
def flow(app, field):
    return Flow(app, field)


def messages(response, code):
    """Return the message of an error response, checking its status and shape."""
    assert response.status_code == code, response.json
    assert {"code", "status", "message"} <= set(response.json)
    return response.json["message"]


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("da", "Besøg 999999 blev ikke fundet."),
        ("sv", "Besök 999999 hittades inte."),
        ("en", "Visit 999999 not found."),
    ],
)
def test_not_found_follows_the_users_locale(auth, locale, expected):
    api = auth("coordinator", locale=locale)
    assert messages(api.get("/api/v1/visits/999999"), 404) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("da", "Besøg {id} kan ikke godkendes: det er open (skal være submitted)."),
        ("en", "Cannot approve visit {id}: it is open (needs submitted)."),
    ],
)
def test_lifecycle_conflict_keeps_status_names(auth, flow, locale, expected):
    vid = flow.open_visit()
    api = auth("coordinator", locale=locale)
    response = api.post(f"/api/v1/visits/{vid}/review", json={"decision": "approve"})
    assert messages(response, 409) == expected.format(id=vid)
    assert response.json["errors"] == {"status": ["open"]}


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("da", "Besøg {id} kan ikke aflyses: det er cancelled (skal være {allowed})."),
        ("en", "Cannot cancel visit {id}: it is cancelled (needs {allowed})."),
    ],
)
def test_the_allowed_statuses_are_joined_in_the_language(auth, flow, locale, expected):
    vid = flow.in_state("cancelled")
    api = auth("coordinator", locale=locale)
    response = api.post(f"/api/v1/visits/{vid}/cancel", json={})
    allowed = {"da": "accepted eller assigned eller open", "en": "accepted or assigned or open"}
    assert messages(response, 409) == expected.format(id=vid, allowed=allowed[locale])


@pytest.mark.parametrize(
    ("locale", "message", "note"),
    [
        (
            "da",
            "Skriv, hvad testkunden skal rette: en note er påkrævet.",
            "Påkrævet, når et besøg sendes retur.",
        ),
        (
            "en",
            "Say what the shopper should fix: a note is required.",
            "Required when returning a visit.",
        ),
    ],
)
def test_a_422_of_our_own_is_translated(auth, flow, locale, message, note):
    vid = flow.in_state("submitted")
    api = auth("coordinator", locale=locale)
    response = api.post(f"/api/v1/visits/{vid}/review", json={"decision": "return"})
    assert messages(response, 422) == message
    assert response.json["errors"] == {"json": {"note": [note]}}


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("da", "Ugyldige eller manglende felter: name."),
        ("en", "Invalid or missing: name."),
    ],
)
def test_the_validation_summary_is_translated_but_not_the_field_names(auth, locale, expected):
    api = auth("coordinator", locale=locale)
    assert messages(api.post("/api/v1/clients", json={}), 422) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("sv", "Fel e-postadress eller lösenord."), (None, "Wrong email or password.")],
)
def test_wrong_password_speaks_the_asked_language(anon, create_user, lang, expected):
    user = create_user("shopper", locale="da")
    query = f"?lang={lang}" if lang else ""
    response = anon.http.post(
        f"/api/v1/auth/login{query}", json={"email": user.email, "password": "wrong password"}
    )
    assert messages(response, 401) == expected


def test_the_scoring_packages_fixed_sentences_are_translated(flow):
    vid = flow.in_state("accepted")
    answers = [{"question": "nope", "value": 1}]
    response = flow.shopper.put(
        f"/api/v1/submissions/{new_uuid()}?lang=sv", json=flow.body(vid, answers=answers)
    )
    assert messages(response, 422).startswith("Några svar behöver åtgärdas: ")
    assert response.json["errors"]["nope"] == ["Okänd fråga."]


def test_cli_without_a_request_speaks_english(app):
    from flask_babel import gettext

    with app.app_context():
        assert gettext("Not found.") == "Not found."


def _catalog(lang):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang):
    catalog = _catalog(lang)
    untranslated, fuzzy = [], []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s and s.strip() for s in strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert untranslated == []
    assert fuzzy == []
    # Babel's checkers: the same %(name)s placeholders on both sides.
    assert [(m.id, errors) for m, errors in catalog.check()] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalog_matches_the_po(lang, tmp_path):
    fresh = tmp_path / "messages.mo"
    with open(fresh, "wb") as mo:
        write_mo(mo, _catalog(lang))
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo", "rb") as mo:
        committed = read_mo(mo)
    compiled = read_mo(BytesIO(fresh.read_bytes()))

    def pairs(catalog):
        def frozen(text):  # plural forms come back as lists
            return text if isinstance(text, str) else tuple(text)

        return {(frozen(m.id), frozen(m.string)) for m in catalog if m.id}

    assert pairs(committed) == pairs(compiled)
