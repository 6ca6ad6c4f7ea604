"""One benchmark process: import a handler, serve requests with AWS answered in memory, report.

    python -m infra.bench.worker {baseline|submit|submit_form|notify|...} HANDLER REQUESTS WARMUP RESULT.json

HANDLER is the function's Handler from template.yaml (`leadcapture.intake.handler.handler`; the
parent reads it, so this process loads no YAML), `-` for the baseline; the event and the check
of every answer are the function's stubs.FIRST_REQUESTS entry (`submit_form`: submit's, posted as
a plain HTML form, answered with a 303).

Runs with the function's Lambda environment (the parent sets it) and stdout sent to /dev/null, as
the handler's log lines and EMF metrics would otherwise flood the terminal; writing them is part
of the measured work, as it is in Lambda. Every answer is checked, so a handler that starts
failing shows up as an error here instead of as a suspiciously fast figure.
"""

from __future__ import annotations

import importlib
import json
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

from infra.bench import stubs

Handler = Callable[[dict[str, Any], Any], Any]


def _target(name: str, handler_path: str) -> tuple[Handler, Callable[[], dict[str, Any]], Callable[[Any], bool]]:
    if name == "baseline":
        return stubs.baseline_handler, stubs.BASELINE.event, stubs.BASELINE.check
    module, _, attribute = handler_path.rpartition(".")
    handler: Handler = getattr(importlib.import_module(module), attribute)
    if name == "submit_form":
        return handler, lambda: stubs.submit_event("form"), lambda a: a["statusCode"] == 303
    first = stubs.first_request(name)
    return handler, first.event, first.check


def serve(name: str, handler_path: str, requests: int, warmup: int) -> dict[str, Any]:
    stubs.install("submit" if name == "submit_form" else name)
    handler, make_event, ok = _target(name, handler_path)
    samples: list[int] = []
    sdk_samples: list[int] = []
    own_cpu_samples: list[int] = []
    for i in range(warmup + requests):
        event, context = make_event(), stubs.context()
        stubs.sdk_ns[0] = stubs.sdk_cpu_ns[0] = 0
        start_cpu = time.thread_time_ns()
        start = time.perf_counter_ns()
        answer = handler(event, context)
        elapsed = time.perf_counter_ns() - start
        cpu = time.thread_time_ns() - start_cpu
        if not ok(answer):
            raise SystemExit(f"{name}: unexpected answer on request {i}: status {answer.get('statusCode', answer)}")
        if i >= warmup:
            samples.append(elapsed)
            sdk_samples.append(stubs.sdk_ns[0])
            own_cpu_samples.append(cpu - stubs.sdk_cpu_ns[0])
    total = warmup + requests
    return {
        "target": name,
        "samples_ns": samples,
        "sdk_ns": sdk_samples,
        "own_cpu_ns": own_cpu_samples,
        # Linux reports ru_maxrss in KiB.
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "calls_per_request": {op: count / total for op, count in sorted(stubs.calls.items())},
    }


def main() -> None:
    name, handler_path, requests, warmup, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    result = serve(name, handler_path, requests, warmup)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main()
