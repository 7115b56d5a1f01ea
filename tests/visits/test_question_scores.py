"""The visit carries each question's score as the server computed it (staff screens show it)."""

from tests.conftest import full_answers


def test_staff_and_clients_read_the_servers_question_scores(flow, auth):
    vid = flow.in_state("accepted")
    answers = full_answers(friendly=4, mood="neutral", litter=True)
    assert flow.submit(vid, answers=answers).status_code == 201
    scores = flow.coordinator.get(f"/api/v1/visits/{vid}").json["question_scores"]
    assert scores["friendly"] == {"score": 0.75, "earned": 2.25, "possible": 3.0}
    assert scores["mood"] == {"score": 0.5, "earned": 0.5, "possible": 1.0}
    assert scores["litter"] == {"score": 0.0, "earned": 0.0, "possible": 1.0}
    assert scores["greeted"] == {"score": 1.0, "earned": 2.0, "possible": 2.0}
    # Unscored questions (NPS, photo) are not counted, so they carry no points.
    assert "recommend" not in scores and "counter" not in scores
    assert flow.review(vid, "approve").status_code == 200
    reader = auth("client", client_id=flow.field.client.id)
    assert reader.get(f"/api/v1/visits/{vid}").json["question_scores"] == scores


def test_shoppers_get_no_question_scores(flow):
    vid = flow.in_state("submitted")
    assert "question_scores" not in flow.shopper.get(f"/api/v1/visits/{vid}").json
