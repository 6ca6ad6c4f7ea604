"""`leads export` of many leads from moto: time and peak memory, at several table sizes.

    .venv/bin/python -m infra.measure.export [--sizes 2000,5000,10000] [--format csv]

Each size runs in a fresh interpreter (so one size's peak cannot hide another's) against a moto
server in a process of its own (as DynamoDB is: the table's memory is not the tool's), the leads
table from infra/build/tables.py, N generated leads written in batches, then the export's own code
path (`LeadStore.scan` page by page into the CSV writer) into /dev/null. Reported per size: wall
time and CPU time of the export, leads per second, the peak of Python allocations during the
export (tracemalloc, in a second pass) and the process's peak RSS before and after it
(`resource`). A streaming export keeps both flat as N grows; a buffering one grows with N. The
time includes moto's own scan (it re-reads the table for every 1 MB page); against DynamoDB the
pages are network-bound instead.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import socket
import subprocess
import sys
import time
import tracemalloc
import urllib.request
from collections.abc import Iterator
from typing import Any

SIZES = (2000, 5000, 10000)
_WORDS = ["ansiedad", "stress", "sleep", "couples", "family", "work", "grief", "trauma", "change", "support", "cambio", "ayuda", "terapia"]


def fake_item(index: int, rng: random.Random) -> dict[str, Any]:
    """A stored lead as the submit path writes it (typed for DynamoDB), with a realistic message."""
    day = 1 + index % 28
    stamp = f"2026-11-{day:02d}T{index % 24:02d}:{index % 60:02d}:00.000Z"
    message = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(10, 120)))
    return {
        "id": {"S": f"bench-{index:06d}-{rng.getrandbits(64):016x}"},
        "created_at": {"S": stamp},
        "status": {"S": "notified"},
        "first_name": {"S": "José"},
        "last_name": {"S": f"Núñez{index}"},
        "email": {"S": f"person{index}@example.com"},
        "phone": {"S": f"+1213555{index % 10000:04d}"},
        "preferred_contact": {"S": "email"},
        "message": {"S": message + "\nGracias."},
        "consent": {"M": {"version": {"S": "2026-11-01"}, "given_at": {"S": stamp}}},
        "urgent": {"BOOL": False},
        "expires_at": {"N": "1830000000"},
        "notified_at": {"S": stamp},
        "history": {"L": [{"M": {"status": {"S": "new"}, "at": {"S": stamp}, "by": {"S": "form"}}}]},
    }


@contextlib.contextmanager
def moto_server() -> Iterator[str]:
    """moto's server in a child process on a free port; yields its URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/moto-api/", timeout=1).close()  # noqa: S310 - our own loopback server
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(10)


def peak_rss_mb() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def one_size(size: int, fmt: str) -> dict[str, Any]:
    """In this interpreter: fill a moto table with `size` leads and export them to /dev/null."""
    for name in [n for n in os.environ if n.startswith("AWS_")]:
        del os.environ[name]
    os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1"})
    import boto3

    from infra.build import tables
    from infra.ops.leads import export
    from infra.ops.leads.cli import PAGE
    from leadcapture.adapters.leads_table import LeadStore
    from leadcapture.kernel.settings.practice import Practice

    zone = Practice.from_env({"PRACTICE_TIMEZONE": "America/Los_Angeles"}).zone
    with moto_server() as endpoint:
        client = boto3.client("dynamodb", endpoint_url=endpoint)
        tables.create_table(client, tables.LEADS, "leads-bench")
        rng = random.Random(size)  # noqa: S311 - made-up messages, not secrets
        for start in range(0, size, 25):
            requests = [{"PutRequest": {"Item": fake_item(i, rng)}} for i in range(start, min(start + 25, size))]
            client.batch_write_item(RequestItems={"leads-bench": requests})
        store = LeadStore("leads-bench", client)

        def run_export() -> int:
            with open(os.devnull, "w", encoding="utf-8", newline="") as sink:
                written = (
                    export.write_csv(store.scan(page_size=PAGE), sink, zone=zone, zone_name="America/Los_Angeles")
                    if fmt == "csv"
                    else export.write_jsonl(store.scan(page_size=PAGE), sink)
                )
                return sum(1 for _ in written)

        rss_before = peak_rss_mb()
        wall, cpu = time.perf_counter(), time.process_time()
        count = run_export()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        rss_after = peak_rss_mb()
        # A second pass under tracemalloc (which slows it): the peak of Python allocations while exporting.
        tracemalloc.start()
        run_export()
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert count == size, (count, size)
    return {
        "leads": size,
        "format": fmt,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "leads_per_s": round(size / wall),
        "export_alloc_peak_mb": round(traced_peak / 1e6, 1),
        "peak_rss_before_mb": round(rss_before, 1),
        "peak_rss_after_mb": round(rss_after, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.measure.export", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated lead counts")
    parser.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child run of one size
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_size(args.one, args.format)))
        return 0
    print(f"{'leads':>6} {'wall s':>7} {'cpu s':>6} {'leads/s':>8} {'alloc peak MB':>14} {'peak RSS MB before -> after':>28}")
    for size in (int(s) for s in args.sizes.split(",")):
        child = subprocess.run(
            [sys.executable, "-m", "infra.measure.export", "--one", str(size), "--format", args.format],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        r = json.loads(child.stdout.strip().splitlines()[-1])
        rss = f"{r['peak_rss_before_mb']} -> {r['peak_rss_after_mb']}"
        timing = f"{r['wall_s']:>7} {r['cpu_s']:>6} {r['leads_per_s']:>8}"
        print(f"{r['leads']:>6} {timing} {r['export_alloc_peak_mb']:>14} {rss:>28}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
