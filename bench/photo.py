"""Photo upload benchmark: server CPU per photo (sniff, verify, hash, display copy, thumbnail).

Usage: .venv/bin/python bench/photo.py [--runs 7]

Times what an upload does to the image (media.images.inspect_image + render_variants, as
media/services.store_image calls them) in CPU seconds of this process, for a 1600 × 1200 and
a 4000 × 3000 camera JPEG, against a floor taken in the same run: one plain full decode of
the same file. Prints the median, the spread and the ratio to the floor; the figures before
this change (progressive + optimised encodes, a square draft box that never scaled a 4:3
photo) were 76 ms and 334 ms here (issue #16: 107 ms and 456 ms on a quieter run).
"""

import argparse
import io
import os
import statistics
import sys
import time

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: F401  (puts the project on sys.path)

from mystery.media import images


def camera_jpeg(width, height):
    """A noisy, smooth JPEG like a phone photo (quality 90)."""
    rng = np.random.default_rng(16)
    coarse = rng.integers(0, 255, (height // 8, width // 8, 3), dtype=np.uint8)
    image = Image.fromarray(coarse).resize((width, height), Image.Resampling.BILINEAR)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def cpu_ms(work, runs):
    """Return the CPU milliseconds of each of `runs` calls."""
    samples = []
    for _ in range(runs):
        started = time.process_time()
        work()
        samples.append((time.process_time() - started) * 1000)
    return samples


def upload(raw):
    images.inspect_image(raw)
    images.render_variants(raw)


def decode(raw):
    Image.open(io.BytesIO(raw)).load()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"Machine: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    before = {(1600, 1200): 76, (4000, 3000): 334}
    for size in before:
        raw = camera_jpeg(*size)
        upload(raw)  # warm
        floor, work = [], []
        for _ in range(args.runs):  # alternate, so the machine's load hits both alike
            floor += cpu_ms(lambda raw=raw: decode(raw), 1)
            work += cpu_ms(lambda raw=raw: upload(raw), 1)
        median, base = statistics.median(work), statistics.median(floor)
        print(
            f"{size[0]} × {size[1]} ({len(raw) / 1024:.0f} KB): CPU per photo {median:.0f} ms "
            f"(spread {min(work):.0f}–{max(work):.0f}), {median / base:.1f} × one full decode "
            f"({base:.0f} ms); before {before[size]} ms → {median / before[size]:.2f} × "
            "(target ≤ 0.5)"
        )


if __name__ == "__main__":
    main()
