"""Measure the local stack as a developer meets it: start-up, answer times, email delay, stop.

    .venv/bin/python -m infra.measure.stack [--posts 30] [--emails 10]

Starts `python -m infra.local --port 0` in a subprocess (moto embedded, RATE_LIMIT_PER_HOUR=0),
then prints: seconds until the start-up banner; median and 95th percentile milliseconds of
POST /consultations per encoding (new submissions each time); seconds from a 201 until the email
is listed in /_local/outbox; seconds from SIGINT until the process has exited. Standard library only
on the client side, so the numbers include real HTTP.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlencode

from infra.local import launch

ROOT = Path(__file__).resolve().parents[2]


def _fields(tag: str) -> dict[str, str]:
    return {
        "first_name": "Sam",
        "last_name": "Rivera",
        "email": f"sam.{tag}@example.com",
        "preferred_contact": "email",
        "message": f"Measuring the local stack {tag}",
        "consent": "on",
    }


def _body(encoding: str, tag: str) -> tuple[bytes, str]:
    fields = _fields(tag)
    if encoding == "json":
        return json.dumps(fields).encode(), "application/json"
    if encoding == "urlencoded":
        return urlencode(fields).encode(), "application/x-www-form-urlencoded"
    boundary = uuid.uuid4().hex
    parts = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items())
    return f"{parts}--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _post(url: str, encoding: str, tag: str) -> float:
    body, content_type = _body(encoding, tag)
    headers = {"Content-Type": content_type, "Accept": "application/json"}
    request = urllib.request.Request(url + "/consultations", body, headers)  # noqa: S310 - our own loopback URL
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - our own loopback URL
        answer.read()
        if answer.status != 201:
            raise RuntimeError(f"expected 201, got {answer.status}")
    return time.perf_counter() - started


def _outbox_has(url: str, tag: str) -> bool:
    request = urllib.request.Request(url + "/_local/outbox", headers={"Accept": "application/json"})  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - our own loopback URL
        return tag in answer.read().decode()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=30, help="posts per encoding")
    parser.add_argument("--emails", type=int, default=10, help="posts whose email delay is measured")
    args = parser.parse_args()

    started = time.perf_counter()
    stack = launch.start("--port", "0")
    url = stack.url
    startup = time.perf_counter() - started

    try:
        print(f"start-up until the banner: {startup:.2f} s")
        for encoding in ("json", "urlencoded", "multipart"):
            times = [_post(url, encoding, uuid.uuid4().hex) * 1000 for _ in range(args.posts)]
            print(f"POST {encoding:<10}  n={len(times)}  median {statistics.median(times):.1f} ms  p95 {_percentile(times, 0.95):.1f} ms")
        delays = []
        for _ in range(args.emails):
            tag = uuid.uuid4().hex
            _post(url, "json", tag)
            sent = time.perf_counter()
            while not _outbox_has(url, tag):
                if time.perf_counter() - sent > 10:
                    raise RuntimeError("no email within 10 s")
                time.sleep(0.02)
            delays.append(time.perf_counter() - sent)
        print(
            f"201 -> email in the outbox  n={len(delays)}  median {statistics.median(delays):.2f} s  max {max(delays):.2f} s"
            " (polled every 20 ms)"
        )
    finally:
        stopping = time.perf_counter()
        code = stack.stop()
        print(f"SIGINT -> exited (code {code}): {time.perf_counter() - stopping:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
