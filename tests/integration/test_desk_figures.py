"""The figures page (issue 22's must-show): its numbers equal `leads stats` for the same leads, for managers only.

The leads of tests/domain/test_figures.py (known capture and contact times: a lead closed as not a
fit, a late contact, a weekend, spam, urgent leads acknowledged after 12 and 48 minutes) are put in
moto's table; a manager signs in to the desk (the handler, moto's Cognito) and opens /desk/figures;
`leads stats` runs against the same table at the same moment. The page reads the by-status index
and a projection by key, never a scan: its DynamoDB calls are counted for a practice-sized month.
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections import Counter
from datetime import datetime
from html import unescape
from typing import Any

import boto3
import pytest
from click.testing import CliRunner
from infra.ops.leads import cli
from infra.ops.leads.target import Target

from leadcapture.desk import wiring
from leadcapture.kernel.figures import Record, table
from leadcapture.kernel.lead import Lead
from leadcapture.kernel.status import Status
from tests import personal_data
from tests.conftest import ENV
from tests.domain.test_figures import BEFORE, DECEMBER, LA, LAST_MONTH, NOW, record
from tests.integration.test_desk import Browser, People, a_lead, people, sign_in, store

__all__ = ["people"]  # the fixture, for the tests here
FIGURE_ROW = re.compile(r'<tr><th scope="row">(.*?)</th><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>')
CLI_ROW = re.compile(r"^│\s*(.+?)\s*│\s*(.+?)\s*│\s*(.+?)\s*│$")


def lead_of(record: Record, **overrides: Any) -> Lead:
    return a_lead(created_at=record.created_at, status=record.status, urgent=record.urgent, history=record.history,
                  acknowledged_at=record.acknowledged_at, **overrides)  # fmt: skip


def at_now(monkeypatch: pytest.MonkeyPatch, now: datetime = NOW) -> None:
    """The desk's clock and the `leads` tool's at `now` (which months are this and last)."""
    wiring.current().clock = now.timestamp
    monkeypatch.setattr(cli, "now", lambda: now)


def page_rows(body: str) -> dict[str, tuple[str, str]]:
    return {unescape(label): (unescape(this), unescape(last)) for label, this, last in FIGURE_ROW.findall(body)}


def stats_rows(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[str, str]]:
    """`leads stats` against the test's table: its table of this month and last."""
    environment = {**ENV, "RETENTION_DAYS": "365"}
    target = Target("moto", boto3.session.Session(region_name=ENV["AWS_DEFAULT_REGION"]), ENV["LEADS_TABLE_NAME"],
                    ENV["IDEMPOTENCY_TABLE_NAME"], environment, notify=lambda event: {})  # fmt: skip
    monkeypatch.setattr(cli, "target_of", lambda ctx: target)
    result = CliRunner().invoke(cli.cli, ["--stack", "moto", "stats"], prog_name="leads")
    assert result.exit_code == 0, result.output
    months = result.output.split("this month and last", 1)[1].split("request(s) held", 1)[0]
    found = {}
    for line in months.splitlines():
        matched = CLI_ROW.match(line.strip())
        if matched:
            found[matched.group(1)] = (matched.group(2), matched.group(3))
    return found


