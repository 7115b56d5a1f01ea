"""The permission matrix, generated from app.url_map: every id-bearing API route, every method.

Each route is tried by anonymous, a shopper who holds nothing, a user of another client and
a client user limited to a region the objects are not in, against real objects of one
client (DESIGN: what a role may not see answers 404, a role that may not act 403, no
sign-in 401). An outsider's answer for a real id must equal its answer for an id that does
not exist, so nothing leaks, and nothing is written. A route added later is tried the day
it is added: its id parameters must be named in IDS below, or this test fails.
"""

import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from mystery.extensions import db
from tests.conftest import ApiClient
from tests.visits.helpers import Flow

API = "/api/"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
MISSING_INT = 987654
MISSING_UUID = "00000000-0000-4000-8000-000000000000"
# What an outsider may answer: never a success, never a 500.
REFUSALS = {401, 403, 404, 405, 409, 422}
PERSONAS = ("shopper", "other_client", "region_limited")
# A region limit narrows stores and what hangs on them; the client's own client record,
# checklists and waves stay its own (summaries, exports and report runs hold only its regions).
CLIENT_WIDE = {"client_id", "checklist_id", "wave_id", "certification_id", "webhook_id"}
# Quizzes are open to every shopper: taking one is how a shopper becomes certified (§13).
SHOPPERS_READ = {"GET /api/v1/certifications/<int:certification_id>"}


def routes(app):
    """Every (method, rule) of the API whose path carries an id."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API) or not rule.arguments:
            continue
        for method in sorted(rule.methods & set(METHODS)):
            found.append((method, rule))
    return sorted(found, key=lambda pair: (pair[1].rule, pair[0]))


def rule_ids(app):
    return [f"{method} {rule.rule}" for method, rule in routes(app)]


@pytest.fixture
def world(app, field, create_user, create_client, auth):
    """One client's objects (approved visit, photo, action, appeal, job, token) and outsiders."""
    from decimal import Decimal

    from mystery.actions.models import Action
    from mystery.appeals.models import Appeal
    from mystery.auth.models import ApiToken
    from mystery.certifications.models import Certification
    from mystery.jobs.models import ReportJob
    from mystery.media.models import Media
    from mystery.pay.models import LedgerEntry, Payout
    from mystery.visits.models import Visit
    from mystery.webhooks.models import Webhook

    flow = Flow(app, field)
    visit_id = flow.in_state("approved", store=0)
    owner_user = create_user("client", client_id=field.client.id)
    with app.app_context():
        visit = db.session.get(Visit, visit_id)
        submission_uuid = db.session.scalar(
            sa.text("SELECT uuid FROM submissions WHERE id = :id"),
            {"id": visit.current_submission_id},
        )
        media = Media(
            uuid=str(uuid.uuid4()),
            submission_uuid=submission_uuid,
            question="counter",
            uploaded_by=field.shopper_user.id,
            content_type="image/jpeg",
            size=1,
            width=1,
            height=1,
            sha256="0" * 64,
            original_key="x/original",
            display_key="x/display",
            thumb_key="x/thumb",
        )
        store_id = visit.store_id
        action = Action(
            client_id=field.client.id,
            store_id=store_id,
            wave_id=visit.wave_id,
            title="Fix the counter",
            due_on=date.today(),
        )
        appeal = Appeal(
            visit_id=visit_id,
            client_id=field.client.id,
            store_id=store_id,
            question="greeted",
            reason="We did greet.",
        )
        job = ReportJob(wave_id=visit.wave_id, requested_by=owner_user.id, lang="en")
        token = ApiToken(user_id=owner_user.id, label="owner", token_hash="f" * 64)
        certification = Certification(
            client_id=field.client.id, name="Barista basics", pass_mark=Decimal("80"), questions=[]
        )
        payout = Payout(currency="DKK", message_id="matrix-1")
        webhook = Webhook(
            client_id=field.client.id,
            url="https://hooks.example.com/mystery",
            events=["visit.approved"],
            secret="s" * 32,
        )
        db.session.add_all([media, action, appeal, job, token, certification, payout, webhook])
        db.session.commit()
        # The approval put the visit's fee in the shopper's ledger.
        entry_id = db.session.scalar(sa.select(LedgerEntry.id).order_by(LedgerEntry.id))
        ids = {
            "visit_id": visit_id,
            "wave_id": visit.wave_id,
            "store_id": store_id,
            "client_id": field.client.id,
            "checklist_id": field.checklist.id,
            "user_id": owner_user.id,
            "action_id": action.id,
            "appeal_id": appeal.id,
            "job_id": job.id,
            "token_id": token.id,
            "submission_uuid": submission_uuid,
            "media_uuid": media.uuid,
            "certification_id": certification.id,
            "entry_id": entry_id,
            "payout_id": payout.id,
            "webhook_id": webhook.id,
        }
    shopper = create_user("shopper")
    outsiders = {
        "anonymous": ApiClient(app),
        "shopper": _signed_in(app, shopper),
        "other_client": auth("client", client_id=create_client(name="Another chain").id),
        "region_limited": _signed_in(
            app, create_user("client", client_id=field.client.id, regions=["Nowhere"])
        ),
    }
    return ids, outsiders


