"""The second look through the handlers under moto: submit -> the stream -> notify, as Lambda runs them.

A message the phrase lists leave calm, which the crisis model flags, ends `urgent` in the table (by
the second look, with its history entry), reaches the coordinators and URGENT_EMAILS as `[URGENT]`,
and, with paging on, puts its first page on the queue. The lists catch every message of the tuned
set, so the model here is hand-set (its crisis word is one no list holds), injected where the
notifier gets its model (`Wiring.second_look`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from infra.local.runtime import LambdaContext

from leadcapture.intake import handler as submit
from leadcapture.intake.domain.triage import reads_like_crisis
from leadcapture.kernel.timestamps import parse_stamp
from leadcapture.notify import handler as notify
from leadcapture.notify import wiring
from leadcapture.notify.domain.second_look import SecondLook
from tests.conftest import ENV, json_event, valid_lead
from tests.integration.helpers import body_json, client_error, leads_store, sent_emails
from tests.integration.streams import stream_event
from tests.integration.test_notify import counting_dynamodb_calls
from tests.integration.test_urgent import paging, queued  # noqa: F401 - `paging` is a fixture

TABLE = ENV["LEADS_TABLE_NAME"]
MODEL = SecondLook(bias=-6.0, weights={"w:pelican": 12.0}, threshold=0.9)
FLAGGED = "Most nights I think about the pelican and where it ends."
URGENT_SUBJECT = "[URGENT] New consultation request: Sam R."


@pytest.fixture
def model(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The hand-set model in place of the shipped weights; yields how many times the notifier asked for it."""
    asked: list[int] = []

    def second_look(self: wiring.Wiring) -> SecondLook:
        asked.append(1)
        return MODEL

    monkeypatch.setattr(wiring.Wiring, "second_look", second_look)
    monkeypatch.setenv("URGENT_EMAILS", "oncall@practice.example")
    yield asked


def post(context: LambdaContext, **fields: object) -> str:
    answer = submit.handler(json_event(valid_lead(**fields)), context)
    assert answer["statusCode"] == 201, answer
    assert "crisis" not in body_json(answer)  # the person's answer is the lists' alone
    return str(body_json(answer)["id"])


def test_a_message_the_lists_miss_and_the_model_flags_ends_urgent_with_urgent_emails(
    model: list[int], lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str]
) -> None:
    from leadcapture.observability import logger

    assert not reads_like_crisis(FLAGGED)
    lead_id = post(lambda_context, message=FLAGGED)
    # The Logger's handler holds the stream it was created with: point it at a buffer we can read.
    lines = io.StringIO()
    original = logger.registered_handler.setStream(lines)  # type: ignore[attr-defined]
    try:
        assert notify.handler(stream_event(TABLE), lambda_context) == {"batchItemFailures": []}
    finally:
        logger.registered_handler.setStream(original)  # type: ignore[attr-defined]

    lead = leads_store().get(lead_id)
    assert lead is not None
    assert (lead.status, lead.urgent, lead.urgent_by, lead.trapped) == ("notified", True, "second_look", False)
    assert [(c.status, c.by, c.event) for c in lead.history] == [
        ("new", "form", None),
        ("new", "second_look", "urgent_on_second_look"),
        ("notified", "notifier", None),
    ]
    assert sorted((str(e["To"]), str(e["Subject"])) for e in sent_emails()) == [
        ("coordinator@practice.example", URGENT_SUBJECT),
        ("oncall@practice.example", URGENT_SUBJECT),
    ]
    item = boto3.client("dynamodb").get_item(TableName=TABLE, Key={"id": {"S": lead_id}})["Item"]
    assert item["urgent_at"]["S"] == lead.history[1].at

    out = capfd.readouterr().out + lines.getvalue()
    assert '"UrgentBySecondLook"' in out
    [logged] = [json.loads(line) for line in lines.getvalue().splitlines() if "marked urgent on a second look" in line]
    assert (logged["lead_id"], logged["released"]) == (lead_id, False)
    assert "pelican" not in out.lower()


