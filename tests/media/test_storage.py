"""Storage back ends: a local folder written atomically, and S3 through boto3 (stubbed)."""

import io
import os

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from mystery.media.storage import LocalStorage, S3Storage, get_storage, media_key

KEY = "ab/cd/abcdef00-0000-4000-8000-000000000000/original.jpg"


def test_keys_spread_over_two_levels():
    uuid = "ABCDEF00-0000-4000-8000-000000000000"
    assert media_key(uuid, "original", "jpg") == KEY
    assert media_key(uuid, "thumb", "jpg", "0123abcd").endswith("/0123abcd/thumb.jpg")


def test_local_storage_round_trip(tmp_path):
    storage = LocalStorage(tmp_path / "media")
    assert not storage.exists(KEY)
    storage.save(KEY, b"first")
    storage.save(KEY, b"second")
    assert storage.exists(KEY)
    assert storage.open(KEY) == b"second"
    assert (tmp_path / "media" / KEY).read_bytes() == b"second"
    storage.delete(KEY)
    storage.delete(KEY)  # a missing key is fine
    assert not storage.exists(KEY)
    with pytest.raises(FileNotFoundError):
        storage.open(KEY)


@pytest.mark.parametrize("key", ["../secret", "/etc/passwd", "a//b", "a/../b", "", ".hidden/x"])
def test_local_storage_refuses_keys_that_escape(tmp_path, key):
    storage = LocalStorage(tmp_path)
    with pytest.raises(ValueError, match="Invalid storage key"):
        storage.save(key, b"x")


def test_a_failed_write_leaves_neither_half_a_file_nor_a_temporary(tmp_path, monkeypatch):
    storage = LocalStorage(tmp_path)
    storage.save(KEY, b"old")

    def crash(src, dst):
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk gone"):
        storage.save(KEY, b"new and longer")
    monkeypatch.undo()
    assert storage.open(KEY) == b"old"
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["original.jpg"]


@pytest.fixture
def s3():
    client = boto3.session.Session().client(
        "s3", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    with Stubber(client) as stubber:
        yield S3Storage("photos", client=client), stubber
        stubber.assert_no_pending_responses()


def test_s3_storage_round_trip(s3):
    storage, stubber = s3
    where = {"Bucket": "photos", "Key": KEY}
    stubber.add_response("put_object", {}, {**where, "Body": b"jpeg"})
    stubber.add_response("head_object", {}, where)
    body = StreamingBody(io.BytesIO(b"jpeg"), 4)
    stubber.add_response("get_object", {"Body": body}, where)
    stubber.add_response("delete_object", {}, where)
    stubber.add_client_error("head_object", "404", http_status_code=404, expected_params=where)
    stubber.add_client_error("get_object", "NoSuchKey", http_status_code=404, expected_params=where)
    storage.save(KEY, b"jpeg")
    assert storage.exists(KEY)
    assert storage.open(KEY) == b"jpeg"
    storage.delete(KEY)
    assert not storage.exists(KEY)
    with pytest.raises(FileNotFoundError):
        storage.open(KEY)


def test_get_storage_follows_the_settings(tmp_path, app):
    assert isinstance(get_storage({"MEDIA_ROOT": str(tmp_path)}), LocalStorage)
    s3 = get_storage({"S3_BUCKET": "photos", "S3_ENDPOINT_URL": "http://127.0.0.1:9000"})
    assert isinstance(s3, S3Storage) and s3.bucket == "photos"
    assert s3.client.meta.endpoint_url == "http://127.0.0.1:9000"
    local = get_storage(app)
    assert isinstance(local, LocalStorage) and get_storage(app) is local
    assert str(local.root) == os.path.realpath(app.config["MEDIA_ROOT"])
