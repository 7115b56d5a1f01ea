"""Load benchmark: PUT /submissions (60 answers) vs a bare JSON endpoint of the same gunicorn.

Usage: .venv/bin/python bench/api.py [--seconds 10]
Prints requests/s, p50/p95, errors and "database is locked" counts, and the ratios that
DESIGN §11 sets targets for: PUT rps ≥ 0.1 × bare rps, PUT p95 ≤ 10 × bare p95, zero errors,
zero "database is locked" on SQLite at 20 concurrent.
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import uuid

import httpx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Server, answers_for, postgres_url, seed_programme


async def _drive(url, concurrency, seconds, make_request):
    """Run `concurrency` loops for `seconds`; return latencies and error count."""
    latencies, errors, kinds = [], 0, {}
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:

        async def loop(worker):
            nonlocal errors
            n = 0
            while time.perf_counter() < deadline:
                method, path, kwargs = make_request(worker, n)
                n += 1
                started = time.perf_counter()
                try:
                    response = await client.request(method, path, **kwargs)
                    ok = response.status_code < 400
                    kind = str(response.status_code)
                except httpx.HTTPError as error:
                    ok, kind = False, type(error).__name__
                if not ok:
                    kinds[kind] = kinds.get(kind, 0) + 1
                latencies.append(time.perf_counter() - started)
                errors += not ok

        begun = time.perf_counter()
        await asyncio.gather(*(loop(w) for w in range(concurrency)))
        elapsed = time.perf_counter() - begun
    return latencies, errors, elapsed, kinds


def _load_process(kind, url, concurrency, seconds, token, visit_ids, definition, queue):
    """Generate load from a separate process so the client doesn't share the server's GIL."""
    answers = answers_for(definition)
    headers = {"Authorization": f"Bearer {token}"}
    per_worker = len(visit_ids) // concurrency

    def bare(_worker, _n):
        return "GET", "/api/v1/health", {}

    # The body is encoded once; each request only splices its visit id in, so the load
    # generator spends its CPU on sending, not on JSON (it shares the 2 cores with gunicorn).
    template = json.dumps(
        {
            "visit_id": 0,
            "answers": answers,
            "started_at": "2026-11-22T10:00:00+00:00",
            "finished_at": "2026-11-22T10:20:00+00:00",
            "checkin": {"latitude": 55.0, "longitude": 12.0, "accuracy_m": 10},
        }
    ).encode()
    head, tail = template.split(b'"visit_id": 0', 1)
    put_headers = {**headers, "Content-Type": "application/json"}

    def put(worker, n):
        visit_id = visit_ids[worker * per_worker + n]
        body = head + b'"visit_id": ' + str(visit_id).encode() + tail
        return (
            "PUT",
            f"/api/v1/submissions/{uuid.uuid4()}",
            {"content": body, "headers": put_headers},
        )

    make = bare if kind == "bare" else put
    queue.put(asyncio.run(_drive(url, concurrency, seconds, make)))


def measure(kind, server, concurrency, seconds, token, visit_ids, definition):
    """Return rps, p50, p95 (ms) and errors for one load run."""
    queue = multiprocessing.get_context("spawn").Queue()
    process = multiprocessing.get_context("spawn").Process(
        target=_load_process,
        args=(kind, server.url, concurrency, seconds, token, visit_ids, definition, queue),
    )
    process.start()
    latencies, errors, elapsed, kinds = queue.get()
    process.join()
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "errors": errors,
        "kinds": kinds,
        "n": len(latencies),
    }


def run_backend(name, database_url, instance, seconds, concurrencies):
    """Benchmark one database backend; return whether every target was met."""
    per_run = 400 * seconds + 500  # more fresh visits than any run can submit
    token, visit_ids, definition = seed_programme(
        database_url, per_run * len(concurrencies), instance
    )
    server = Server(database_url, instance)
    ok = True
    try:
        for run, concurrency in enumerate(concurrencies):
            # Every run gets its own untouched visits: a used one would answer 409.
            fresh = visit_ids[run * per_run : (run + 1) * per_run]
            bare = measure("bare", server, concurrency, seconds, token, fresh, definition)
            put = measure("put", server, concurrency, seconds, token, fresh, definition)
            locked = server.log_text().count("database is locked")
            rps_ratio = put["rps"] / bare["rps"]
            p95_ratio = put["p95"] / bare["p95"]
            met = rps_ratio >= 0.1 and p95_ratio <= 10 and put["errors"] == 0 and locked == 0
            ok &= met
            print(
                f"{name:<9} c={concurrency:<3} bare {bare['rps']:7.0f} req/s "
                f"p50 {bare['p50']:6.1f} ms p95 {bare['p95']:6.1f} ms | PUT {put['rps']:6.0f} "
                f"req/s p50 {put['p50']:6.1f} ms p95 {put['p95']:7.1f} ms errors "
                f"{put['errors']} locked {locked} | rps ratio {rps_ratio:.2f} (≥ 0.10) "
                f"p95 ratio {p95_ratio:.1f} (≤ 10) {'OK' if met else 'MISSED'}"
                + (f" error kinds {put['kinds']}" if put["kinds"] else "")
            )
    finally:
        server.stop()
    return ok


def main():
    """Run the benchmark on SQLite and PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as instance:
        sqlite_url = f"sqlite:///{instance}/bench.db"
        results.append(run_backend("sqlite", sqlite_url, instance, args.seconds, (20, 50)))
    pg = postgres_url()
    if pg:
        with tempfile.TemporaryDirectory() as instance:
            results.append(run_backend("postgres", pg, instance, args.seconds, (20, 50)))
    print("all targets met" if all(results) else "some targets MISSED")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