def test_the_figures_page_shows_what_leads_stats_prints(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    for known in (*DECEMBER, LAST_MONTH, BEFORE):
        store().put_new(lead_of(known))
    at_now(monkeypatch)
    browser = sign_in(people.manager)
    answer = browser.get("/desk/figures")
    assert answer["statusCode"] == 200, answer["body"][:300]
    shown = page_rows(answer["body"])
    labels = [label for label, _, _ in table(_empty())]
    assert list(shown) == labels  # every figure, in order
    # The known values (tests/domain/test_figures.py works them out lead by lead).
    assert shown["Requests received"] == ("7", "1")
    assert shown["Contacted"] == ("4", "1")  # the lead closed as not a fit is not contacted
    assert shown["Median time to first contact"] == ("2.0 business hours", "0.5 business hours")
    assert shown["Contacted within the promise"] == ("3 of 6 due (50%)", "1 of 1 due (100%)")
    assert shown["Median time to acknowledge an urgent request"] == ("30 minutes", "none acknowledged")
    assert (shown["Not a fit"], shown["Spam (not counted as received)"]) == (("1", "0"), ("1", "0"))
    # The same figures as the tool prints for the same leads.
    assert stats_rows(monkeypatch) == shown
    # The chart: a bar per week, its numbers in the table beside it; nothing of a person anywhere on the page.
    assert answer["body"].count('<rect class="bar') == 8 and "<style" not in answer["body"] and " style=" not in answer["body"]
    assert "Jordan" not in answer["body"] and "jordan.blake@example.com" not in answer["body"]
    personal_data.captured.append(answer["body"])


def _empty() -> Any:
    from leadcapture.kernel.business_days import BusinessCalendar
    from leadcapture.kernel.figures import figures

    return figures([], calendar=BusinessCalendar(LA), now=NOW)


def test_a_coordinator_is_refused_the_figures_and_nobody_signed_in_is_sent_to_sign_in(people: People) -> None:
    store().put_new(lead_of(record("2026-12-07T10:00")))
    coordinator = sign_in(people.coordinator)
    answer = coordinator.get("/desk/figures")
    assert answer["statusCode"] == 403 and "Requests received" not in answer["body"]
    assert 'href="/desk/figures"' not in coordinator.get("/desk/inbox")["body"]  # no link in a coordinator's navigation
    answer = Browser().get("/desk/figures")
    assert (answer["statusCode"], answer["headers"]["Location"]) == (303, "/desk/sign-in")
    manager = sign_in(people.manager)
    assert 'href="/desk/figures"' in manager.get("/desk/inbox")["body"]
    assert manager.get("/desk/figures")["statusCode"] == 200


def test_a_practice_sized_month_is_read_in_a_few_calls_without_a_scan(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    # 300 leads a month, this month and last (spam among them), and 40 older ones the page does not read.
    statuses: list[Status] = ["notified", "contacted", "booked", "not_a_fit", "no_response", "spam"]
    days = [f"2026-12-{d:02d}T10:00" for d in range(1, 16)] + [f"2026-11-{d:02d}T10:00" for d in range(1, 31)]
    with boto3.resource("dynamodb").Table(ENV["LEADS_TABLE_NAME"]).batch_writer() as batch:
        from leadcapture.adapters.leads.items import to_plain

        for n in range(640):
            received = days[n % len(days)] if n < 600 else "2026-10-20T10:00"
            status = statuses[n % len(statuses)]
            known = dataclasses.replace(record(received, *(((status, received.replace("T10", "T11")),) if status != "notified" else ())),
                                        status=status)  # fmt: skip
            batch.put_item(Item=to_plain(lead_of(known, id=str(uuid.uuid4()))))
    at_now(monkeypatch)
    browser = sign_in(people.manager)
    calls: Counter[str] = Counter()
    figures_client = wiring.current().figures.client
    figures_client.meta.events.register("before-call.dynamodb.*", lambda model, **_: calls.update([model.name]))
    asked: list[dict[str, Any]] = []
    figures_client.meta.events.register("provide-client-params.dynamodb.BatchGetItem", lambda params, **_: asked.append(params))
    answer = browser.get("/desk/figures")
    assert answer["statusCode"] == 200
    # What is read by key: statuses, times, urgent and who acknowledged when; no field a person typed.
    read = {name for params in asked for wanted in params["RequestItems"].values() for name in wanted["ExpressionAttributeNames"].values()}
    assert read == {"id", "created_at", "status", "urgent", "history", "acknowledged_at"}
    this, last = page_rows(answer["body"])["Requests received"]
    assert int(this) + int(last) == 500  # 600 in the window, a sixth of them spam
    # 11 statuses (not the canary) queried once each; 500 records by key, 100 a call; no Scan. The
    # session's own reads (GetItem, maybe a touch) go through the same client.
    assert calls["Query"] == 11 and calls["BatchGetItem"] == 5 and calls["Scan"] == 0, calls
    assert sum(n for name, n in calls.items() if name not in {"GetItem", "UpdateItem"}) == 16, calls
    print(f"figures page, 600 leads in two months: {dict(calls)}")  # the number the report quotes


def test_the_index_is_read_to_its_last_page(aws: None) -> None:
    from leadcapture.desk.adapters.figures_table import FiguresStore

    for known in (*DECEMBER, LAST_MONTH, BEFORE):
        store().put_new(lead_of(known))
    reader = FiguresStore(ENV["LEADS_TABLE_NAME"], boto3.client("dynamodb"))
    whole = sorted(reader.records(since="2026-11-01T07:00:00.000Z", until="2027-01-01T08:00:00.000Z"), key=lambda r: r.created_at)
    reader.page_limit = 1
    assert sorted(reader.records(since="2026-11-01T07:00:00.000Z", until="2027-01-01T08:00:00.000Z"), key=lambda r: r.created_at) == whole
    assert len(whole) == len(DECEMBER) - 1 + 1  # not the canary, nor the lead of October; November's one
    assert {r.status for r in whole} >= {"spam", "not_a_fit", "booked"}
