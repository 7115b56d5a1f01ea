"""PWA benchmark (DESIGN §11): shell bytes, checklist render time, queueing a visit with photos.

Usage: .venv/bin/python bench/pwa.py [--runs 15]
Drives Debian's Chromium ($CHROMIUM_PATH, default /usr/bin/chromium) through Playwright against
the app served from a thread, on a throwaway SQLite database seeded with a shopper and an
accepted visit whose checklist has 60 questions (bench/common.py) plus one photo question.
Prints each figure with its target and ratio:
  - bytes of the shell transferred on first load, uncompressed (every non-API response body the
    server sent until the service worker had cached the shell)   target ≤ 200 KB
  - time to render the 60-question checklist (build, insert, lay out; median of runs, measured
    in the page with performance.now() around window.__mysteryRenderChecklist)   target ≤ 100 ms
  - time to queue a submission with 6 photos (tap on "Submit visit" to outbox written, from the
    app's performance measure "mystery:queue-submission")   target ≤ 1000 ms (ours: §11 has none)
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading

from PIL import Image
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import seed_programme, sixty_question_checklist

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SHELL_TARGET_BYTES = 200 * 1024
RENDER_TARGET_MS = 100
QUEUE_TARGET_MS = 1000
PHOTOS = 6
ANSWERS = {"yes_no": "Yes", "scale": "4", "choice": "B", "smiley": "Happy"}


class Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


class CountingApp:
    """WSGI middleware adding up the body bytes of every non-API response."""

    def __init__(self, app):
        self.app = app
        self.bytes = 0
        self.responses = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        counted = not environ.get("PATH_INFO", "").startswith("/api/")
        for chunk in self.app(environ, start_response):
            if counted:
                with self.lock:
                    self.bytes += len(chunk)
            yield chunk
        if counted:
            with self.lock:
                self.responses += 1

    def reset(self):
        with self.lock:
            self.bytes = self.responses = 0


def add_photo_question(app):
    """Give the bench checklist a 61st question: a photo of the shelf (for the 6 photos)."""
    from mystery.checklists.models import Checklist
    from mystery.extensions import db

    with app.app_context():
        checklist = db.session.scalars(db.select(Checklist)).one()
        definition = sixty_question_checklist()
        definition["sections"].append(
            {
                "key": "photos",
                "title": "Photos",
                "weight": 1,
                "questions": [{"key": "shelf", "text": "Photos of the shelf", "type": "photo"}],
            }
        )
        checklist.definition = definition
        db.session.commit()


def phone_photos(folder):
    """Six 4000×3000 JPEGs, the size a phone camera takes."""
    paths = []
    for n in range(PHOTOS):
        image = Image.new("RGB", (4000, 3000), (30 * n, 90, 160))
        for x in range(0, 4000, 250):
            image.paste(((x // 16) % 255, 40 * n % 255, 120), (x, 0, x + 120, 3000))
        path = os.path.join(folder, f"photo-{n}.jpg")
        image.save(path, "JPEG", quality=88)
        paths.append(path)
    return paths


def measure(url, counter, runs, photo_paths, definition):
    """Run the three measurements in one browser; return a dict of figures."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            base_url=url, viewport={"width": 360, "height": 780}, locale="en-GB"
        )
        page = context.new_page()
        counter.reset()
        page.goto("/")
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        page.wait_for_load_state("load")
        page_bytes, page_responses = counter.bytes, counter.responses
        page.wait_for_function(
            "navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller !== null)"
        )
        page.wait_for_function(
            "caches.keys().then(names => names.length === 1)"
        )  # install finished: every shell file is cached
        shell = {
            "page": page_bytes,
            "page_responses": page_responses,
            "total": counter.bytes,
            "responses": counter.responses,
        }

        page.get_by_label("Email").fill("bench@example.com")
        page.get_by_label("Password").fill("bench-password")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("link", name="Bench store").first.click()
        expect(page.get_by_role("button", name="Submit visit")).to_be_visible()
        in_view = page.evaluate(
            "performance.getEntriesByName('mystery:render-checklist').at(-1).duration"
        )
        timings = [
            page.evaluate("(d) => window.__mysteryRenderChecklist(d)", definition)
            for _ in range(runs)
        ]

        for section in definition["sections"]:
            for q in section["questions"]:
                group = page.get_by_role("group", name=q["text"], exact=True)
                if q["type"] == "wait_time":
                    group.get_by_label("Seconds").fill("90")
                else:
                    group.get_by_label(ANSWERS[q["type"]], exact=True).check()
        shelf = page.get_by_role("group", name="Photos of the shelf", exact=True)
        shelf.get_by_label("Add photo").set_input_files(photo_paths)
        expect(shelf.get_by_role("img")).to_have_count(PHOTOS, timeout=60000)
        photo_ms = page.evaluate(
            "performance.getEntriesByName('mystery:photo').map((e) => e.duration)"
        )
        page.get_by_role("button", name="Submit visit").click()
        expect(page.get_by_role("heading", name="Outbox", level=1)).to_be_visible()
        queue_ms = page.evaluate(
            "performance.getEntriesByName('mystery:queue-submission').at(-1).duration"
        )
        expect(page.locator("li.outbox-item").first).to_have_attribute(
            "data-state", "sent", timeout=60000
        )
        browser.close()
    return {
        "shell": shell,
        "render_first": timings[0],
        "render_median": statistics.median(timings),
        "render_in_view": in_view,
        "photo_median": statistics.median(photo_ms),
        "queue": queue_ms,
    }