def test_with_paging_on_the_flagged_lead_is_paged_at_once(model: list[int], paging: str, lambda_context: LambdaContext) -> None:  # noqa: F811
    lead_id = post(lambda_context, message=FLAGGED)
    assert notify.handler(stream_event(TABLE), lambda_context) == {"batchItemFailures": []}
    [step1] = queued(paging)
    assert json.loads(step1.body)["step"] == 1 and not step1.delayed
    lead = leads_store().get(lead_id)
    assert lead is not None and lead.urgent and lead.page_scheduled == 1
    assert {str(e["Subject"]) for e in sent_emails()} == {URGENT_SUBJECT}


def test_a_calm_message_stays_calm_and_costs_no_more_dynamodb_calls(model: list[int], lambda_context: LambdaContext) -> None:
    lead_id = post(lambda_context, message="We would like couples counselling.")
    event = stream_event(TABLE)
    with counting_dynamodb_calls() as calls:
        assert notify.handler(event, lambda_context) == {"batchItemFailures": []}
    assert calls.count("GetItem") == 1  # the second look's read serves the email too
    lead = leads_store().get(lead_id)
    assert lead is not None and not lead.urgent and lead.urgent_by is None
    assert [str(e["Subject"]) for e in sent_emails()] == ["New consultation request: Sam R."]
    assert model == [1]


def test_a_quarantined_lead_the_model_flags_is_released_urgent_and_emailed(model: list[int], lambda_context: LambdaContext) -> None:
    lead_id = post(lambda_context, message=FLAGGED, website="https://spam.example")
    stored = leads_store().get(lead_id)
    assert stored is not None and stored.status == "spam"
    assert notify.handler(stream_event(TABLE), lambda_context) == {"batchItemFailures": []}

    lead = leads_store().get(lead_id)
    assert lead is not None
    assert (lead.status, lead.urgent, lead.trapped, lead.urgent_by) == ("notified", True, True, "second_look")
    assert lead.expires_at == int(parse_stamp(lead.created_at).timestamp()) + 365 * 86400  # RETENTION_DAYS' default
    item = boto3.client("dynamodb").get_item(TableName=TABLE, Key={"id": {"S": lead_id}})["Item"]
    assert item["open_bucket"]["S"] == "open" and "released_at" in item  # in the open-leads index now
    emails = sent_emails()
    assert len(emails) == 2 and {str(e["Subject"]) for e in emails} == {URGENT_SUBJECT}
    assert "Caught by the spam trap" in emails[0].as_string()


def test_a_calm_quarantined_lead_stays_quarantined(model: list[int], lambda_context: LambdaContext) -> None:
    lead_id = post(lambda_context, message="Cheap watches, visit my site", website="https://spam.example")
    assert notify.handler(stream_event(TABLE), lambda_context) == {"batchItemFailures": []}
    lead = leads_store().get(lead_id)
    assert lead is not None and (lead.status, lead.urgent) == ("spam", False)
    assert sent_emails() == []


def test_a_redelivered_record_marks_nothing_twice(model: list[int], lambda_context: LambdaContext) -> None:
    lead_id = post(lambda_context, message=FLAGGED)
    event = stream_event(TABLE)
    notify.handler(event, lambda_context)
    assert notify.handler(event, lambda_context) == {"batchItemFailures": []}
    lead = leads_store().get(lead_id)
    assert lead is not None
    assert [c.event for c in lead.history].count("urgent_on_second_look") == 1
    assert len(sent_emails()) == 2


def test_the_canary_is_never_looked_at(model: list[int], lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str]) -> None:
    lead_id = post(lambda_context, message=FLAGGED)
    # The heartbeat's canary, as the notifier reads it (its message is the synthetic one; any would do).
    boto3.client("dynamodb").update_item(
        TableName=TABLE,
        Key={"id": {"S": lead_id}},
        UpdateExpression="SET #s = :canary",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":canary": {"S": "canary"}},
    )
    assert notify.handler(stream_event(TABLE), lambda_context) == {"batchItemFailures": []}
    lead = leads_store().get(lead_id)
    assert lead is not None and (lead.status, lead.urgent) == ("canary", False)
    assert sent_emails() == [] and model == []
    assert '"HeartbeatOK"' in capfd.readouterr().out


