"""The notify handler fed with records read from the table's stream (moto), as Lambda would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import pytest
from infra.local.runtime import LambdaContext

from leadcapture.intake import handler as submit
from leadcapture.notify import handler as notify
from tests.conftest import ENV, http_event, json_event, valid_lead
from tests.integration.helpers import body_json, client_error, sent_emails, stored_leads
from tests.integration.streams import stream_event

TABLE = ENV["LEADS_TABLE_NAME"]


def post(data: dict[str, object], context: LambdaContext) -> str:
    answer = submit.handler(json_event(data), context)
    assert answer["statusCode"] == 201, answer
    return str(body_json(answer)["id"])


@contextmanager
def ses_failing(code: str, *, status: int = 400, when: Callable[[dict[str, Any]], bool] = lambda params: True) -> Iterator[list[int]]:
    """Make SES's SendEmail fail with `code` for the calls `when` selects; yields the failure count."""
    from leadcapture.adapters import aws as aws_state

    client = aws_state.clients().sesv2()
    failures: list[int] = []

    def fail(params: dict[str, Any], **kwargs: Any) -> None:
        if when(params):
            failures.append(1)
            raise client_error(code, "SendEmail", status=status)

    client.meta.events.register("before-parameter-build.sesv2.SendEmail", fail)
    try:
        yield failures
    finally:
        client.meta.events.unregister("before-parameter-build.sesv2.SendEmail", fail)


def by_id() -> dict[str, Any]:
    return {lead.id: lead for lead in stored_leads()}


def test_stream_records_carry_the_key_and_no_personal_data(aws: None, lambda_context: LambdaContext) -> None:
    # KEYS_ONLY: the notifier reads the lead itself; names, phone and message never enter the stream.
    lead_id = post(valid_lead(), lambda_context)
    [record] = stream_event(TABLE)["Records"]
    assert record["dynamodb"]["Keys"] == {"id": {"S": lead_id}}
    assert record["dynamodb"]["StreamViewType"] == "KEYS_ONLY"
    assert not {"NewImage", "OldImage"} & set(record["dynamodb"])


# DynamoDB calls the notifier makes for one lead at most: read it, open and complete (or delete) the
# sent-email record, mark it. tests/template sizes the notify function's timeout with this number.
NOTIFY_DYNAMODB_CALLS_PER_LEAD = 4


@contextmanager
def counting_dynamodb_calls() -> Iterator[list[str]]:
    from leadcapture.adapters import aws as aws_state

    client = aws_state.clients().dynamodb()
    calls: list[str] = []

    def count(model: Any, **kwargs: Any) -> None:
        calls.append(model.name)

    client.meta.events.register("before-call.dynamodb", count)
    try:
        yield calls
    finally:
        client.meta.events.unregister("before-call.dynamodb", count)


@pytest.mark.parametrize("failure", [None, "MessageRejected", "ServiceUnavailable"])
def test_one_lead_costs_at_most_the_dynamodb_calls_the_timeout_is_sized_for(
    aws: None, lambda_context: LambdaContext, failure: str | None
) -> None:
    post(valid_lead(), lambda_context)
    event = stream_event(TABLE)
    with counting_dynamodb_calls() as calls:
        if failure:
            with ses_failing(failure, status=503 if failure == "ServiceUnavailable" else 400):
                notify.handler(event, lambda_context)
        else:
            notify.handler(event, lambda_context)
    assert calls, "no DynamoDB call was counted: the hook is on the wrong client"
    assert len(calls) <= NOTIFY_DYNAMODB_CALLS_PER_LEAD, calls


def test_each_encoding_ends_as_one_lead_and_one_email(aws: None, lambda_context: LambdaContext) -> None:
    fields = {k: "on" if v is True else str(v) for k, v in valid_lead(first_name="Form").items()}
    boundary = "b0undary"
    multipart = (
        b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in {**fields, "first_name": "Multi"}.items()
        )
        + f"--{boundary}--\r\n".encode()
    )
    answers = [
        submit.handler(json_event(valid_lead(first_name="Json")), lambda_context),
        submit.handler(http_event(urlencode(fields), content_type="application/x-www-form-urlencoded"), lambda_context),
        submit.handler(http_event(multipart, content_type=f"multipart/form-data; boundary={boundary}"), lambda_context),
    ]
    assert [a["statusCode"] for a in answers] == [201, 201, 201]
    assert notify.handler(stream_event(TABLE), lambda_context) == {"batchItemFailures": []}
    subjects = sorted(str(m["Subject"]) for m in sent_emails())
    assert subjects == ["New consultation request: Form R.", "New consultation request: Json R.", "New consultation request: Multi R."]
    leads = stored_leads()
    assert {lead.status for lead in leads} == {"notified"}
    assert all(lead.ses_message_id and lead.notified_at for lead in leads)


def test_the_email_sent_matches_the_contract(aws: None, lambda_context: LambdaContext) -> None:
    lead_id = post(valid_lead(first_name="Zoë", message="<b>hello</b>"), lambda_context)
    notify.handler(stream_event(TABLE), lambda_context)
    [email] = sent_emails()
    assert email["From"] == ENV["SENDER_EMAIL"]
    assert email["To"] == ENV["COORDINATOR_EMAILS"]
    assert email["Reply-To"] == "sam.rivera@example.com"
    assert email["Subject"] == "New consultation request: Zoë R."
    html = email.get_body(("html",))
    text = email.get_body(("plain",))
    assert html is not None and text is not None
    assert "&lt;b&gt;hello&lt;/b&gt;" in html.get_content()
    assert lead_id in text.get_content()


