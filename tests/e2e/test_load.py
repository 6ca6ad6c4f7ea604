"""A small bounded load run through the local stack: every 201 stored once and emailed once."""

from __future__ import annotations

from infra.measure import load
from tests.e2e.conftest import RunningStack


def test_concurrent_distinct_leads_are_stored_and_emailed_exactly_once(stack: RunningStack) -> None:
    report = load.run(stack.url, leads=40, clients=4, deadline=120)
    print(report.render())
    assert report.statuses == {201: 40}
    assert (report.stored, report.emailed) == (40, 40)
    assert (report.duplicates_stored, report.duplicates_emailed, report.missing_emails) == (0, 0, 0)
    assert report.ok
