"""PUT /submissions (60 answers) against the bare endpoint of the same gunicorn, driven by wrk.

Usage: .venv/bin/python bench/wrk.py [--seconds 10] [--runs 3] [--workers 4]

bench/api.py's Python load generator costs more CPU per request than gunicorn's bare
endpoint, so it caps the "bare" figure; wrk (Debian package) does not. A Lua script gives
every PUT a fresh visit and UUID. Beside requests/s and p95 it reports the server's CPU per
request, read from /proc for gunicorn's processes (and, on PostgreSQL, the backends serving
them). Targets (issue #16): PUT ≥ 0.25 × bare requests/s, p95 ≤ 4 × bare p95, at 50
concurrent on PostgreSQL; SQLite at 20 with zero "database is locked". Each run measures bare
then PUT; the median and the spread over --runs are printed.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Server, answers_for, postgres_url, seed_programme

LUA = """
-- `first` is set per thread by setup(): a global, so no local may shadow it.
local counter = 0
local threads = {}
function setup(thread)
  thread:set("first", %(first)d + #threads * %(per_thread)d)
  table.insert(threads, thread)
end
function init(args)
  counter = 0
end
function request()
  local visit = first + counter
  counter = counter + 1
  local body = %(head)s .. visit .. %(tail)s
  local path = string.format("/api/v1/submissions/00000000-0000-4000-8000-%%012d", visit)
  return wrk.format("PUT", path, {["Authorization"] = "Bearer %(token)s",
    ["Content-Type"] = "application/json"}, body)
end
function done(summary, latency, requests)
  io.write(string.format("P95_US %%d\\n", latency:percentile(95)))
end
"""

BARE_LUA = """
function done(summary, latency, requests)
  io.write(string.format("P95_US %d\\n", latency:percentile(95)))
end
"""


def lua_string(text):
    """Quote text as a Lua long string."""
    return "[==[" + text + "]==]"


def cpu_ticks(pids):
    """Sum user+system clock ticks of the processes (gone ones count 0)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def server_pids(server):
    """Return gunicorn's master and worker process ids."""
    children = subprocess.run(
        ["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True
    ).stdout.split()
    return [server.process.pid, *map(int, children)]


def backend_pids(database_url):
    """Return the PostgreSQL backends connected to the benchmark database."""
    if not database_url.startswith("postgresql"):
        return []
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    url = database_url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
    return [pid for (pid,) in rows]


def wrk(url, path, script, concurrency, seconds):
    """Run wrk; return (requests/s, p95 ms, non-2xx count, requests)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{concurrency}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            handle.name,
            url + path,
        ],
        capture_output=True,
        text=True,
    ).stdout
    os.unlink(handle.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p95 = int(re.search(r"P95_US (\d+)", out).group(1)) / 1000
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Socket errors: (.*)", out)
    return rps, p95, int(bad.group(1)) if bad else 0, requests, errors.group(1) if errors else ""


def measured(server, database_url, *args):
    """Run wrk and return its figures plus server CPU ms per request (gunicorn, database)."""
    pids, backends = server_pids(server), backend_pids(database_url)
    before, before_db = cpu_ticks(pids), cpu_ticks(backends)
    rps, p95, bad, requests, errors = wrk(server.url, *args)
    backends = set(backends) | set(backend_pids(database_url))
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    cpu = (cpu_ticks(pids) - before) * tick_ms / max(requests, 1)
    cpu_db = (cpu_ticks(backends) - before_db) * tick_ms / max(requests, 1)
    return {
        "rps": rps,
        "p95": p95,
        "bad": bad,
        "n": requests,
        "cpu": cpu,
        "db": cpu_db,
        "socket": errors,
    }


def run_backend(name, database_url, instance, seconds, concurrency, runs, workers):
    """Benchmark one database; return the list of (rps ratio, p95 ratio) per run."""
    per_run = 150 * seconds + 500
    token, visit_ids, definition = seed_programme(database_url, per_run * runs, instance)
    body = json.dumps(
        {
            "visit_id": 0,
            "answers": answers_for(definition),
            "started_at": "2026-11-22T10:00:00+00:00",
            "finished_at": "2026-11-22T10:20:00+00:00",
            "checkin": {"latitude": 55.0, "longitude": 12.0, "accuracy_m": 10},
        }
    )
    head, tail = body.split('"visit_id": 0', 1)
    server = Server(database_url, instance, workers=workers)
    results = []
    try:
        for run in range(runs):
            first = visit_ids[run * per_run]
            script = LUA % {
                "first": first,
                "per_thread": per_run // 2,
                "head": lua_string(head + '"visit_id": '),
                "tail": lua_string(tail),
                "token": token,
            }
            bare = measured(server, database_url, "/api/v1/health", BARE_LUA, concurrency, seconds)
            put = measured(
                server, database_url, "/api/v1/submissions", script, concurrency, seconds
            )
            locked = server.log_text().count("database is locked")
            ratio, p95 = put["rps"] / bare["rps"], put["p95"] / bare["p95"]
            results.append((ratio, p95, put["cpu"] / max(bare["cpu"], 1e-9)))
            print(
                f"{name:<8} c={concurrency} run {run + 1}: bare {bare['rps']:6.0f} req/s p95 "
                f"{bare['p95']:6.1f} ms cpu {bare['cpu']:5.2f} ms/req | PUT {put['rps']:5.0f} "
                f"req/s p95 {put['p95']:7.1f} ms cpu {put['cpu']:5.1f} ms/req"
                + (f" (+{put['db']:.1f} ms in PostgreSQL)" if put["db"] else "")
                + f" non-2xx {put['bad']} locked {locked}"
                + (f" socket {put['socket']}" if put["socket"] else "")
                + f" | rps {ratio:.2f}× p95 {p95:.1f}× cpu/req {results[-1][2]:.0f}×"
            )
    finally:
        server.stop()
    ratios, p95s = [r[0] for r in results], [r[1] for r in results]
    print(
        f"{name:<8} median rps ratio {statistics.median(ratios):.2f} (spread {min(ratios):.2f}–"
        f"{max(ratios):.2f}; target ≥ 0.25), p95 ratio {statistics.median(p95s):.1f} (spread "
        f"{min(p95s):.1f}–{max(p95s):.1f}; target ≤ 4)"
    )
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    print(f"Machine: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if args.only != "postgres":
        with tempfile.TemporaryDirectory() as instance:
            url = f"sqlite:///{instance}/bench.db"
            run_backend("sqlite", url, instance, args.seconds, 20, args.runs, args.workers)
    if args.only != "sqlite":
        pg = postgres_url()
        if pg:
            with tempfile.TemporaryDirectory() as instance:
                run_backend("postgres", pg, instance, args.seconds, 50, args.runs, args.workers)


if __name__ == "__main__":
    main()