def test_a_redelivered_record_sends_nothing(aws: None, lambda_context: LambdaContext) -> None:
    post(valid_lead(), lambda_context)
    event = stream_event(TABLE)
    notify.handler(event, lambda_context)
    assert notify.handler(event, lambda_context) == {"batchItemFailures": []}
    assert len(sent_emails()) == 1


def test_modify_and_remove_records_send_nothing(aws: None, lambda_context: LambdaContext) -> None:
    post(valid_lead(), lambda_context)
    notify.handler(stream_event(TABLE), lambda_context)  # marks the lead: a MODIFY record follows
    modify = stream_event(TABLE, event_names=("MODIFY",))
    assert modify["Records"]
    assert notify.handler(modify, lambda_context) == {"batchItemFailures": []}
    assert len(sent_emails()) == 1


def test_throttling_is_retried_then_sent_once(aws: None, lambda_context: LambdaContext) -> None:
    post(valid_lead(), lambda_context)
    event = stream_event(TABLE)
    sequence = event["Records"][0]["dynamodb"]["SequenceNumber"]
    with ses_failing("TooManyRequestsException", status=429) as failures:
        assert notify.handler(event, lambda_context) == {"batchItemFailures": [{"itemIdentifier": sequence}]}
    assert failures and sent_emails() == []
    assert stored_leads()[0].status == "new"
    assert notify.handler(event, lambda_context) == {"batchItemFailures": []}
    assert len(sent_emails()) == 1


def test_one_failing_lead_is_retried_without_resending_the_others(aws: None, lambda_context: LambdaContext) -> None:
    for name in ("Ann", "Bea", "Cy"):
        post(valid_lead(first_name=name, email=f"{name.lower()}@example.com"), lambda_context)
    event = stream_event(TABLE)
    with ses_failing("ServiceUnavailable", status=503, when=lambda params: b"Bea" in params["Content"]["Raw"]["Data"]):
        result = notify.handler(event, lambda_context)
    [failure] = result["batchItemFailures"]
    failed = next(r for r in event["Records"] if r["dynamodb"]["SequenceNumber"] == failure["itemIdentifier"])
    assert by_id()[failed["dynamodb"]["Keys"]["id"]["S"]].first_name == "Bea"
    assert sorted(str(m["Subject"]) for m in sent_emails()) == ["New consultation request: Ann R.", "New consultation request: Cy R."]
    # Lambda redelivers from the failed record on; only Bea's email is new.
    assert notify.handler(event, lambda_context) == {"batchItemFailures": []}
    assert len(sent_emails()) == 3


def test_message_rejected_marks_the_lead_and_is_not_retried(
    aws: None, lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str]
) -> None:
    lead_id = post(valid_lead(), lambda_context)
    event = stream_event(TABLE)
    with ses_failing("MessageRejected"):
        assert notify.handler(event, lambda_context) == {"batchItemFailures": []}
    lead = by_id()[lead_id]
    assert (lead.status, lead.notify_error) == ("notify_failed", "MessageRejected")
    assert '"NotificationFailed"' in capfd.readouterr().out
    assert notify.handler(event, lambda_context) == {"batchItemFailures": []}
    assert sent_emails() == []


@pytest.mark.parametrize("code", ["AccessDeniedException", "AccessDenied"])
def test_a_missing_send_permission_is_retried_not_given_up(aws: None, lambda_context: LambdaContext, code: str) -> None:
    # In the SES sandbox a coordinator identity missing from the grant answers AccessDenied. Ops
    # can fix the permission: the lead stays `new` for the stream's retries, then the DLQ and redrive.
    lead_id = post(valid_lead(), lambda_context)
    event = stream_event(TABLE)
    sequence = event["Records"][0]["dynamodb"]["SequenceNumber"]
    with ses_failing(code, status=403):
        assert notify.handler(event, lambda_context) == {"batchItemFailures": [{"itemIdentifier": sequence}]}
    assert by_id()[lead_id].status == "new"
    assert notify.handler(event, lambda_context) == {"batchItemFailures": []}
    assert by_id()[lead_id].status == "notified"
    assert len(sent_emails()) == 1


def test_an_unverified_sender_is_rejected_by_ses_and_recorded(
    aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import reset_caches

    monkeypatch.setenv("SENDER_EMAIL", "forms@unverified.example")
    reset_caches()
    lead_id = post(valid_lead(), lambda_context)
    assert notify.handler(stream_event(TABLE), lambda_context) == {"batchItemFailures": []}
    assert by_id()[lead_id].status == "notify_failed"
    assert sent_emails() == []


def test_an_outage_of_a_whole_batch_then_recovery_sends_each_once(aws: None, lambda_context: LambdaContext) -> None:
    for name in ("Ann", "Bea", "Cy"):
        post(valid_lead(first_name=name), lambda_context)
    event = stream_event(TABLE)
    with ses_failing("InternalFailure", status=500):
        result = notify.handler(event, lambda_context)
    assert len(result["batchItemFailures"]) == 3
    assert notify.handler(event, lambda_context) == {"batchItemFailures": []}
    assert notify.handler(event, lambda_context) == {"batchItemFailures": []}
    assert len(sent_emails()) == 3


def test_message_can_be_left_out_of_the_email(aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import reset_caches

    monkeypatch.setenv("EMAIL_DETAIL", "contact")
    reset_caches()
    post(valid_lead(message="something very private"), lambda_context)
    notify.handler(stream_event(TABLE), lambda_context)
    [email] = sent_emails()
    assert "something very private" not in email.as_string()
    assert stored_leads()[0].message == "something very private"


def test_urgent_lead_email_subject(aws: None, lambda_context: LambdaContext) -> None:
    post(valid_lead(message="I have thoughts of self-harm"), lambda_context)
    notify.handler(stream_event(TABLE), lambda_context)
    [email] = sent_emails()
    assert email["Subject"] == "[URGENT] New consultation request: Sam R."
