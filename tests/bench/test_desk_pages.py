"""The desk's own work per page (infra/measure/desk.py) does not grow with the table.

A ratio in one run, not a time limit (these machines are noisy): each page is measured over an
in-memory table of 200 leads and of 2,000, twice each, interleaved, keeping the faster run. A page
that read the table instead of one page of an index would take about ten times as long on the
larger one. The figures themselves (every page's median well under 50 ms) are in docs/desk.md,
from `python -m infra.measure.desk`.
"""

from __future__ import annotations

from infra.measure import desk

PAGES = {"inbox", "filter", "lead", "contacted", "sign-in"}


def _fastest(leads: int, rounds: list[dict[str, dict[str, float]]]) -> float:
    """The sum of the pages' medians, in the faster of the rounds measured with `leads` leads."""
    sums = [sum(figure["p50_ms"] for figure in figures.values()) for figures in rounds]
    assert all(set(figures) == PAGES for figures in rounds), (leads, rounds)
    return min(sums)


def test_no_desk_page_grows_with_the_table() -> None:
    small: list[dict[str, dict[str, float]]] = []
    large: list[dict[str, dict[str, float]]] = []
    for _ in range(2):
        small.append(desk.measure(runs=30, leads=200))
        large.append(desk.measure(runs=30, leads=2_000))
    ratio = _fastest(2_000, large) / _fastest(200, small)
    assert ratio < 3, (ratio, small, large)
