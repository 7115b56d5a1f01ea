"""The OpenAPI document covers every API route and describes every operation."""

import re

SPEC = "/api/v1/openapi.json"
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def api_routes(app):
    """Yield (OpenAPI path, method) for every API rule of the app, the spec itself excepted."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.rule == SPEC:
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in sorted(rule.methods - IGNORED_METHODS):
            yield path, method.lower()


def test_spec_is_served_as_openapi_3(anon):
    response = anon.get(SPEC)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    spec = response.json
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "Mystery" and spec["info"]["version"] == "v1"


def test_every_route_and_method_is_documented(app, anon):
    paths = anon.get(SPEC).json["paths"]
    routes = list(api_routes(app))
    assert len(routes) >= 20  # auth, users, clients, stores, checklists at least
    missing = [
        f"{method.upper()} {path}" for path, method in routes if method not in paths.get(path, {})
    ]
    assert missing == []


def test_spec_has_no_routes_the_app_lacks(app, anon):
    paths = anon.get(SPEC).json["paths"]
    documented = {
        (path, method) for path, ops in paths.items() for method in ops if method != "parameters"
    }
    assert documented <= set(api_routes(app))


def test_every_operation_has_a_summary(anon):
    paths = anon.get(SPEC).json["paths"]
    undocumented = [
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        for method, operation in operations.items()
        if method != "parameters"
        and not (operation.get("summary") or "").strip()
        and not (operation.get("description") or "").strip()
    ]
    assert undocumented == []


def test_every_operation_lists_its_responses(anon):
    paths = anon.get(SPEC).json["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            assert operation.get("responses"), f"{method.upper()} {path} documents no response"


def test_known_routes_are_present(anon):
    paths = anon.get(SPEC).json["paths"]
    expected = {
        "/api/v1/auth/login": {"post"},
        "/api/v1/users/{user_id}": {"get", "patch"},
        "/api/v1/clients/{client_id}": {"get", "patch"},
        "/api/v1/stores/import": {"post"},
        "/api/v1/checklists/{checklist_id}/definition": {"put"},
        "/api/v1/checklists/{checklist_id}/revise": {"post"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path


def test_the_document_is_valid_openapi(anon):
    """Generated clients need a valid document (a `maximum` once was a string)."""
    from openapi_spec_validator import validate

    validate(anon.get(SPEC).json)
