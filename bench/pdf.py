"""PDF benchmark: the store report against a minimal page, and bulk rendering in a pool.

Usage: .venv/bin/python bench/pdf.py [--runs 10] [--repeat 3] [--bulk 24] [--reports 200]
       (--bulk 0 --reports 0 for the ratios only)

Prints, all in one run on one machine (DESIGN §11; install libharfbuzz-subset0 first):
  - F: the median of 30 minimal one-page WeasyPrint documents rendered in this process;
  - the store report (3 visits × 60 questions, 6 photos): median render time and ratio to F
    (target ≤ 40);
  - v2 (issue 16): the store report through the API, GET /stores/{id}/report.pdf, context
    and render, ≤ 20 × F; one visit's report through the API ≤ 8 × F; --repeat rounds, each
    interleaving F with both, and the spread of their ratios;
  - bulk: serial vs pool throughput over --bulk reports (target ≥ 1.7× on 2 cores);
  - worker memory: RSS of the pool's worker processes over --reports reports, per block
    (target: flat; workers retire after REPORT_MAX_TASKS_PER_CHILD reports).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdf_seed import PASSWORD, seed

TICKS = os.sysconf("SC_CLK_TCK")


def store_report_context(app, store_id, wave_id):
    """Build the store report's context (the plain dict every renderer gets)."""
    from mystery.extensions import db
    from mystery.reports.context import store_context
    from mystery.stores.models import Store
    from mystery.waves.models import Wave

    with app.app_context():
        store, wave = db.session.get(Store, store_id), db.session.get(Wave, wave_id)
        started = time.perf_counter()
        context = store_context(store, wave, "da")
        return context, time.perf_counter() - started


def api_client(app):
    """Log the coordinator in; return the test client."""
    http = app.test_client()
    response = http.post(
        "/api/v1/auth/login", json={"email": "coordinator@bench.example", "password": PASSWORD}
    )
    assert response.status_code == 200, response.json
    return http


def first_visit(app, wave_id):
    """Return the id of the wave's first approved visit."""
    import sqlalchemy as sa

    from mystery.extensions import db
    from mystery.visits.models import Visit

    with app.app_context():
        return db.session.scalar(
            sa.select(Visit.id).where(Visit.wave_id == wave_id).order_by(Visit.id).limit(1)
        )


def getter(http, url):
    """Return a function that GETs a PDF and checks it is one."""

    def get():
        response = http.get(url)
        assert response.status_code == 200 and response.data.startswith(b"%PDF"), response.status
        return response.data

    return get


def api_ratios(app, store_id, wave_id, runs, repeat):
    """Time F, the store report and a visit report through the API, interleaved, `repeat`
    rounds; print each round's ratios (CPU: this process's and the report workers') and
    their spread."""
    http = api_client(app)
    store = getter(http, f"/api/v1/stores/{store_id}/report.pdf?wave_id={wave_id}&lang=da")
    visit = getter(http, f"/api/v1/visits/{first_visit(app, wave_id)}/report.pdf?lang=da")
    store(), visit()  # warm: imports, templates, statements
    pages = {}
    for name, get in (("store", store), ("visit", visit)):
        run = subprocess.run(["pdfinfo", "-"], input=get(), capture_output=True, check=False)
        lines = run.stdout.decode().splitlines()
        pages[name] = next((ln.split()[-1] for ln in lines if ln.startswith("Pages")), "?")
    ratios = {"store": [], "visit": []}
    for round_ in range(1, repeat + 1):
        f, s, v = [], [], []
        for index in range(max(30, runs)):
            f.append(timed(minimal_pdf))
            if index < runs:
                s.append(timed_api(store))
                v.append(timed_api(visit))
        f_cpu = statistics.median(x[0] for x in f)
        s_cpu = statistics.median(x[0] for x in s)
        v_cpu = statistics.median(x[0] for x in v)
        ratios["store"].append(s_cpu / f_cpu)
        ratios["visit"].append(v_cpu / f_cpu)
        print(
            f"  round {round_}: F {f_cpu * 1000:.1f} ms CPU; store report via API "
            f"{s_cpu * 1000:.0f} ms = {s_cpu / f_cpu:.1f} × F; visit report via API "
            f"{v_cpu * 1000:.0f} ms = {v_cpu / f_cpu:.1f} × F",
            flush=True,
        )
    for name, target in (("store", 20), ("visit", 8)):
        values = ratios[name]
        print(
            f"{name.title()} report through the API ({pages[name]} pages): median "
            f"{statistics.median(values):.1f} × F, spread {min(values):.1f}–{max(values):.1f} "
            f"over {repeat} rounds (target ≤ {target})"
        )


def minimal_pdf():
    from weasyprint import HTML

    return HTML(string="<p>Hello</p>").write_pdf()


def timed(function):
    """Run once; return (CPU seconds of this process, wall seconds)."""
    cpu, wall = time.process_time(), time.perf_counter()
    function()
    return time.process_time() - cpu, time.perf_counter() - wall


def worker_cpu() -> dict:
    """Return {pid: CPU seconds} of the report pool's worker processes (Linux /proc)."""
    from mystery.reports import pool  # the module: its _pool is set once the pool starts

    seconds = {}
    for pid in pool._pool.processes() if pool._pool else ():
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    return seconds


def timed_api(function):
    """Run a request once; return (CPU seconds of this process and of the report workers the
    request renders in, wall seconds): a request's report is rendered in the pool."""
    before = worker_cpu()
    cpu, wall = timed(function)
    after = worker_cpu()
    workers = sum(after[pid] - before.get(pid, 0.0) for pid in after)
    return cpu + workers, wall


