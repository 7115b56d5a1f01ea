"""GET /waves/{id}/summary: wave metrics (DESIGN §4) over approved visits, exact to 1 decimal."""

import pytest

from tests.conftest import full_answers


def by_key(items, key="key"):
    return {item[key]: item for item in items}


@pytest.fixture
def totals_wave(programme):
    """Stores A, B, C with 3 visits each; approved totals A 80/90/100, B 100, C 0 (critical).

    The example checklist has one section of weight-10 possible points, so total = section %:
    queue 400 s scores 0 (-2 points → 80), 200 s scores 0.5 (-1 → 90), greeted False is critical.
    """
    stores = programme.field.stores
    wave_id, visits = programme.wave(stores, per_store=3)
    a, b, c = (visits[store.id] for store in stores)
    programme.approve(a[0], full_answers(queue=400, recommend=10))
    programme.approve(a[1], full_answers(queue=200, recommend=9))
    # A's third visit is returned and resubmitted: only the second submission counts.
    programme.accept(a[2])
    programme.submit(a[2], full_answers(greeted=False, queue=250, recommend=0))
    programme.ok(programme.flow.review(a[2], "return", "Redo it"))
    programme.submit(a[2], full_answers(recommend=8))
    programme.ok(programme.flow.review(a[2], "approve"))
    programme.approve(b[0], full_answers(recommend=9))
    programme.approve(c[0], full_answers(greeted=False, recommend=3, why="Slow"))
    # Not approved, so not counted: submitted (score 0), cancelled, assigned, open.
    programme.accept(b[1])
    programme.submit(b[1], full_answers(greeted=False))
    programme.accept(c[1])
    programme.cancel(c[1])
    programme.ok(programme.flow.assign(c[2], override=True, reason="Test"))
    return wave_id, stores


def test_overall_stores_and_counts(programme, totals_wave):
    wave_id, stores = totals_wave
    response = programme.summary(programme.coordinator, wave_id)
    assert response.status_code == 200, response.json
    body = response.json
    assert "no-store" in response.headers["Cache-Control"]
    assert body["wave"]["id"] == wave_id and body["wave"]["checklist_id"]
    assert body["counts"] == {
        "approved": 5,
        "total": 9,
        "by_status": {
            "open": 1,
            "assigned": 1,
            "accepted": 0,
            "submitted": 1,
            "returned": 0,
            "approved": 5,
            "cancelled": 1,
        },
    }
    # Totals 80, 90, 100, 100, 0: mean 74; s² = (36+256+676+676+5476)/4 = 1780, s = 42.19;
    # t(0.975, 4) = 2.7764 → half width 2.7764 × 42.19 / √5 = 52.39 → 21.6 .. 126.4 → 100.0.
    assert body["overall"] == {
        "mean": 74.0,
        "n": 5,
        "ci_low": 21.6,
        "ci_high": 100.0,
        "critical_failures": 1,
    }
    assert body["previous_wave"] is None
    a, b, c = stores
    # A: 80, 90, 100 → mean 90, s = 10, t(0.975, 2) = 4.3027 → 90 ± 24.84 → 65.2 .. 100.0.
    assert body["stores"] == [
        {
            "store_id": b.id,
            "code": b.code,
            "name": b.name,
            "city": b.city,
            "region": b.region,
            "mean": 100.0,
            "n": 1,
            "ci_low": None,
            "ci_high": None,
            "rank": 1,
            "delta_previous": None,
            "low_n": True,
        },
        {
            "store_id": a.id,
            "code": a.code,
            "name": a.name,
            "city": a.city,
            "region": a.region,
            "mean": 90.0,
            "n": 3,
            "ci_low": 65.2,
            "ci_high": 100.0,
            "rank": 2,
            "delta_previous": None,
            "low_n": False,
        },
        {
            "store_id": c.id,
            "code": c.code,
            "name": c.name,
            "city": c.city,
            "region": c.region,
            "mean": 0.0,
            "n": 1,
            "ci_low": None,
            "ci_high": None,
            "rank": 3,
            "delta_previous": None,
            "low_n": True,
        },
    ]
    # Section % equals the total except for C's critical failure: service % is 80 there
    # (greeted 0 of 2 points) → 80, 90, 100, 100, 80: mean 90, s = 10, t(0.975, 4) = 2.7764
    # → 90 ± 12.42 → 77.6 .. 100.0 (102.4 clipped).
    # Every store is in Hovedstaden: the region is the whole wave.
    assert body["regions"] == [
        {
            "region": "Hovedstaden",
            "mean": 74.0,
            "n": 5,
            "ci_low": 21.6,
            "ci_high": 100.0,
            "sections": {"service": 90.0},
        }
    ]
    assert body["sections"] == [
        {
            "key": "service",
            "title": "Servicekvalitet",
            "mean": 90.0,
            "n": 5,
            "ci_low": 77.6,
            "ci_high": 100.0,
        }
    ]


