"""The cost estimate docs/deploy.md quotes is the one infra/measure/cost.py computes."""

from __future__ import annotations

from pathlib import Path

from infra.measure import cost

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_docs_show_the_scripts_table() -> None:
    docs = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert cost.table() in docs, "run `python -m infra.measure.cost` and paste its table into docs/deploy.md"


def test_every_price_names_its_source() -> None:
    for name, price in cost.PRICES.items():
        assert price.source.startswith("https://aws.amazon.com/"), name
        assert price.usd > 0


def test_more_leads_cost_more_and_snapstart_adds_to_the_bill() -> None:
    few, many = sum(cost.monthly(100).values()), sum(cost.monthly(10_000).values())
    assert 0 < few < many
    assert sum(cost.monthly(100, snapstart=True).values()) > few
