"""A bounded load run against the local stack: N distinct leads from C concurrent clients.

    .venv/bin/python -m infra.measure.load [--leads 500] [--clients 8] [--url http://127.0.0.1:3000]

Without --url it starts its own stack (moto embedded, RATE_LIMIT_PER_HOUR=0) and stops it after.
Traffic goes only to the loopback stack; every loop is bounded by count and by --deadline seconds.
After posting, it waits for the notifier to drain, then checks /_local/leads and /_local/outbox:
every lead answered 201 is stored exactly once and emailed exactly once. It prints throughput,
latency percentiles and the time for the last email to arrive; exit status 1 when anything was
lost or doubled.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from infra.local import launch


@dataclass
class LoadReport:
    leads: int
    clients: int
    seconds: float
    statuses: Counter[int]
    latencies_ms: list[float]
    stored: int
    emailed: int
    duplicates_stored: int
    duplicates_emailed: int
    missing_emails: int
    drain_seconds: float
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        accepted = self.statuses.get(201, 0)
        return (
            accepted == self.leads
            and self.stored == accepted
            and self.emailed == accepted
            and self.duplicates_stored == 0
            and self.duplicates_emailed == 0
            and self.missing_emails == 0
        )

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    def render(self) -> str:
        lines = [
            f"posted {self.leads} distinct leads from {self.clients} clients in {self.seconds:.2f} s"
            f" ({self.leads / self.seconds:.1f} requests/s)",
            "statuses: " + ", ".join(f"{status} x{count}" for status, count in sorted(self.statuses.items())),
            f"latency ms: p50 {self.percentile(0.5):.1f}  p90 {self.percentile(0.9):.1f}  p99 {self.percentile(0.99):.1f}"
            f"  max {max(self.latencies_ms):.1f}  mean {statistics.fmean(self.latencies_ms):.1f}",
            f"stored {self.stored} (duplicates {self.duplicates_stored}); emailed {self.emailed}"
            f" (duplicates {self.duplicates_emailed}, missing {self.missing_emails});"
            f" last email {self.drain_seconds:.2f} s after the last 201",
            "RESULT: " + ("ok - nothing lost, nothing doubled" if self.ok else "FAILED"),
        ]
        lines.extend(f"error: {e}" for e in self.errors[:10])
        return "\n".join(lines)


def _lead(run: str, n: int) -> bytes:
    tag = f"{run}n{n:06d}x"
    return json.dumps(
        {
            "first_name": "Load",
            "last_name": "Tester",
            "email": f"load.{tag}@example.com",
            "preferred_contact": "email",
            "message": f"Load run lead {tag}",
            "consent": True,
        }
    ).encode()


def _get_json(url: str) -> Any:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 - loopback stack
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - loopback stack
        return json.loads(answer.read())


def run(url: str, *, leads: int, clients: int, deadline: float = 300.0) -> LoadReport:
    run_id = "r" + uuid.uuid4().hex[:8]
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + deadline

    def post(n: int) -> None:
        if time.monotonic() > stop_at:
            with lock:
                errors.append("deadline reached before posting")
            return
        request = urllib.request.Request(  # noqa: S310 - loopback stack
            url + "/consultations", _lead(run_id, n), {"Content-Type": "application/json", "Accept": "application/json"}
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - loopback stack
                answer.read()
                status = answer.status
        except urllib.error.HTTPError as err:
            status = err.code
        except OSError as err:
            status = 0
            with lock:
                errors.append(type(err).__name__)
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            statuses[status] += 1
            latencies.append(elapsed)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(post, range(leads)))
    seconds = time.perf_counter() - began

    def mine(items: list[dict[str, Any]]) -> Counter[str]:
        found: Counter[str] = Counter()
        for item in items:
            text = json.dumps(item, ensure_ascii=False)
            start = text.find(run_id)
            if start >= 0:
                found[text[start : text.index("x", start + len(run_id)) + 1]] += 1
        return found

    drained = time.perf_counter()
    emails: Counter[str] = Counter()
    while time.monotonic() < stop_at:
        emails = mine(_get_json(url + "/_local/outbox"))
        if len(emails) >= statuses.get(201, 0):
            break
        time.sleep(0.25)
    drain_seconds = time.perf_counter() - drained
    time.sleep(1.0)  # anything sent twice would show up now
    emails = mine(_get_json(url + "/_local/outbox"))
    stored = mine(_get_json(url + "/_local/leads"))
    return LoadReport(
        leads=leads,
        clients=clients,
        seconds=seconds,
        statuses=statuses,
        latencies_ms=latencies,
        stored=len(stored),
        emailed=len(emails),
        duplicates_stored=sum(c - 1 for c in stored.values() if c > 1),
        duplicates_emailed=sum(c - 1 for c in emails.values() if c > 1),
        missing_emails=len(set(stored) - set(emails)),
        drain_seconds=drain_seconds,
        errors=errors,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.measure.load", description=__doc__.split("\n")[0])
    parser.add_argument("--leads", type=int, default=500)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--url", help="a running local stack (default: start one)")
    parser.add_argument("--deadline", type=float, default=300.0, help="stop posting and waiting after this many seconds")
    args = parser.parse_args(argv)
    if not 1 <= args.leads <= 100_000 or not 1 <= args.clients <= 64:
        parser.error("--leads 1..100000, --clients 1..64")
    stack = None if args.url else launch.start("--port", "0")
    url = args.url or (stack.url if stack else "")
    if not url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        parser.error("load runs only against a stack on this machine (loopback)")
    try:
        report = run(url.rstrip("/"), leads=args.leads, clients=args.clients, deadline=args.deadline)
    finally:
        if stack is not None:
            stack.stop()
    print(report.render())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