def report(figures, runs):
    """Print each figure against its target; return whether all were met."""
    shell = figures["shell"]
    checks = [
        (
            "shell, first load (incl. service-worker precache)",
            shell["total"] / 1024,
            SHELL_TARGET_BYTES / 1024,
            "KB",
            f"{shell['responses']} responses; the page alone {shell['page'] / 1024:.1f} KB "
            f"in {shell['page_responses']}",
        ),
        (
            f"render 60-question checklist (median of {runs})",
            figures["render_median"],
            RENDER_TARGET_MS,
            "ms",
            f"first {figures['render_first']:.1f} ms; DOM build in the visit view "
            f"{figures['render_in_view']:.1f} ms",
        ),
        (
            f"queue a submission with {PHOTOS} photos",
            figures["queue"],
            QUEUE_TARGET_MS,
            "ms",
            f"each photo downscaled 4000×3000 → 1600×1200 in {figures['photo_median']:.0f} ms "
            "(median, before the tap)",
        ),
    ]
    ok = True
    for name, value, target, unit, detail in checks:
        met = value <= target
        ok &= met
        print(
            f"{name:<52} {value:8.1f} {unit} (target ≤ {target:g} {unit}) "
            f"ratio {value / target:.2f} {'OK' if met else 'MISSED'}  [{detail}]"
        )
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="checklist renders to time")
    args = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        print(f"Chromium not found at {CHROMIUM} (set CHROMIUM_PATH)")
        return 2
    with tempfile.TemporaryDirectory() as instance:
        database_url = f"sqlite:///{instance}/bench.db"
        seed_programme(database_url, 1, instance)
        from mystery import create_app

        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": database_url,
                "SECRET_KEY": "bench",
                "SESSION_COOKIE_SECURE": False,
                "RATELIMIT_STORAGE_URI": "memory://",
                "MEDIA_ROOT": os.path.join(instance, "media"),
            }
        )
        add_photo_question(app)
        counter = CountingApp(app)
        server = make_server("127.0.0.1", 0, counter, threaded=True, request_handler=Quiet)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            figures = measure(
                f"http://localhost:{server.server_port}",
                counter,
                args.runs,
                phone_photos(instance),
                sixty_question_checklist(),
            )
        finally:
            server.shutdown()
    ok = report(figures, args.runs)
    print("all targets met" if ok else "some targets MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
