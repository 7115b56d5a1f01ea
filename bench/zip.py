"""Bulk ZIP benchmark: a 500-store wave's report job, its memory and its throughput.

Usage: .venv/bin/python bench/zip.py [--stores 500] [--bulk 24] [--runs 3] [--reuse]

Seeds PostgreSQL (database mystery_bench_zip, next to TEST_DATABASE_URL's) with bench/
summary.py's generator: --stores stores, one approved visit each (40 answers) in the wave and
in the previous one. Then:
  - memory: runs the wave's report job as the web process does (reports/pool.py, 2 worker
    processes) and samples the RSS of this process and of the workers every half second;
    prints the peak per block of 100 stores (flat = the ZIP is streamed to disk, not held);
  - throughput: --bulk store reports rendered serially in this process, then by the pool of
    2 workers, alternating halves, --runs times; prints pool/serial by the wall clock and by
    CPU per report (other engineers' processes take cores from the pool, not from a serial
    loop), the median and the spread. Target ≥ 1.9× serial (issue #16).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: F401  (puts the project on sys.path)
import summary_data as generator  # the seeding, whose module globals the run sets

DATABASE = "mystery_bench_zip"
WORKERS = 2
TARGET = 1.9


def rss_kib(pid="self"):
    """Return a process's resident set size in KiB (Linux), 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def render_measured(context):
    """Render in a pool worker; return the CPU seconds it took."""
    from mystery.reports.pdf import render_pdf

    started = time.process_time()
    render_pdf(context)
    return time.process_time() - started


def seed(stores, reuse):
    """Create and fill the database (one approved visit per store), or reuse it."""
    generator.DATABASE = DATABASE
    generator.STORES, generator.VISITS_PER_STORE, generator.SPARE = stores, 1, 0
    url = generator.database_url(create=not reuse)
    if not reuse:
        started = time.perf_counter()
        generator.seed(url, random.Random(16))
        print(f"Seeded {stores} stores in {time.perf_counter() - started:.1f} s")
    return url


def memory_run(app, stores):
    """Run the wave's job in this process with the pool; return (seconds, samples, zip)."""
    from mystery.extensions import db
    from mystery.jobs import pool as pools
    from mystery.jobs.models import ReportJob
    from mystery.media.storage import get_storage

    with app.app_context():
        job = ReportJob(wave_id=generator.WAVE, requested_by=generator.COORDINATOR, lang="da")
        db.session.add(job)
        db.session.commit()
        job_id = job.id
        pool = pools.get_pool(app.config)
        [pool.submit(abs, n).result() for n in range(WORKERS * 4)]  # start the workers first
        samples, stop = [], threading.Event()

        def sample():
            while not stop.wait(0.5):
                workers = [rss_kib(pid) for pid in pool.processes()]
                samples.append((time.perf_counter(), rss_kib(), max(workers or [0])))

        sampler = threading.Thread(target=sample, daemon=True)
        started = time.perf_counter()
        sampler.start()
        pools.run_local(job_id)
        seconds = time.perf_counter() - started
        stop.set()
        sampler.join()
        job = db.session.get(ReportJob, job_id)
        assert job.status == "done", job.error
        path = get_storage(app).path(job.result_key)
        with zipfile.ZipFile(path) as archive:
            assert len(archive.namelist()) == stores
        return seconds, [(t - started, web, worker) for t, web, worker in samples], path


