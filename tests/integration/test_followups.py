"""The followups function under moto: the open-leads index, once-only reminders and escalations, faults."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from botocore.exceptions import ClientError
from infra.local.runtime import LambdaContext

from leadcapture.adapters import aws as aws_state
from leadcapture.followups import handler as followups
from leadcapture.intake.domain.contract import new_lead, validate_submission
from leadcapture.kernel.status_changes import change_status
from leadcapture.kernel.timestamps import utc_stamp
from leadcapture.notify import handler as notify
from tests.conftest import ENV, reset_caches, valid_lead
from tests.integration.helpers import client_error, leads_store, sent_emails
from tests.integration.streams import stream_event

LA = ZoneInfo("America/Los_Angeles")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LA)


def store_lead(when: str, status: str = "new", **fields: object) -> str:
    lead = new_lead(validate_submission(valid_lead(**fields)), now=at(when), consent_version="v1", retention_days=365)
    leads_store().put_new(replace(lead, status=status))  # type: ignore[arg-type]
    return lead.id


def tick(when: str, context: LambdaContext) -> dict[str, Any]:
    """The function as EventBridge's schedule invokes it, at `when` (practice time)."""
    event = {
        "version": "0",
        "id": "5e2c0f5e-0000-4000-8000-000000000000",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": at(when).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": ENV["AWS_DEFAULT_REGION"],
        "resources": ["arn:aws:events:us-east-1:123456789012:rule/followups"],
        "detail": {},
    }
    answer: dict[str, Any] = followups.handler(event, context)
    return answer


def counted(metrics: list[dict[str, Any]], name: str) -> float:
    """The sum of one metric over the EMF blobs (Powertools writes a value or a list of values)."""
    values = [m.get(name, 0) for m in metrics]
    return sum(sum(v) if isinstance(v, list) else v for v in values)


def index_ids() -> list[str]:
    return [lead.id for lead in leads_store().open_leads("9999")]


@pytest.fixture
def escalation_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESCALATION_EMAILS", "manager@practice.example")
    reset_caches()


