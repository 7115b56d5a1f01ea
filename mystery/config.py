"""Settings, read from environment variables with embedded defaults."""

import os
import secrets


def _env_float(name, default):
    """Read a float setting from the environment."""
    return float(os.environ.get(name, default))


def _env_int(name, default):
    """Read an integer setting from the environment."""
    return int(os.environ.get(name, default))


class Config:
    """Production-style settings; every value can be overridden by the environment."""

    # Empty means: a SQLite file inside the app's instance folder (resolved in the factory).
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = _env_int("SQLITE_BUSY_TIMEOUT_MS", 30000)
    SECRET_KEY = os.environ.get("SECRET_KEY") or secrets.token_hex(32)
    MEDIA_ROOT = os.environ.get("MEDIA_ROOT", "")
    MAX_UPLOAD_BYTES = _env_int("MAX_UPLOAD_BYTES", 15 * 1024 * 1024)
    REDIS_URL = os.environ.get("REDIS_URL", "")
    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
    S3_BUCKET = os.environ.get("S3_BUCKET", "")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")
    # A report rendered inside a request: its HTML at most this big (larger ones go to a
    # report job), and the request waits at most this many seconds for a worker's PDF.
    REPORT_MAX_HTML_BYTES = _env_int("REPORT_MAX_HTML_BYTES", 3_000_000)
    REPORT_REQUEST_TIMEOUT = _env_float("REPORT_REQUEST_TIMEOUT", 25)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Relaxed in the factory when debug is on; `make demo` turns it off for plain http.
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") not in ("0", "false")
    REMEMBER_COOKIE_HTTPONLY = True

    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 5 minutes")
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "20 per 5 minutes")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_KEY_PREFIX = "mystery"

    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = ("en", "da", "sv")

    # Integrity flag thresholds (DESIGN §7).
    FLAG_FAR_FROM_STORE_M = _env_float("FLAG_FAR_FROM_STORE_M", 300)
    FLAG_LOW_GPS_ACCURACY_M = _env_float("FLAG_LOW_GPS_ACCURACY_M", 100)
    FLAG_TOO_SHORT_MINUTES = _env_float("FLAG_TOO_SHORT_MINUTES", 5)
    FLAG_PHOTO_TIME_HOURS = _env_float("FLAG_PHOTO_TIME_HOURS", 2)
    FLAG_DUPLICATE_PHOTO_DISTANCE = _env_int("FLAG_DUPLICATE_PHOTO_DISTANCE", 5)
    FLAG_COPIED_COMMENT_CHARS = _env_int("FLAG_COPIED_COMMENT_CHARS", 40)
    MAX_VISITS_PER_DAY = _env_int("MAX_VISITS_PER_DAY", 2)
    AUTO_ASSIGN_MAX_PER_SHOPPER = _env_int("AUTO_ASSIGN_MAX_PER_SHOPPER", 5)
    # Days after approval that photos, comments and check-ins are kept; 0 keeps them (§17).
    RETENTION_DAYS = _env_int("RETENTION_DAYS", 0)
    # How long after approval a client user may appeal an answer (DESIGN §15).
    APPEAL_DAYS = _env_int("APPEAL_DAYS", 14)

    API_TITLE = "Mystery"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    API_SPEC_OPTIONS = {
        "info": {"description": "Mystery-shopping programmes: the public API (v1)."},
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": "session"},
            }
        },
    }


class TestConfig(Config):
    """Settings for the test suite: fixed secret, fast hashing, memory rate limits."""

    TESTING = True
    SECRET_KEY = "test-secret"
    # Real Redis when the environment has one (CI), so throttling is tested against it.
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_KEY_PREFIX = "mystery-test"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
