"""Reminders and escalations through the local stack: POST /_local/tick, the outbox, the answers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from tests.e2e.conftest import RunningStack, lead_fields, stack_environment, start_stack, stop_stack

from leadcapture.kernel.business_days import BusinessCalendar
from leadcapture.kernel.timestamps import parse_stamp

JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}


@pytest.fixture(scope="module")
def own_stack() -> Iterator[RunningStack]:
    """A stack of its own: ticking days ahead would remind every open lead of the shared one."""
    running = start_stack("--port", "0", env=stack_environment(ESCALATION_EMAILS="manager@practice.example"))
    yield running
    assert stop_stack(running) == 0, running.console()


def tick(stack: RunningStack, now: str) -> dict[str, object]:
    answer = stack.request("POST", "/_local/tick", json.dumps({"now": now}).encode(), JSON_HEADERS)
    assert answer.status == 200, answer
    document: dict[str, object] = answer.json()
    return document


def test_a_lead_is_reminded_at_its_promise_and_escalated_a_business_day_later_once_each(own_stack: RunningStack, tag: str) -> None:
    answer = own_stack.request("POST", "/consultations", json.dumps({**lead_fields(tag), "consent": True}).encode(), JSON_HEADERS)
    assert answer.status == 201, answer
    lead_id = answer.json()["id"]
    assert len(own_stack.emails_with(tag)) == 1  # the coordinator email
    [lead] = own_stack.leads_with(tag)
    calendar = BusinessCalendar(ZoneInfo("America/Los_Angeles"))
    promise = calendar.promise(parse_stamp(lead["created_at"]))
    escalation = calendar.escalation(promise)

    assert tick(own_stack, (promise - timedelta(minutes=1)).isoformat())["reminded"] == []
    reminded = tick(own_stack, promise.isoformat())
    assert reminded["reminded"] == [lead_id]
    assert reminded["counts"] == {"reminded": 1, "escalated": 0, "failed": 0}
    assert tick(own_stack, (promise + timedelta(minutes=15)).isoformat())["reminded"] == []
    assert tick(own_stack, escalation.isoformat())["escalated"] == [lead_id]
    assert tick(own_stack, (escalation + timedelta(minutes=15)).isoformat())["escalated"] == []

    emails = own_stack.emails_with(tag)
    by_subject = {e["subject"]: e for e in emails}
    assert sorted(by_subject) == [
        "Escalation: New consultation request: Sam R.",
        "New consultation request: Sam R.",
        "Reminder: New consultation request: Sam R.",
    ]
    assert by_subject["Reminder: New consultation request: Sam R."]["to"] == ["coordinator@practice.example"]
    assert by_subject["Escalation: New consultation request: Sam R."]["to"] == ["manager@practice.example"]
    assert lead_id in by_subject["Reminder: New consultation request: Sam R."]["text"]
    [stored] = own_stack.leads_with(tag)
    assert stored["reminded_at"] and stored["escalated_at"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "now: is required"),
        (b"not json", "the body must be JSON"),
        (b'{"now": 5}', "now: must be a string"),
        (b'{"now": "next Monday"}', "now: must be an ISO-8601 instant"),
        (b'{"now": "2026-12-07T17:15:00"}', "now: must carry a time zone offset or Z"),
    ],
)
def test_a_bad_tick_is_a_400_that_says_what_is_wrong(own_stack: RunningStack, body: bytes, message: str) -> None:
    answer = own_stack.request("POST", "/_local/tick", body, JSON_HEADERS)
    assert answer.status == 400
    assert answer.json()["message"].startswith(message)