@contextmanager
def ses_failing_on_call(number: int) -> Iterator[list[int]]:
    """SES's SendEmail throttled on the `number`th call (counting from 1)."""
    client = aws_state.clients().sesv2()
    calls: list[int] = []

    def fail(params: dict[str, Any], **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == number:
            raise client_error("TooManyRequestsException", "SendEmail", status=429)

    client.meta.events.register("before-parameter-build.sesv2.SendEmail", fail)
    try:
        yield calls
    finally:
        client.meta.events.unregister("before-parameter-build.sesv2.SendEmail", fail)


def test_the_index_holds_open_leads_only_and_follows_every_status_change(aws: None) -> None:
    store = leads_store()
    open_id, spam_id, canary_id = (
        store_lead("2026-12-07T10:00"),
        store_lead("2026-12-07T10:01", "spam"),
        store_lead("2026-12-07T10:02", "canary"),
    )
    assert index_ids() == [open_id]
    store.mark_notified(open_id, message_id="m-1", at="2026-12-07T18:00:00.000Z")
    assert index_ids() == [open_id]  # notified is still open
    change_status(open_id, "contacted", store=store, at="2026-12-07T19:00:00.000Z", by="coordinator")
    assert index_ids() == []
    store.release_from_quarantine(spam_id, expires_at=2_000_000_000, at="2026-12-07T20:00:00.000Z")
    assert index_ids() == [spam_id]
    assert canary_id not in index_ids()
    item = aws_state.clients().dynamodb().get_item(TableName=ENV["LEADS_TABLE_NAME"], Key={"id": {"S": open_id}})["Item"]
    assert "open_bucket" not in item


def test_the_index_is_queried_never_scanned_and_holds_no_personal_data(aws: None, lambda_context: LambdaContext) -> None:
    store_lead("2026-12-04T17:30")
    client = aws_state.clients().dynamodb()
    calls: list[str] = []
    client.meta.events.register("before-call.dynamodb.*", lambda model, **kwargs: calls.append(model.name))
    tick("2026-12-07T17:00", lambda_context)
    assert "Query" in calls and "Scan" not in calls
    [item] = client.query(
        TableName=ENV["LEADS_TABLE_NAME"],
        IndexName="open-leads",
        KeyConditionExpression="open_bucket = :open",
        ExpressionAttributeValues={":open": {"S": "open"}},
    )["Items"]
    assert set(item) <= {"id", "open_bucket", "created_at", "status", "urgent", "reminded_at", "escalated_at"}


def test_friday_evening_lead_is_reminded_once_on_monday_after_the_promise(aws: None, lambda_context: LambdaContext) -> None:
    lead_id = store_lead("2026-12-04T17:30")
    assert [tick(when, lambda_context)["reminded"] for when in ("2026-12-05T17:15", "2026-12-06T17:15", "2026-12-07T16:45")] == [[], [], []]
    assert tick("2026-12-07T17:00", lambda_context)["reminded"] == [lead_id]
    assert tick("2026-12-07T17:15", lambda_context)["reminded"] == []
    [email] = sent_emails()
    assert email["Subject"] == "Reminder: New consultation request: Sam R."
    assert email["To"] == ENV["COORDINATOR_EMAILS"]
    body = email.get_body(("plain",))
    assert body is not None and lead_id in body.get_content()
    stored = leads_store().get(lead_id)
    assert stored is not None and stored.reminded_at == "2026-12-08T01:00:00.000Z"


def test_a_lead_contacted_before_the_promise_gets_no_reminder(aws: None, lambda_context: LambdaContext) -> None:
    lead_id = store_lead("2026-12-04T17:30")
    change_status(lead_id, "contacted", store=leads_store(), at=utc_stamp(at("2026-12-07T09:30")), by="coordinator")
    for when in ("2026-12-07T17:00", "2026-12-08T17:00", "2026-12-09T17:00"):
        assert tick(when, lambda_context)["counts"] == {"reminded": 0, "escalated": 0, "failed": 0}
    assert sent_emails() == []


def test_escalation_exactly_once(
    aws: None, lambda_context: LambdaContext, escalation_addresses: None, capfd: pytest.CaptureFixture[str]
) -> None:
    lead_id = store_lead("2026-12-04T17:30")
    runs = [tick(f"2026-12-{day:02d}T{hour}", lambda_context) for day in (7, 8, 9) for hour in ("16:45", "17:00", "17:15")]
    assert [r["escalated"] for r in runs].count([lead_id]) == 1
    assert runs[4]["escalated"] == [lead_id]  # Tuesday 17:00
    subjects = [(str(m["Subject"]), str(m["To"])) for m in sent_emails()]
    assert subjects == [
        ("Reminder: New consultation request: Sam R.", ENV["COORDINATOR_EMAILS"]),
        ("Escalation: New consultation request: Sam R.", "manager@practice.example"),
    ]
    metrics = [json.loads(line) for line in capfd.readouterr().out.splitlines() if '"_aws"' in line]
    assert counted(metrics, "ReminderSent") == 1
    assert counted(metrics, "LeadEscalated") == 1


def test_a_run_failing_halfway_then_rerun_sends_nobody_a_second_reminder(aws: None, lambda_context: LambdaContext) -> None:
    ids = [store_lead(f"2026-12-07T10:0{i}", first_name=name) for i, name in enumerate(("Ann", "Bea", "Cy"))]
    with ses_failing_on_call(2):
        first = tick("2026-12-08T17:00", lambda_context)
    assert first["reminded"] == [ids[0], ids[2]]
    assert first["failed"] == [{"lead_id": ids[1], "kind": "reminder", "error": "TooManyRequestsException"}]
    assert tick("2026-12-08T17:15", lambda_context)["reminded"] == [ids[1]]
    assert tick("2026-12-08T17:30", lambda_context)["reminded"] == []
    assert sorted(str(m["Subject"]) for m in sent_emails()) == [f"Reminder: New consultation request: {n} R." for n in ("Ann", "Bea", "Cy")]


def test_a_run_dying_between_ses_accepting_and_the_mark_sends_nothing_twice(aws: None, lambda_context: LambdaContext) -> None:
    lead_id = store_lead("2026-12-07T10:00")
    client = aws_state.clients().dynamodb()

    def crash_on_mark(params: dict[str, Any], **kwargs: Any) -> None:
        if params.get("TableName") == ENV["LEADS_TABLE_NAME"]:
            raise ClientError({"Error": {"Code": "InternalServerError", "Message": "x"}}, "UpdateItem")

    client.meta.events.register("before-parameter-build.dynamodb.UpdateItem", crash_on_mark)
    first = tick("2026-12-08T17:00", lambda_context)
    client.meta.events.unregister("before-parameter-build.dynamodb.UpdateItem", crash_on_mark)
    assert first["failed"] == [{"lead_id": lead_id, "kind": "reminder", "error": "InternalServerError"}]
    assert len(sent_emails()) == 1
    assert tick("2026-12-08T17:15", lambda_context)["reminded"] == [lead_id]
    assert len(sent_emails()) == 1


def test_an_urgent_lead_also_goes_at_once_to_urgent_emails(
    aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("URGENT_EMAILS", "oncall@practice.example")
    reset_caches()
    store_lead("2026-12-07T10:00", message="I have thoughts of self-harm")
    event = stream_event(ENV["LEADS_TABLE_NAME"])
    notify.handler(event, lambda_context)
    notify.handler(event, lambda_context)
    assert sorted((str(m["To"]), str(m["Subject"])) for m in sent_emails()) == [
        ("coordinator@practice.example", "[URGENT] New consultation request: Sam R."),
        ("oncall@practice.example", "[URGENT] New consultation request: Sam R."),
    ]