def throughput(app, bulk, runs):
    """Render `bulk` store reports serially and in the pool, `runs` times; return ratios."""
    import sqlalchemy as sa

    from mystery.extensions import db
    from mystery.jobs import pool as pools
    from mystery.reports.context import chain_summary, store_context
    from mystery.reports.pdf import render_pdf, warm_up
    from mystery.stores.models import Store
    from mystery.waves.models import Wave

    with app.app_context():
        wave = db.session.get(Wave, generator.WAVE)
        chain = chain_summary(wave, "da")
        stores = db.session.scalars(sa.select(Store).order_by(Store.id).limit(bulk)).all()
        contexts = [store_context(store, wave, "da", chain=chain) for store in stores]
        db.session.rollback()
        warm_up()
        pool = pools.get_pool(app.config)
        [pool.submit(render_measured, c).result() for c in contexts[:WORKERS]]
        results = []
        for _ in range(runs):
            serial_wall = pool_wall = 0.0
            serial_cpu, pool_cpu = [], []
            for part in (contexts[: bulk // 2], contexts[bulk // 2 :]):
                started = time.perf_counter()
                for context in part:
                    cpu = time.process_time()
                    render_pdf(context)
                    serial_cpu.append(time.process_time() - cpu)
                serial_wall += time.perf_counter() - started
                started = time.perf_counter()
                items = enumerate(part)
                pool_cpu += [c for _i, c in pools.map_bounded(pool, render_measured, items, 3)]
                pool_wall += time.perf_counter() - started
            by_wall = serial_wall / pool_wall
            # What idle cores would give: WORKERS × (serial CPU per report / pool CPU per report).
            by_cpu = WORKERS * statistics.median(serial_cpu) / statistics.median(pool_cpu)
            results.append((by_wall, by_cpu, statistics.median(serial_cpu)))
        return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", type=int, default=500)
    parser.add_argument("--bulk", type=int, default=24, help="reports per throughput run")
    parser.add_argument("--runs", type=int, default=3, help="throughput runs")
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    instance = tempfile.mkdtemp(prefix="bench-zip-")
    os.environ["MYSTERY_INSTANCE_PATH"] = instance
    url = seed(args.stores, args.reuse)

    from mystery import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "MEDIA_ROOT": os.path.join(instance, "media"),
            "REPORT_WORKERS": WORKERS,
        }
    )
    print(f"Machine: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if not args.skip_memory:
        seconds, samples, path = memory_run(app, args.stores)
        block = 100
        per_store = seconds / args.stores
        peaks = {}
        for at, web, worker in samples:
            index = min(int(at / per_store) // block, args.stores // block - 1)
            web_peak, worker_peak = peaks.get(index, (0, 0))
            peaks[index] = (max(web_peak, web), max(worker_peak, worker))
        print(
            f"\nJob over {args.stores} stores with {WORKERS} workers: {seconds:.0f} s "
            f"({args.stores / seconds:.2f} stores/s); ZIP {os.path.getsize(path) / 1e6:.1f} MB "
            "on disk"
        )
        print(f"Peak RSS per block of {block} stores (web process | largest worker), MiB:")
        for index in sorted(peaks):
            web, worker = peaks[index]
            print(
                f"  stores {index * block + 1:4d}–{(index + 1) * block:4d}: "
                f"{web / 1024:6.0f} | {worker / 1024:5.0f}"
            )
        first, last = peaks[min(peaks)], peaks[max(peaks)]
        growth = (last[0] - first[0]) / 1024
        print(f"  web process: {growth:+.0f} MiB from the first block to the last")

    results = throughput(app, args.bulk, args.runs)
    from mystery.reports.pool import discard_pool

    discard_pool()
    walls = [r[0] for r in results]
    cpus = [r[1] for r in results]
    print(
        f"\nThroughput, {args.bulk} store reports, pool of {WORKERS} vs serial, {args.runs} runs:"
    )
    for wall, cpu, serial in results:
        print(
            f"  wall clock {wall:4.2f}×   by CPU per report {cpu:4.2f}×   (serial "
            f"{serial * 1000:.0f} ms CPU per report)"
        )
    print(
        f"  median {statistics.median(walls):.2f}× wall (spread {min(walls):.2f}–"
        f"{max(walls):.2f}), {statistics.median(cpus):.2f}× by CPU (spread {min(cpus):.2f}–"
        f"{max(cpus):.2f}); target ≥ {TARGET}×"
    )


if __name__ == "__main__":
    main()
