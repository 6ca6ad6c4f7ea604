"""Warm requests and peak memory: one fresh process per target and repetition, interleaved.

Each process imports its handler, serves WARMUP untimed requests and then REQUESTS timed ones with
AWS answered in memory (stubs.py), and reports every request's duration, the part of it spent
inside boto3/botocore, and its peak RSS. The baseline handler (json.loads + one PutItem through
the same in-memory AWS) runs in the same repetitions, in a shuffled order.
"""

from __future__ import annotations

import json
import random
from typing import Any

from .cold import function_handler, probe_environment, run_python
from .stats import Summary

TARGETS = ("baseline", "submit", "notify")


def _serve(target: str, requests: int, warmup: int) -> dict[str, Any]:
    env = probe_environment(target)
    handler = "-" if target == "baseline" else function_handler(target)
    output = run_python(["-m", "infra.bench.worker", target, handler, str(requests), str(warmup)], env, f"{target} worker")
    data: dict[str, Any] = json.loads(output)
    return data


def measure(reps: int, requests: int, warmup: int, seed: int = 11) -> dict[str, Any]:
    rng = random.Random(seed)  # noqa: S311 - shuffles the order of runs, nothing secret
    runs: dict[str, list[dict[str, Any]]] = {t: [] for t in TARGETS}
    for _ in range(reps):
        order = list(TARGETS)
        rng.shuffle(order)
        for target in order:
            runs[target].append(_serve(target, requests, warmup))

    def ms(values: list[int]) -> dict[str, Any]:
        return Summary.of([v / 1e6 for v in values]).as_dict()

    report: dict[str, Any] = {"reps": reps, "requests": requests, "warmup": warmup, "targets": {}}
    for target, results in runs.items():
        total = [v for r in results for v in r["samples_ns"]]
        sdk = [v for r in results for v in r["sdk_ns"]]
        own = [t - s for r in results for t, s in zip(r["samples_ns"], r["sdk_ns"], strict=True)]
        report["targets"][target] = {
            "total_ms": ms(total),
            "sdk_ms": ms(sdk),
            "own_ms": ms(own),
            "own_cpu_ms": ms([v for r in results for v in r["own_cpu_ns"]]),
            "peak_rss_mb": Summary.of([r["peak_rss_kib"] * 1024 / 1e6 for r in results]).as_dict(),
            "calls_per_request": results[-1]["calls_per_request"],
        }
    base = runs["baseline"]
    for target in ("submit", "notify"):
        # Paired within each repetition: the processes ran back to back, under the same load.
        p50_ratio = [
            Summary.of([float(v) for v in r["samples_ns"]]).median / Summary.of([float(v) for v in b["samples_ns"]]).median
            for r, b in zip(runs[target], base, strict=True)
        ]
        rss_ratio = [r["peak_rss_kib"] / b["peak_rss_kib"] for r, b in zip(runs[target], base, strict=True)]
        report["targets"][target]["p50_ratio"] = Summary.of(p50_ratio).as_dict()
        report["targets"][target]["rss_ratio"] = Summary.of(rss_ratio).as_dict()
    return report