def interleaved(minimal, report, minimal_runs, report_runs):
    """Time both in alternation, so a busy machine slows both alike; return medians."""
    f, r = [], []
    for index in range(max(minimal_runs, report_runs)):
        if index < minimal_runs:
            f.append(timed(minimal))
        if index < report_runs:
            r.append(timed(report))
    return [statistics.median(x[i] for x in f) for i in (0, 1)], [
        statistics.median(x[i] for x in r) for i in (0, 1)
    ]


def rss_kib():
    """Return this process's resident set size in KiB (Linux)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def render_measured(context):
    """Render in a pool worker; report (bytes, worker pid, worker RSS after, CPU seconds)."""
    from mystery.reports.pdf import render_pdf

    started = time.process_time()
    pdf = render_pdf(context)
    return len(pdf), os.getpid(), rss_kib(), time.process_time() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="store report renders to time")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the API ratios")
    parser.add_argument("--bulk", type=int, default=24, help="reports for the throughput test")
    parser.add_argument("--reports", type=int, default=200, help="reports for the memory test")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--max-tasks-per-child", type=int, default=50)
    args = parser.parse_args()
    print(f"Load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

    from mystery.reports.pdf import render_pdf, warm_up
    from mystery.reports.pool import make_pool, map_bounded

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as instance:
        print("Seeding 1 store × 3 approved visits × 60 questions, 6 photos…", flush=True)
        app, store_id, wave_id = seed(instance)
        store_report_context(app, store_id, wave_id)  # the first one pays for imports
        context, build_seconds = store_report_context(app, store_id, wave_id)

        warm_up()  # as every worker process does before its first report
        minimal_pdf()
        pdf = render_pdf(context)
        (f_cpu, f_wall), (r_cpu, r_wall) = interleaved(
            minimal_pdf, lambda: render_pdf(context), 30, args.runs
        )
        print(
            f"F (minimal one-page document, median of 30): {f_cpu * 1000:7.1f} ms CPU "
            f"({f_wall * 1000:.1f} ms wall)"
        )
        print(
            f"Store report (median of {args.runs}): {r_cpu * 1000:7.1f} ms CPU = "
            f"{r_cpu / f_cpu:5.1f} × F  (target ≤ 40);  wall {r_wall * 1000:.0f} ms = "
            f"{r_wall / f_wall:.1f} × F  [{len(pdf) / 1e6:.2f} MB, context built in "
            f"{build_seconds * 1000:.0f} ms]"
        )
        print("v2 targets, through the API (context and render):", flush=True)
        api_ratios(app, store_id, wave_id, args.runs, args.repeat)
        if not args.bulk or not args.reports:
            return

        pool = make_pool(args.workers, args.max_tasks_per_child)
        window = args.workers + 1  # as the job runner does: a worker never waits for work

        def in_pool(count):
            items = ((i, context) for i in range(count))
            return [cpu for _i, (*_rest, cpu) in map_bounded(pool, render_measured, items, window)]

        try:
            in_pool(args.workers * 2)  # start and warm every worker
            serial_seconds = pool_seconds = 0.0
            serial_cpu, pool_cpu = [], []
            # Alternate halves of each, so a change in the machine's load hits both alike.
            for half in (args.bulk // 2, args.bulk - args.bulk // 2):
                started = time.perf_counter()
                for _ in range(half):
                    serial_cpu.append(timed(lambda: render_pdf(context))[0])
                serial_seconds += time.perf_counter() - started
                started = time.perf_counter()
                pool_cpu += in_pool(half)
                pool_seconds += time.perf_counter() - started
        finally:
            pool.shutdown()
        serial, parallel = args.bulk / serial_seconds, args.bulk / pool_seconds
        # Other processes on a shared machine take cores from the pool, not from the serial
        # loop's one; what the pool costs per report tells what idle cores would give.
        cores = min(args.workers, os.cpu_count() or 1)
        cpu_serial, cpu_pool = statistics.median(serial_cpu), statistics.median(pool_cpu)
        print(
            f"Bulk over {args.bulk} reports: serial {serial:5.2f}/s, pool of {args.workers} "
            f"{parallel:5.2f}/s = {parallel / serial:4.2f}× serial by the wall clock "
            f"(target ≥ 1.7× on 2 cores; load average now {os.getloadavg()[0]:.1f})"
        )
        print(
            f"  CPU per report: serial {cpu_serial * 1000:.0f} ms, in a pool worker "
            f"{cpu_pool * 1000:.0f} ms → on {cores} idle cores "
            f"≈ {cores * cpu_serial / cpu_pool:4.2f}× serial"
        )

        pool = make_pool(args.workers, args.max_tasks_per_child)
        block = max(1, args.reports // 4)
        peaks, pids, all_rss = {}, set(), []
        try:
            items = ((i, context) for i in range(args.reports))
            for index, (_n, (_size, pid, rss, _cpu)) in enumerate(
                map_bounded(pool, render_measured, items, args.workers + 1)
            ):
                pids.add(pid)
                all_rss.append(rss)
                peaks[index // block] = max(peaks.get(index // block, 0), rss)
        finally:
            pool.shutdown()
        blocks = ", ".join(
            f"{i * block + 1}–{min(args.reports, (i + 1) * block)}: {kib / 1024:.0f} MB"
            for i, kib in sorted(peaks.items())
        )
        print(
            f"Worker RSS over {args.reports} reports (peak per block): {blocks}; "
            f"{len(pids)} worker processes (recycled every {args.max_tasks_per_child}); "
            f"last/first block = {peaks[max(peaks)] / peaks[0]:.2f}"
        )


if __name__ == "__main__":
    main()
