"""Where media files live: a local folder by default, S3-compatible storage at scale."""

import os
import re
import shutil
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path

# Keys are relative, slash-separated, and never climb out of the storage root.
_KEY = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")


def check_key(key):
    """Refuse keys that are absolute, empty or contain "..", so no path escapes the root."""
    if not isinstance(key, str) or not _KEY.fullmatch(key) or ".." in key.split("/"):
        raise ValueError(f"Invalid storage key: {key!r}")
    return key


def media_key(media_uuid, variant, extension, tag=""):
    """Build a key like ab/cd/<uuid>/<tag>/original.jpg, spread over two directory levels.

    `tag` (a digest prefix of the upload) keeps two racing uploads of one UUID with
    different bytes from overwriting each other's files.
    """
    uuid = str(media_uuid).lower()
    parts = [uuid[0:2], uuid[2:4], uuid]
    if tag:
        parts.append(tag)
    parts.append(f"{variant}.{extension}")
    return check_key("/".join(parts))


class Storage(ABC):
    """Bytes by key: save, open, exists, delete."""

    @abstractmethod
    def save(self, key: str, data: bytes) -> None:
        """Store the bytes under the key, replacing what was there, all or nothing."""

    @abstractmethod
    def open(self, key: str) -> bytes:
        """Return the bytes under the key; raise FileNotFoundError when there are none."""

    @abstractmethod
    def exists(self, key: str) -> bool:
        """Tell whether something is stored under the key."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the key; a missing key is not an error."""

    def save_file(self, key: str, source: str) -> None:
        """Store a file's contents under the key, moving the file (large results: ZIPs)."""
        try:
            self.save(key, Path(source).read_bytes())
        finally:
            Path(source).unlink(missing_ok=True)

    def stream(self, key: str, chunk: int = 1 << 20):
        """Yield the bytes under the key in chunks; raise FileNotFoundError when missing."""
        yield self.open(key)

    def size(self, key: str) -> int:
        """Return how many bytes are stored under the key."""
        return len(self.open(key))


class LocalStorage(Storage):
    """Files under a root folder (MEDIA_ROOT), which must not be a static folder."""

    def __init__(self, root):
        self.root = Path(root).resolve()

    def path(self, key):
        """Return the file path of a key."""
        return self.root.joinpath(*check_key(key).split("/"))

    def save(self, key, data):
        """Write to a temporary file beside the target, then rename it into place."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def open(self, key):
        """Read a file."""
        return self.path(key).read_bytes()

    def exists(self, key):
        """Tell whether the file exists."""
        return self.path(key).is_file()

    def delete(self, key):
        """Remove a file; its folders stay, so a racing upload never loses its directory."""
        self.path(key).unlink(missing_ok=True)

    def save_file(self, key, source):
        """Move the file into place (a copy in chunks when it lies on another file system)."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-", suffix=".tmp")
        os.close(handle)
        try:
            shutil.move(source, temporary)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def stream(self, key, chunk=1 << 20):
        """Read a file in chunks."""
        with self.path(key).open("rb") as handle:
            while data := handle.read(chunk):
                yield data

    def size(self, key):
        """Return a file's size."""
        return self.path(key).stat().st_size


class S3Storage(Storage):
    """Objects in an S3-compatible bucket (AWS, MinIO, …) through boto3."""

    def __init__(self, bucket, endpoint_url=None, client=None):
        self.bucket = bucket
        if client is None:
            import boto3

            # A session of our own: boto3's default session is not thread-safe.
            client = boto3.session.Session().client("s3", endpoint_url=endpoint_url or None)
        self.client = client

    @staticmethod
    def _missing(error):
        code = str(error.response.get("Error", {}).get("Code", ""))
        return code in ("404", "NoSuchKey", "NotFound")

    def save(self, key, data):
        """Put an object; S3 writes are atomic, a reader never sees half of it."""
        self.client.put_object(Bucket=self.bucket, Key=check_key(key), Body=data)

    def open(self, key):
        """Get an object's bytes."""
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as error:
            if self._missing(error):
                raise FileNotFoundError(key) from None
            raise
        return answer["Body"].read()

    def save_file(self, key, source):
        """Upload a file in parts (boto3's managed transfer), then remove it."""
        try:
            self.client.upload_file(source, self.bucket, check_key(key))
        finally:
            Path(source).unlink(missing_ok=True)

    def stream(self, key, chunk=1 << 20):
        """Stream an object's body in chunks."""
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as error:
            if self._missing(error):
                raise FileNotFoundError(key) from None
            raise
        yield from answer["Body"].iter_chunks(chunk)

    def size(self, key):
        """Ask for an object's length."""
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as error:
            if self._missing(error):
                raise FileNotFoundError(key) from None
            raise
        return head["ContentLength"]

    def exists(self, key):
        """Ask for an object's head."""
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=check_key(key))
        except ClientError as error:
            if self._missing(error):
                return False
            raise
        return True

    def delete(self, key):
        """Delete an object (S3 answers success for a missing key too)."""
        self.client.delete_object(Bucket=self.bucket, Key=check_key(key))


def _settings(app_or_config):
    config = getattr(app_or_config, "config", app_or_config)
    return (
        config.get("S3_BUCKET") or "",
        config.get("S3_ENDPOINT_URL") or "",
        config.get("MEDIA_ROOT") or "",
    )


def build_storage(app_or_config):
    """Build the storage the settings ask for: S3 when S3_BUCKET is set, else MEDIA_ROOT."""
    bucket, endpoint_url, root = _settings(app_or_config)
    if bucket:
        return S3Storage(bucket, endpoint_url or None)
    if not root:
        raise RuntimeError("Set MEDIA_ROOT (or S3_BUCKET) to store media.")
    return LocalStorage(root)


def get_storage(app_or_config):
    """Return the configured storage; an app keeps one per set of settings."""
    extensions = getattr(app_or_config, "extensions", None)
    if extensions is None:
        return build_storage(app_or_config)
    settings = _settings(app_or_config)
    cached = extensions.get("mystery.media.storage")
    if cached is None or cached[0] != settings:
        cached = (settings, build_storage(app_or_config))
        extensions["mystery.media.storage"] = cached
    return cached[1]
