"""Login throttling keeps its counters in Redis when REDIS_URL is set."""

import os

import redis

from tests.conftest import need


def test_failed_logins_are_counted_in_redis(app, anon, create_user):
    url = os.environ.get("REDIS_URL")
    need(url, "REDIS_URL is not set: Redis rate-limit storage not tested")
    assert app.config["RATELIMIT_STORAGE_URI"] == url
    user = create_user("shopper")
    server = redis.Redis.from_url(url)
    before = set(server.scan_iter("*mystery-test*"))
    assert anon.login(user.email, "wrong").status_code == 401
    after = set(server.scan_iter("*mystery-test*"))
    assert after - before, "a failed login should create a counter in Redis"
    statuses = [anon.login(user.email, "wrong").status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