def test_questions_and_metrics(programme, totals_wave):
    wave_id, _stores = totals_wave
    body = programme.summary(programme.coordinator, wave_id).json
    questions = by_key(body["questions"])
    assert list(questions) == [
        "greeted",
        "litter",
        "friendly",
        "upsell",
        "queue",
        "mood",
        "recommend",
        "why",
        "counter",
    ]
    # greeted: True ×4, False ×1 (C) → 1 of 5 scored 0; mean score 4/5 = 80 %.
    assert questions["greeted"] == {
        "key": "greeted",
        "section": "service",
        "text": "Were you greeted within 30 seconds?",
        "type": "yes_no",
        "answered": 5,
        "na": 0,
        "fail_rate": 20.0,
        "mean_score": 80.0,
    }
    # queue: 400 (0), 200 (0.5), 60, 60, 60 (1 each) → fail 1/5 = 20 %, mean 3.5/5 = 70 %.
    assert (questions["queue"]["fail_rate"], questions["queue"]["mean_score"]) == (20.0, 70.0)
    # Unscored questions: answered, but no fail rate or mean score.
    assert (questions["recommend"]["answered"], questions["recommend"]["fail_rate"]) == (5, None)
    assert questions["recommend"]["mean_score"] is None
    # why is shown only when recommend ≤ 6: C answered it; the superseded 0 does not count.
    assert questions["why"]["answered"] == 1
    # recommend 10, 9, 8, 9, 3 → promoters 3, passives 1, detractors 1 → 100 × 2/5 = 40.
    assert body["nps"] == {"nps": 40.0, "promoters": 3, "passives": 1, "detractors": 1, "n": 5}
    assert body["csat"] == {"csat": None, "n": 0}
    assert body["ces"] == {"ces": None, "n": 0}
    # Waits 400, 200, 60, 60, 60 → mean 156, median (odd count) 60, within 120 s: 3/5 = 60 %.
    wait = {"mean": 156.0, "median": 60.0, "within_target_pct": 60.0, "n": 5}
    assert body["wait_time"] == {
        **wait,
        "questions": [{"key": "queue", "text": "Time in queue", "target_seconds": 120, **wait}],
    }


def test_sections_regions_and_scales(programme, metrics_wave):
    wave_id = metrics_wave[0]
    body = programme.summary(programme.coordinator, wave_id, lang="en").json
    # Totals 100, 77.778, 16.667, 69.444: mean 65.972; s = 35.31, t(0.975, 3) = 3.1824
    # → half width 56.19 → 9.8 .. 100.0.
    assert body["overall"] == {
        "mean": 66.0,
        "n": 4,
        "ci_low": 9.8,
        "ci_high": 100.0,
        "critical_failures": 0,
    }
    # Service 100, 91.667, 25, 66.667 → 70.833 (s = 34.02, ± 54.13 → 17.2 .. 100);
    # store 100, 50, 0, 75 → 56.25, rounded half away from zero to 56.3.
    assert body["sections"] == [
        {
            "key": "service",
            "title": "Service",
            "mean": 70.8,
            "n": 4,
            "ci_low": 17.2,
            "ci_high": 100.0,
        },
        {"key": "store", "title": "Store", "mean": 56.3, "n": 4, "ci_low": 0.0, "ci_high": 100.0},
    ]
    # North (100, 77.778) → 88.9, service (100 + 91.667)/2 = 95.8, store (100 + 50)/2 = 75;
    # South (16.667, 69.444) → 43.1, service (25 + 66.667)/2 = 45.8, store (0 + 75)/2 = 37.5.
    # With n = 2, t(0.975, 1) = 12.71 makes both intervals span the whole 0..100.
    assert body["regions"] == [
        {
            "region": "North",
            "mean": 88.9,
            "n": 2,
            "ci_low": 0.0,
            "ci_high": 100.0,
            "sections": {"service": 95.8, "store": 75.0},
        },
        {
            "region": "South",
            "mean": 43.1,
            "n": 2,
            "ci_low": 0.0,
            "ci_high": 100.0,
            "sections": {"service": 45.8, "store": 37.5},
        },
    ]
    assert [(s["code"], s["rank"], s["mean"]) for s in body["stores"]] == [
        ("N1", 1, 88.9),
        ("S1", 2, 43.1),
    ]
    # recommend 10, 9, 6, 8 → 2 promoters, 1 passive, 1 detractor → NPS 25.
    assert body["nps"] == {"nps": 25.0, "promoters": 2, "passives": 1, "detractors": 1, "n": 4}
    # CSAT (friendly 5, 4, 2, 3): 2 of 4 are 4–5 → 50 %. CES (effort 2, 3, 6, 4) → 3.75 → 3.8.
    assert body["csat"] == {"csat": 50.0, "n": 4}
    assert body["ces"] == {"ces": 3.8, "n": 4}
    # Waits 60, 100, 200, 150: mean 127.5; median of an even count (100 + 150)/2 = 125;
    # within 120 s: 2 of 4.
    assert {k: v for k, v in body["wait_time"].items() if k != "questions"} == {
        "mean": 127.5,
        "median": 125.0,
        "within_target_pct": 50.0,
        "n": 4,
    }
    questions = by_key(body["questions"])
    # clean: 1, N/A, 0, 1 → answered 3, N/A 1, fail 1/3 = 33.3 %, mean 2/3 = 66.7 %.
    assert questions["clean"] == {
        "key": "clean",
        "section": "store",
        "text": "Clean?",
        "type": "yes_no",
        "answered": 3,
        "na": 1,
        "fail_rate": 33.3,
        "mean_score": 66.7,
    }
    # friendly (5, 4, 2, 3) scores 1, .75, .25, .5: none 0, mean 62.5; upsell 1, .5, 0, .5.
    assert (questions["friendly"]["fail_rate"], questions["friendly"]["mean_score"]) == (0.0, 62.5)
    assert (questions["upsell"]["fail_rate"], questions["upsell"]["mean_score"]) == (25.0, 50.0)
    # effort has weight 0: answered but never counted.
    assert (questions["effort"]["answered"], questions["effort"]["fail_rate"]) == (4, None)
