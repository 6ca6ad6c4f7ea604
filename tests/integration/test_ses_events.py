"""The SES events handler under moto, fed with events shaped as AWS documents them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from infra.local.runtime import LambdaContext

from leadcapture.delivery import handler as ses_events
from leadcapture.intake import handler as submit
from leadcapture.kernel.lead import Lead
from leadcapture.notify import handler as notify
from tests.conftest import ENV, json_event, valid_lead
from tests.integration.helpers import body_json, leads_store, sent_emails, stored_leads
from tests.integration.streams import stream_event
from tests.ses_event_examples import example

ESCALATION = "manager@practice.example"


@pytest.fixture
def escalation(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESCALATION_EMAILS", ESCALATION)
    monkeypatch.setenv("SES_CONFIGURATION_SET", "lead-capture-test")


@pytest.fixture
def sends(aws: None) -> list[dict[str, Any]]:
    """The parameters of every SendEmail call (moto keeps neither the tags nor the configuration set)."""
    from leadcapture.adapters import aws as aws_state

    calls: list[dict[str, Any]] = []

    def remember(params: dict[str, Any], **kwargs: Any) -> None:
        calls.append(params)

    aws_state.clients().sesv2().meta.events.register("before-parameter-build.sesv2.SendEmail", remember)
    return calls


def notified_lead(context: LambdaContext, **fields: object) -> Lead:
    answer = submit.handler(json_event(valid_lead(**fields)), context)
    lead_id = str(body_json(answer)["id"])
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), context)
    return lead(lead_id)


def lead(lead_id: str) -> Lead:
    return next(lead for lead in stored_leads() if lead.id == lead_id)


def deliver(event: dict[str, Any], context: LambdaContext) -> dict[str, str]:
    answer: dict[str, str] = ses_events.handler(event, context)
    return answer


def test_the_coordinator_email_is_tagged_with_its_lead_and_sent_through_the_configuration_set(
    escalation: None, sends: list[dict[str, Any]], lambda_context: LambdaContext
) -> None:
    stored = notified_lead(lambda_context)
    (params,) = sends
    assert params["EmailTags"] == [{"Name": "lead_id", "Value": stored.id}]
    assert params["ConfigurationSetName"] == "lead-capture-test"


def test_a_bounce_marks_the_lead_bounced_escalates_once_and_counts_the_metric(
    escalation: None, sends: list[dict[str, Any]], lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str]
) -> None:
    stored = notified_lead(lambda_context)
    assert stored.ses_message_id
    bounce = example("Bounce", message_id=stored.ses_message_id, lead_id=stored.id, at="2026-11-28T18:06:00.000Z")

    assert deliver(bounce, lambda_context) == {"outcome": "bounced", "escalation": "sent"}
    assert deliver(bounce, lambda_context) == {"outcome": "already_recorded", "escalation": "sent"}  # delivered twice

    after = lead(stored.id)
    assert (after.status, after.bounce_type, after.bounced_at) == ("bounced", "Permanent/General", "2026-11-28T18:06:00.000Z")
    coordinator, escalated = sent_emails()
    assert escalated["To"] == ESCALATION
    assert escalated["Subject"] == "[Bounced] " + str(coordinator["Subject"])
    plain = escalated.get_body(("plain",))
    assert plain is not None
    assert "The coordinator's copy bounced: please make sure someone follows up." in plain.get_content()
    assert after.bounce_escalation_message_id and after.bounce_escalation_message_id != stored.ses_message_id
    assert sends[-1]["EmailTags"] == [{"Name": "lead_id", "Value": stored.id}]
    out = capfd.readouterr().out
    assert sum('"CoordinatorEmailBounced":[1.0]' in line for line in out.splitlines()) == 1  # the first event only
    assert '"BounceEscalated"' in out


def test_a_reject_is_treated_as_a_bounce(escalation: None, lambda_context: LambdaContext) -> None:
    stored = notified_lead(lambda_context)
    assert deliver(example("Reject", message_id=stored.ses_message_id, lead_id=stored.id), lambda_context)["outcome"] == "bounced"
    assert (lead(stored.id).status, lead(stored.id).bounce_type) == ("bounced", "Reject")
    assert len(sent_emails()) == 2


def test_delivery_marks_the_lead_delivered_and_times_it(
    escalation: None, lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str]
) -> None:
    stored = notified_lead(lambda_context)
    delivered = example("Delivery", message_id=stored.ses_message_id, lead_id=stored.id, at="2030-01-01T00:00:00.000Z")
    assert deliver(delivered, lambda_context)["outcome"] == "delivered"
    after = lead(stored.id)
    assert (after.status, after.delivered_at, after.history[-1].by) == ("delivered", "2030-01-01T00:00:00.000Z", "ses")
    metric_lines = [json.loads(line) for line in capfd.readouterr().out.splitlines() if '"CaptureToDelivery"' in line]
    (blob,) = metric_lines
    assert blob["_aws"]["CloudWatchMetrics"][0]["Metrics"] == [{"Name": "CaptureToDelivery", "Unit": "Seconds"}]
    assert blob["CaptureToDelivery"][0] > 3 * 365 * 86400  # from 2026's capture to 2030


def test_delivery_after_the_lead_was_contacted_keeps_contacted(escalation: None, lambda_context: LambdaContext) -> None:

    stored = notified_lead(lambda_context)
    assert leads_store().change_status(stored.id, "contacted", at="2026-11-28T18:10:00.000Z", by="coordinator")
    deliver(example("Delivery", message_id=stored.ses_message_id, lead_id=stored.id, at="2026-11-28T18:11:00.000Z"), lambda_context)
    after = lead(stored.id)
    assert (after.status, after.delivered_at) == ("contacted", "2026-11-28T18:11:00.000Z")


def test_a_delay_is_recorded_and_a_complaint_only_counted(
    escalation: None, lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str]
) -> None:
    stored = notified_lead(lambda_context)
    deliver(example("DeliveryDelay", message_id=stored.ses_message_id, lead_id=stored.id, at="2026-11-28T18:07:00.000Z"), lambda_context)
    assert deliver(example("Complaint", message_id=stored.ses_message_id, lead_id=stored.id), lambda_context)["outcome"] == "complaint"
    after = lead(stored.id)
    assert (after.status, after.delivery_delayed_at) == ("notified", "2026-11-28T18:07:00.000Z")
    out = capfd.readouterr().out
    assert '"CoordinatorEmailComplaint"' in out and '"CoordinatorEmailDelayed"' in out


def test_an_unknown_message_id_changes_nothing_and_is_logged(
    escalation: None, lambda_context: LambdaContext, caplog: pytest.LogCaptureFixture
) -> None:
    stored = notified_lead(lambda_context)
    answer = deliver(example("Bounce", message_id="not-ours-000000", lead_id=stored.id), lambda_context)
    assert answer["outcome"] == "unknown_message"
    assert lead(stored.id) == stored
    assert len(sent_emails()) == 1
    from leadcapture.observability import logger

    (record,) = [r for r in caplog.records if getattr(r, "outcome", None) == "unknown_message"]
    line = json.loads(logger.registered_formatter.format(record))
    assert (line["level"], line["lead_id"], line["ses_message_id"]) == ("WARNING", stored.id, "not-ours-000000")


def test_untagged_events_and_other_event_types_are_ignored(escalation: None, lambda_context: LambdaContext) -> None:
    stored = notified_lead(lambda_context)
    untagged = example("Bounce", message_id=stored.ses_message_id)
    not_a_uuid = example("Bounce", message_id=stored.ses_message_id, lead_id="../etc")
    send = {**example("Delivery"), "detail-type": "Email Sent", "detail": {"eventType": "Send", "mail": {}, "send": {}}}
    for event in (untagged, not_a_uuid, send):
        assert deliver(event, lambda_context) == {"outcome": "ignored"}
    assert lead(stored.id) == stored


def test_a_storage_outage_raises_so_lambda_retries_the_event(escalation: None, lambda_context: LambdaContext) -> None:
    from botocore.exceptions import ClientError

    from leadcapture.adapters import aws as aws_state
    from leadcapture.kernel.errors import StorageUnavailable

    stored = notified_lead(lambda_context)

    def throttle(**kwargs: Any) -> None:
        raise ClientError({"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "injected"}}, "GetItem")

    client = aws_state.clients().dynamodb()
    client.meta.events.register("before-parameter-build.dynamodb.GetItem", throttle)
    with pytest.raises(StorageUnavailable):
        deliver(example("Bounce", message_id=stored.ses_message_id, lead_id=stored.id), lambda_context)
    client.meta.events.unregister("before-parameter-build.dynamodb.GetItem", throttle)
    assert deliver(example("Bounce", message_id=stored.ses_message_id, lead_id=stored.id), lambda_context)["outcome"] == "bounced"
    assert len(sent_emails()) == 2


# --- odd shapes (issue 25, defect 7): logged and dropped, never a crash Lambda retries forever ------


def _odd(kind: str, lead_id: str, message_id: str, change: Any) -> dict[str, Any]:
    event = example(kind, message_id=message_id, lead_id=lead_id)
    change(event["detail"])
    return event


ODD_SHAPES = {
    "tags a list": lambda d: d["mail"].update(tags=[{"lead_id": "x"}]),
    "tags a string": lambda d: d["mail"].update(tags="lead_id=x"),
    "the lead id tag a string": lambda d: d["mail"]["tags"].update(lead_id="not-a-list"),
    "the lead id tag a number": lambda d: d["mail"]["tags"].update(lead_id=[7]),
    "mail a list": lambda d: d.update(mail=["not", "a", "mapping"]),
    "mail null": lambda d: d.update(mail=None),
    "the bounce part a list": lambda d: d.update(bounce=["Permanent"]),
    "the bounce part a string": lambda d: d.update(bounce="Permanent"),
    "the bounce type a mapping": lambda d: d["bounce"].update(bounceType={"x": 1}),
    "the timestamp a number": lambda d: d["bounce"].update(timestamp=1234567890),
}


@pytest.mark.parametrize("change", ODD_SHAPES.values(), ids=ODD_SHAPES.keys())
def test_an_event_of_an_odd_shape_is_dropped_or_recorded_never_a_crash(
    escalation: None, lambda_context: LambdaContext, change: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    stored = notified_lead(lambda_context)
    answer = deliver(_odd("Bounce", stored.id, str(stored.ses_message_id), change), lambda_context)
    assert answer["outcome"] in {"ignored", "bounced"}, answer
    assert "Traceback" not in capfd.readouterr().out


def test_a_timestamp_past_2106_is_clamped_and_the_escalation_still_goes(
    escalation: None, sends: list[dict[str, Any]], lambda_context: LambdaContext
) -> None:
    # The escalation copy's links are signed from the bounce's time: a uint32 expiry overflowed there.
    from datetime import UTC, datetime

    from leadcapture.kernel.timestamps import parse_stamp

    stored = notified_lead(lambda_context)
    bounce = example("Bounce", message_id=str(stored.ses_message_id), lead_id=stored.id, at="2107-03-01T00:00:00.000Z")
    assert deliver(bounce, lambda_context) == {"outcome": "bounced", "escalation": "sent"}
    bounced_at = lead(stored.id).bounced_at
    assert bounced_at is not None and parse_stamp(bounced_at) <= datetime.now(UTC)