def test_a_table_failure_on_the_mark_retries_the_record_and_the_retry_marks_once(
    model: list[int], lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str]
) -> None:
    from leadcapture.adapters import aws as aws_state

    lead_id = post(lambda_context, message=FLAGGED)
    event = stream_event(TABLE)
    client = aws_state.clients().dynamodb()

    def fail(params: dict[str, Any], **kwargs: Any) -> None:
        if "urgent_by" in params.get("UpdateExpression", ""):
            raise client_error("ServiceUnavailable", "UpdateItem", status=503)

    client.meta.events.register("before-parameter-build.dynamodb.UpdateItem", fail)
    try:
        answer = notify.handler(event, lambda_context)
    finally:
        client.meta.events.unregister("before-parameter-build.dynamodb.UpdateItem", fail)
    assert answer == {"batchItemFailures": [{"itemIdentifier": event["Records"][0]["dynamodb"]["SequenceNumber"]}]}
    assert sent_emails() == []  # nothing went out as calm
    assert '"NotificationRetried"' in capfd.readouterr().out

    assert notify.handler(event, lambda_context) == {"batchItemFailures": []}
    lead = leads_store().get(lead_id)
    assert lead is not None and lead.urgent and [c.event for c in lead.history].count("urgent_on_second_look") == 1
    assert {str(e["Subject"]) for e in sent_emails()} == {URGENT_SUBJECT}


def test_weights_that_cannot_be_read_hold_no_email_back(
    aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    def broken(self: wiring.Wiring) -> SecondLook:
        raise ValueError("second look weights: not a JSON object")

    monkeypatch.setattr(wiring.Wiring, "second_look", broken)
    lead_id = post(lambda_context, message=FLAGGED)
    assert notify.handler(stream_event(TABLE), lambda_context) == {"batchItemFailures": []}
    lead = leads_store().get(lead_id)
    assert lead is not None and lead.status == "notified" and not lead.urgent
    assert '"SecondLookUnavailable"' in capfd.readouterr().out


def test_the_shipped_model_is_what_the_notifier_reads(aws: None, lambda_context: LambdaContext) -> None:
    from leadcapture.notify.domain.second_look import load_second_look

    w = wiring.current()
    assert w.second_look() is load_second_look()


def test_the_tables_mark_is_conditional_and_never_clears_a_flag(aws: None, lambda_context: LambdaContext) -> None:
    store = leads_store()
    calm = post(lambda_context, message="We would like couples counselling.")
    quarantined = post(lambda_context, message="Cheap watches", website="https://spam.example")
    urgent = submit.handler(json_event(valid_lead(message="I have thoughts of self-harm")), lambda_context)
    urgent_id = str(body_json(urgent)["id"])
    at = "2026-12-07T18:00:00.000Z"
    # A quarantined lead is released only when asked to be, and a new one is never "released".
    assert not store.mark_urgent_on_second_look(quarantined, at=at)
    assert not store.mark_urgent_on_second_look(calm, at=at, released_expires_at=2_000_000_000)
    # Urgent already (by the lists): nothing changes, urgent_by stays unset.
    assert not store.mark_urgent_on_second_look(urgent_id, at=at)
    by_lists = store.get(urgent_id)
    assert by_lists is not None and by_lists.urgent and by_lists.urgent_by is None
    assert not store.mark_urgent_on_second_look("no-such-lead", at=at)
    # Once, and a second mark changes nothing.
    assert store.mark_urgent_on_second_look(calm, at=at)
    assert not store.mark_urgent_on_second_look(calm, at="2026-12-07T18:00:09.000Z")
    lead = store.get(calm)
    assert lead is not None and lead.urgent and [c.at for c in lead.history if c.event == "urgent_on_second_look"] == [at]
