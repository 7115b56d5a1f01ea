"""Without SECRET_KEY the app creates one key once in its instance folder, and keeps it."""

import stat

from mystery import create_app


def _app(instance, monkeypatch, **config):
    monkeypatch.setenv("MYSTERY_INSTANCE_PATH", str(instance))
    return create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 't.db'}", **config}
    )


def _signed(app, value):
    return app.session_interface.get_signing_serializer(app).dumps(value)


def test_two_processes_on_one_instance_share_the_created_key(tmp_path, monkeypatch):
    first = _app(tmp_path, monkeypatch, SECRET_KEY="")
    second = _app(tmp_path, monkeypatch, SECRET_KEY="")
    key_file = tmp_path / "secret_key"
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 64
    assert key_file.read_text().strip() == first.config["SECRET_KEY"]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # A session cookie signed by one worker is read by the other.
    cookie = _signed(first, {"user": 7})
    assert second.session_interface.get_signing_serializer(second).loads(cookie) == {"user": 7}


def test_another_instance_gets_another_key(tmp_path, monkeypatch):
    one = _app(tmp_path / "one", monkeypatch, SECRET_KEY="")
    other = _app(tmp_path / "other", monkeypatch, SECRET_KEY="")
    assert one.config["SECRET_KEY"] != other.config["SECRET_KEY"]


def test_a_set_secret_key_wins_and_writes_nothing(tmp_path, monkeypatch):
    app = _app(tmp_path, monkeypatch, SECRET_KEY="from-the-environment")
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()