def _signed_in(app, user):
    api = ApiClient(app, user)
    response = api.login(user.email)
    assert response.status_code == 200, response.json
    return api


def _fill(template, values):
    path = template
    for name, value in values.items():
        for converter in ("int:", "uuid:", "string:", ""):
            path = path.replace(f"<{converter}{name}>", str(value))
    return path


def _call(api, method, path):
    return api.request(method, path, json={})


def dump(app):
    """Every row of every table, as plain tuples, to prove nothing was written."""
    with app.app_context(), db.engine.connect() as connection:
        return {
            name: sorted(
                (tuple(row) for row in connection.execute(sa.text(f"SELECT * FROM {name}"))),
                key=repr,
            )
            for name in sorted(db.metadata.tables)
        }


def test_every_id_bearing_route_is_in_the_matrix(app):
    found = routes(app)
    assert len(found) >= 40
    tried = {rule.rule for _method, rule in found}
    for expected in (
        "/api/v1/visits/<int:visit_id>",
        "/api/v1/waves/<int:wave_id>/summary",
        "/api/v1/media/<uuid:media_uuid>",
        "/api/v1/report-jobs/<int:job_id>",
        "/api/v1/waves/<int:wave_id>/export.csv",
        "/api/v1/stores/<int:store_id>/report.pdf",
    ):
        assert expected in tried


def test_anonymous_is_asked_to_sign_in_everywhere(app, world):
    ids, outsiders = world
    refused = {}
    for method, rule in routes(app):
        response = _call(outsiders["anonymous"], method, _fill(rule.rule, _real(rule, ids)))
        if response.status_code != 401:
            refused[f"{method} {rule.rule}"] = response.status_code
    assert refused == {}


def _real(rule, ids):
    for name in rule.arguments:
        assert name in ids, f"{rule.rule}: add an object for <{name}> to the world fixture"
    return {name: ids[name] for name in rule.arguments}


def _missing(rule):
    return {name: MISSING_UUID if name.endswith("uuid") else MISSING_INT for name in rule.arguments}


@pytest.mark.parametrize("persona", PERSONAS)
def test_outsiders_learn_nothing_and_change_nothing(app, world, persona):
    ids, outsiders = world
    api = outsiders[persona]
    before = dump(app)
    problems = {}
    for method, rule in routes(app):
        if persona == "region_limited" and rule.arguments <= CLIENT_WIDE:
            continue
        real = _call(api, method, _fill(rule.rule, _real(rule, ids)))
        missing = _call(api, method, _fill(rule.rule, _missing(rule)))
        key = f"{method} {rule.rule}"
        if persona == "shopper" and key in SHOPPERS_READ:
            assert real.status_code == 200 and missing.status_code == 404
            continue
        if real.status_code not in REFUSALS:
            problems[key] = f"answered {real.status_code}"
        elif real.status_code != missing.status_code:
            problems[key] = f"{real.status_code} for a real id, {missing.status_code} for none"
        elif method == "GET" and real.status_code not in (403, 404):
            problems[key] = f"GET answered {real.status_code}"
    assert problems == {}
    assert dump(app) == before


def test_a_region_limited_user_reads_only_its_regions_in_client_wide_routes(app, world):
    ids, outsiders = world
    api = outsiders["region_limited"]
    summary = api.get(f"/api/v1/waves/{ids['wave_id']}/summary")
    assert summary.status_code == 200
    assert summary.json["stores"] == []
    export = api.get(f"/api/v1/waves/{ids['wave_id']}/export.csv")
    assert export.status_code == 200
    assert len(export.get_data(as_text=True).strip().splitlines()) == 1  # the header alone
