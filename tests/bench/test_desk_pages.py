"""The desk's own work per page (infra/measure/desk.py): every page's median under 50 ms without the network."""

from __future__ import annotations

from infra.measure import desk


def test_every_desk_page_takes_under_50_ms_of_the_desks_own_work() -> None:
    figures = desk.measure(runs=30, leads=2_000)
    assert set(figures) == {"inbox", "filter", "lead", "contacted", "sign-in"}
    slow = {name: figure["p50_ms"] for name, figure in figures.items() if figure["p50_ms"] >= 50}
    assert slow == {}, figures
