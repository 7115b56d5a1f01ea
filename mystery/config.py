"""Settings, read from environment variables with embedded defaults."""

import os


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
    # Empty means: a key created once in the instance folder (resolved in the factory).
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    MEDIA_ROOT = os.environ.get("MEDIA_ROOT", "")
    MAX_UPLOAD_BYTES = _env_int("MAX_UPLOAD_BYTES", 15 * 1024 * 1024)
    # Pixels an uploaded photo may have, checked from its header before it is decoded (a
    # small file can claim 9,400 × 9,400 and cost gigabytes); a client's logo far fewer, as
    # every report draws it.
    MAX_IMAGE_PIXELS = _env_int("MAX_IMAGE_PIXELS", 40_000_000)
    MAX_LOGO_PIXELS = _env_int("MAX_LOGO_PIXELS", 2_000_000)
    # A JSON body: its size and how deeply it may nest (a checklist needs about 7 levels).
    MAX_JSON_BYTES = _env_int("MAX_JSON_BYTES", 4 * 1024 * 1024)
    MAX_JSON_DEPTH = _env_int("MAX_JSON_DEPTH", 32)
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
    # Strict-Transport-Security max-age on every answer; 0 leaves it to the proxy.
    HSTS_SECONDS = _env_int("HSTS_SECONDS", 365 * 24 * 3600)

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
    FLAG_COPIED_TEXT_SIMILARITY = _env_float("FLAG_COPIED_TEXT_SIMILARITY", 0.8)
    FLAG_CLOCK_SKEW_MINUTES = _env_float("FLAG_CLOCK_SKEW_MINUTES", 10)
    MAX_VISITS_PER_DAY = _env_int("MAX_VISITS_PER_DAY", 2)
    AUTO_ASSIGN_MAX_PER_SHOPPER = _env_int("AUTO_ASSIGN_MAX_PER_SHOPPER", 5)
    # Days after approval that photos, comments and check-ins are kept; 0 keeps them (§17).
    RETENTION_DAYS = _env_int("RETENTION_DAYS", 0)
    # How long after approval a client user may appeal an answer (DESIGN §15).
    APPEAL_DAYS = _env_int("APPEAL_DAYS", 14)
    # Who pays the shoppers: the debtor of payout credit-transfer files (DESIGN §13).
    PAYOUT_DEBTOR_NAME = os.environ.get("PAYOUT_DEBTOR_NAME", "Mystery Shopping ApS")
    PAYOUT_DEBTOR_IBAN = os.environ.get("PAYOUT_DEBTOR_IBAN", "DK5000400440116243")
    PAYOUT_DEBTOR_BIC = os.environ.get("PAYOUT_DEBTOR_BIC", "")

    # Notifications (DESIGN §14). Without SMTP_HOST nothing is mailed: in-app only.
    SMTP_HOST = os.environ.get("SMTP_HOST", "")
    SMTP_PORT = _env_int("SMTP_PORT", 25)
    SMTP_USER = os.environ.get("SMTP_USER", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "0")
    SMTP_TIMEOUT = _env_float("SMTP_TIMEOUT", 10)
    MAIL_FROM = os.environ.get("MAIL_FROM", "Mystery <noreply@localhost>")
    MAIL_MAX_ATTEMPTS = _env_int("MAIL_MAX_ATTEMPTS", 12)
    # Where links in mail point; empty: the address the request that caused it came to.
    APP_URL = os.environ.get("APP_URL", "")
    PASSWORD_RESET_HOURS = _env_float("PASSWORD_RESET_HOURS", 1)
    # Retries of mail and webhooks: 30 s, 60 s, 2 min… at most an hour apart.
    OUTBOX_RETRY_BASE_SECONDS = _env_float("OUTBOX_RETRY_BASE_SECONDS", 30)
    OUTBOX_RETRY_MAX_SECONDS = _env_float("OUTBOX_RETRY_MAX_SECONDS", 3600)
    # "auto": a worker delivers after the commit; "manual": only deliver_due() does (tests).
    NOTIFY_DELIVERY = os.environ.get("NOTIFY_DELIVERY", "auto")
    WEBHOOK_ALLOW_PRIVATE = os.environ.get("WEBHOOK_ALLOW_PRIVATE", "0")
    WEBHOOK_RETRY_HOURS = _env_float("WEBHOOK_RETRY_HOURS", 24)
    WEBHOOK_TIMEOUT = _env_float("WEBHOOK_TIMEOUT", 10)

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
    # Test bodies are dated "today at 10:00 UTC" (at most 20:30), later than now for part of
    # the day; that much is tolerated so they stay clean. A day's skew is still flagged, and
    # the clock_skew tests set the real limit.
    FLAG_CLOCK_SKEW_MINUTES = 22 * 60
    # A loaded 2-core machine can take longer than production's 25 s for a first PDF (the
    # pool's workers start, import WeasyPrint, load fonts); the timeout test sets its own.
    REPORT_REQUEST_TIMEOUT = 300
