"""The live server the browser tests talk to, and the browser's requests in flight."""

import threading
import time

from werkzeug.serving import WSGIRequestHandler, make_server


class QuietHandler(WSGIRequestHandler):
    """Keep werkzeug's per-request log lines out of the test output."""

    def log_request(self, *args, **kwargs):
        pass


class LiveServer:
    """The test app served over HTTP from a thread, remembering every request it answered."""

    def __init__(self, app):
        self.app = app
        self.requests = []
        self.busy = 0  # requests arrived and not yet answered
        self._lock = threading.Lock()
        self.server = make_server(
            "127.0.0.1", 0, self._wsgi, threaded=True, request_handler=QuietHandler
        )
        # localhost is a secure context, so the service worker may register.
        self.url = f"http://localhost:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _wsgi(self, environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        with self._lock:
            self.busy += 1

        def recording_start_response(status, headers, exc_info=None):
            with self._lock:
                self.requests.append((method, path, int(status.split()[0])))
            return start_response(status, headers, exc_info)

        # Flask answers (start_response) inside the call, so a request is recorded before
        # it stops counting as busy.
        try:
            return self.app(environ, recording_start_response)
        finally:
            with self._lock:
                self.busy -= 1

    def wait_idle(self, timeout=15):
        """Wait until every request that has arrived has been answered."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if self.busy == 0:
                    return
            assert time.monotonic() < deadline, f"{self.busy} requests still being answered"
            time.sleep(0.02)

    def seen(self, method=None, prefix=""):
        """The (method, path, status) of requests answered so far, filtered."""
        with self._lock:
            return [
                r
                for r in self.requests
                if (method is None or r[0] == method) and r[1].startswith(prefix)
            ]

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=10)


class Traffic:
    """The context's requests still in flight, so a test can let started work finish."""

    def __init__(self, ctx):
        self.pending = set()
        ctx.on("request", lambda request: self.pending.add(request))
        ctx.on("requestfinished", lambda request: self.pending.discard(request))
        ctx.on("requestfailed", lambda request: self.pending.discard(request))

    def wait_idle(self, page, timeout=15):
        """Wait until every request started so far has been answered or has failed."""
        deadline = time.monotonic() + timeout
        while self.pending:
            assert time.monotonic() < deadline, sorted(r.url for r in self.pending)
            page.wait_for_timeout(50)  # lets Playwright deliver the finishing events
