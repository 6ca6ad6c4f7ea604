"""What the abuse defences cost per request: DynamoDB calls by outcome, and handler time under moto.

    .venv/bin/python -m infra.measure.defences [--reps 200]

DynamoDB calls are what a deployment pays for (and what can throttle); they are exact. Times are
the submit handler's wall time in this process against moto in memory: they compare the paths
with each other and with the defences off, not with real AWS latency.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import ipaddress
import os
import statistics
import time
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

from infra.local.runtime import LambdaContext

ENV = {
    "AWS_ACCESS_KEY_ID": "measure",
    "AWS_SECRET_ACCESS_KEY": "measure",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
    "POWERTOOLS_LOG_LEVEL": "ERROR",
    "RATE_LIMIT_KEY": "measure",
    "ALLOWED_ORIGINS": "https://practice.example",
    # What the submit function requires (tables.create_all makes them under these default names).
    "LEADS_TABLE_NAME": "leads",
    "IDEMPOTENCY_TABLE_NAME": "idempotency",
    "RATE_LIMIT_TABLE_NAME": "rate-limits",
    "THANK_YOU_URL": "https://practice.example/thank-you",
}


def event(data: dict[str, Any], ip: str, origin: str | None = None) -> dict[str, Any]:
    import json

    from infra.local.gateway import Request, to_event

    headers = [("Content-Type", "application/json"), ("Accept", "application/json")]
    if origin:
        headers.append(("Origin", origin))
    request = Request(method="POST", path="/consultations", query="", headers=headers, body=json.dumps(data).encode(), source_ip=ip)
    return to_event(request, route_key="POST /consultations", request_id=uuid.uuid4().hex)


def address(block: int, n: int) -> str:
    """A distinct client address per request, in its own block per path."""
    return str(ipaddress.IPv4Address((10 << 24) + (block << 20) + n))


def lead(n: int, **extra: Any) -> dict[str, Any]:
    return {"first_name": "Sam", "last_name": "Rivera", "email": f"sam{n}@example.com", "consent": True, **extra}


def measure(reps: int) -> None:
    os.environ.update(ENV)
    import boto3
    from moto import mock_aws

    from infra.build import tables
    from leadcapture.adapters import aws
    from leadcapture.intake import handler as submit

    def fresh(limit: str) -> None:
        os.environ["RATE_LIMIT_PER_HOUR"] = limit
        aws.reset()

    calls: Counter[str] = Counter()

    def count(event_name: str, **kwargs: Any) -> None:
        calls[event_name.rsplit(".", 1)[-1]] += 1

    with mock_aws():
        tables.create_all(boto3.client("dynamodb"), {})
        context = LambdaContext(function_name="submit", region="us-east-1", timeout_seconds=900)
        cases: dict[str, Callable[[int], dict[str, Any]]] = {
            "new lead": lambda n: event(lead(n), address(0, n)),
            "duplicate replayed": lambda n: event(lead(0), address(4, n)),
            "honeypot quarantined": lambda n: event(lead(n, website="x"), address(1, n)),
            "invalid (422)": lambda n: event({"first_name": "Sam"}, address(2, n)),
            "rate limited (429)": lambda n: event(lead(n), "10.8.0.1"),
            "origin refused (403)": lambda n: event(lead(n), "10.3.0.1", origin="https://evil.example"),
        }
        print(f"{'path':<34} {'status':>6} {'DynamoDB calls':<40} {'median ms':>9} {'p95 ms':>7}")
        for round_, limit in enumerate(("20", "0")):
            offset = 100_000 * (round_ + 1)  # new submissions each round: none is a replay of the round before
            fresh(limit)
            with contextlib.redirect_stdout(io.StringIO()):
                submit.handler(event(lead(0), "10.9.0.1"), context)  # the first post the replays repeat; warms clients
                for n in range(25):
                    submit.handler(event(lead(50_000 + offset + n), "10.8.0.1"), context)  # puts 10.8.0.1 over the limit
            aws.clients().dynamodb().meta.events.register("before-call.dynamodb", count)
            for name, make in cases.items():
                if limit == "0" and name == "rate limited (429)":
                    continue
                calls.clear()
                times: list[float] = []
                statuses: Counter[int] = Counter()
                for n in range(reps):
                    request = make(offset + n) if name != "duplicate replayed" else make(n)
                    with contextlib.redirect_stdout(io.StringIO()):  # the EMF metrics of each invocation
                        started = time.perf_counter()
                        answer = submit.handler(request, context)
                        times.append((time.perf_counter() - started) * 1000)
                    statuses[answer["statusCode"]] += 1
                per_request = ", ".join(f"{op} {c / reps:g}" for op, c in sorted(calls.items())) or "none"
                label = name if limit == "20" else f"{name} [rate limit off]"
                p95 = statistics.quantiles(times, n=20)[-1]
                print(f"{label:<34} {statuses.most_common(1)[0][0]:>6} {per_request:<40} {statistics.median(times):>9.2f} {p95:>7.2f}")
            aws.clients().dynamodb().meta.events.unregister("before-call.dynamodb", count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=200)
    measure(parser.parse_args().reps)


if __name__ == "__main__":
    main()
