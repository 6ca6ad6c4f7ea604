"""Medians, spreads and percentiles, small enough to read at a glance."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass
from typing import Any


def percentile(values: list[float], pct: float) -> float:
    """Linear-interpolated percentile (the 'inclusive' method), pct in 0..100."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Summary:
    n: int
    median: float
    q1: float
    q3: float
    low: float
    high: float
    p99: float

    @classmethod
    def of(cls, values: list[float]) -> Summary:
        if not values:
            raise ValueError("no values to summarize")
        return cls(
            n=len(values),
            median=statistics.median(values),
            q1=percentile(values, 25),
            q3=percentile(values, 75),
            low=min(values),
            high=max(values),
            p99=percentile(values, 99),
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
