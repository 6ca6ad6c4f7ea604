"""The action links through the real handlers on moto: email -> GET page -> POST -> the lead's status and history.

The key is a Secrets Manager secret (rotated here with put-secret-value, as ops would); SES
outages, an unreadable key and a throttled table are injected with botocore event hooks.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from infra.local.runtime import LambdaContext

from leadcapture.actions import handler as actions
from leadcapture.adapters import aws as aws_state
from leadcapture.intake import handler as submit
from leadcapture.notify import handler as notify
from tests.conftest import ENV, http_event, json_event, valid_lead
from tests.integration.helpers import sent_emails, stored_leads
from tests.integration.streams import stream_event

BASE = "https://abc123.execute-api.us-east-1.amazonaws.com"
SECRET = "lead-capture-test/action-link-key"
LINK = re.compile(re.escape(BASE) + r"/actions/([A-Za-z0-9_-]{56})")
SECURITY_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow"}


@pytest.fixture
def linked(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    boto3.client("secretsmanager").create_secret(Name=SECRET, SecretString="first-key-" + "a" * 54)
    monkeypatch.setenv("ACTIONS_BASE_URL", BASE)
    monkeypatch.setenv("ACTION_LINK_KEY_SECRET", SECRET)
    aws_state.reset()
    yield


def rotate(value: str) -> None:
    boto3.client("secretsmanager").put_secret_value(SecretId=SECRET, SecretString=value)
    aws_state.reset()  # as a new execution environment, or the 5-minute cache running out


def emailed_lead(context: LambdaContext, **fields: object) -> tuple[str, dict[str, str]]:
    """Submit and notify one lead; its id and {action: token} from the email's text part."""
    answer = submit.handler(json_event(valid_lead(**fields)), context)
    assert answer["statusCode"] == 201, answer["body"]
    lead_id = str(json.loads(answer["body"])["id"])
    assert notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), context) == {"batchItemFailures": []}
    text = next(m for m in sent_emails() if lead_id in str(m.get_body(("plain",)).get_content()))  # type: ignore[union-attr]
    tokens = LINK.findall(text.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert len(tokens) == 4
    return lead_id, dict(zip(("contacted", "booked", "not_a_fit", "no_response"), tokens, strict=True))


def call(method: str, token: str, context: LambdaContext) -> dict[str, Any]:
    event = http_event(b"" if method == "POST" else None, method=method, path=f"/actions/{token}", accept="text/html",
                       content_type="application/x-www-form-urlencoded" if method == "POST" else None)  # fmt: skip
    # As API Gateway sends it for the route GET|POST /actions/{token}.
    event["routeKey"] = event["requestContext"]["routeKey"] = f"{method} /actions/{{token}}"
    event["pathParameters"] = {"token": token}
    result: dict[str, Any] = actions.handler(event, context)
    return result


def lead(lead_id: str) -> Any:
    return next(x for x in stored_leads() if x.id == lead_id)


def test_open_then_press_records_contacted_with_history_and_twice_is_harmless(
    linked: None, lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    from leadcapture.observability import logger

    # The Logger's handler holds the stream it was created with: point it at a buffer we can read.
    lines = io.StringIO()
    original = logger.registered_handler.setStream(lines)  # type: ignore[attr-defined]
    caplog.set_level(logging.DEBUG, logger=ENV["POWERTOOLS_SERVICE_NAME"])
    caplog.set_level(logging.DEBUG, logger="aws_lambda_powertools")
    try:
        lead_id, tokens = pressed_twice(lambda_context)
    finally:
        logger.registered_handler.setStream(original)  # type: ignore[attr-defined]
    output = lines.getvalue() + capfd.readouterr().out + "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert '"outcome":"recorded"' in output and "ActionRecorded" in output  # the capture saw the run
    assert lead_id in output
    for token in tokens.values():
        assert token not in output  # the token is a capability: never logged


def pressed_twice(lambda_context: LambdaContext) -> tuple[str, dict[str, str]]:
    lead_id, tokens = emailed_lead(lambda_context)
    before = lead(lead_id)
    assert before.status == "notified"

    page = call("GET", tokens["contacted"], lambda_context)
    assert page["statusCode"] == 200
    assert page["headers"]["Content-Type"].startswith("text/html")
    for name, value in SECURITY_HEADERS.items():
        assert page["headers"][name] == value
    assert '<form method="post">' in page["body"] and '<button type="submit">Record “I&#x27;ve contacted them”</button>' in page["body"]
    assert "Rivera" not in page["body"] and "example.com" not in page["body"]  # nothing of the person
    assert lead(lead_id) == before  # opening changed nothing

    done = call("POST", tokens["contacted"], lambda_context)
    assert done["statusCode"] == 200
    assert "Recorded: “I&#x27;ve contacted them”" in done["body"]
    after = lead(lead_id)
    assert after.status == "contacted"
    assert [(c.status, c.by) for c in after.history] == [("new", "form"), ("notified", "notifier"), ("contacted", "coordinator")]

    again = call("POST", tokens["contacted"], lambda_context)
    assert again["statusCode"] == 200 and "Already recorded" in again["body"]
    assert lead(lead_id).history == after.history
    return lead_id, tokens


def test_not_a_fit_pressed_by_mistake_is_corrected_from_the_same_email(linked: None, lambda_context: LambdaContext) -> None:
    # Issue 25, dead end 10: the history keeps both; the page names the request by its reference.
    lead_id, tokens = emailed_lead(lambda_context)
    mistake = call("POST", tokens["not_a_fit"], lambda_context)
    assert mistake["statusCode"] == 200 and f"ref {lead(lead_id).reference}" in mistake["body"]
    assert call("GET", tokens["contacted"], lambda_context)["statusCode"] == 200  # a confirmation, not a refusal
    assert call("POST", tokens["contacted"], lambda_context)["statusCode"] == 200
    assert [c.status for c in lead(lead_id).history[-2:]] == ["not_a_fit", "contacted"]


def test_a_link_with_one_character_changed_is_refused_and_changes_nothing(linked: None, lambda_context: LambdaContext) -> None:
    lead_id, tokens = emailed_lead(lambda_context)
    before = lead(lead_id)
    token = tokens["contacted"]
    for at in (2, 10, 30, 55):  # (the first characters hold the version: a 400 "malformed")
        changed = token[:at] + ("B" if token[at] != "B" else "C") + token[at + 1 :]
        for method in ("GET", "POST"):
            answer = call(method, changed, lambda_context)
            assert answer["statusCode"] == 403, (at, method)
            assert "This link is not valid" in answer["body"]
    assert call("POST", token[:-1], lambda_context)["statusCode"] == 400
    assert lead(lead_id) == before


def test_an_expired_link_gets_its_own_page_and_changes_nothing(linked: None, lambda_context: LambdaContext) -> None:
    from datetime import UTC, datetime, timedelta

    from leadcapture.kernel.action_links import sign

    lead_id, _ = emailed_lead(lambda_context)
    before = lead(lead_id)
    key = boto3.client("secretsmanager").get_secret_value(SecretId=SECRET)["SecretString"].encode()
    # Signed with the stack's key 31 days ago: a link from an email of a month ago.
    old = sign(lead_id, "booked", key=key, now=datetime.now(UTC) - timedelta(days=31))
    answer = call("POST", old, lambda_context)
    assert answer["statusCode"] == 410 and "expired" in answer["body"]
    assert lead(lead_id) == before


def test_links_emailed_before_a_rotation_keep_working_until_the_next_one(linked: None, lambda_context: LambdaContext) -> None:
    first_id, first = emailed_lead(lambda_context)
    rotate("second-key-" + "b" * 53)
    assert call("POST", first["contacted"], lambda_context)["statusCode"] == 200
    assert lead(first_id).status == "contacted"
    rotate("third-key-" + "c" * 54)
    assert call("POST", first["booked"], lambda_context)["statusCode"] == 403
    assert lead(first_id).status == "contacted"


def test_a_link_of_another_key_is_refused_when_the_secret_was_never_rotated(linked: None, lambda_context: LambdaContext) -> None:
    from datetime import UTC, datetime

    from leadcapture.kernel.action_links import sign

    lead_id, _ = emailed_lead(lambda_context)
    foreign = sign(lead_id, "contacted", key=b"not-our-key", now=datetime.now(UTC))
    assert call("POST", foreign, lambda_context)["statusCode"] == 403  # no AWSPREVIOUS: refused, not a 503
    assert lead(lead_id).status == "notified"


def test_an_action_posted_during_an_ses_outage_still_records_the_status(linked: None, lambda_context: LambdaContext) -> None:
    lead_id, tokens = emailed_lead(lambda_context)
    calls: list[str] = []

    def ses_down(event_name: str, **kwargs: Any) -> None:
        calls.append(event_name)
        raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "SES is down"}}, "SendEmail")

    boto3.DEFAULT_SESSION = None
    session = boto3.setup_default_session() or boto3.DEFAULT_SESSION
    assert session is not None
    session.events.register("before-call.sesv2", ses_down)  # every SES v2 client made from now on
    aws_state.clients().sesv2().meta.events.register("before-call.sesv2", ses_down)
    try:
        # The outage is real for the notifier: a second lead's email fails and will be retried.
        second = submit.handler(json_event(valid_lead(first_name="Alexandra")), lambda_context)
        assert second["statusCode"] == 201
        assert notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)["batchItemFailures"] != []
        assert calls
        answer = call("POST", tokens["contacted"], lambda_context)
    finally:
        boto3.DEFAULT_SESSION = None
    assert answer["statusCode"] == 200
    assert lead(lead_id).status == "contacted"
    assert lead(lead_id).history[-1].by == "coordinator"


def test_an_unreadable_key_or_table_is_a_503_retry_page_that_records_nothing(linked: None, lambda_context: LambdaContext) -> None:
    lead_id, tokens = emailed_lead(lambda_context)
    aws_state.reset()  # nothing cached: the key must be read now

    def denied(**kwargs: Any) -> None:
        raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow down"}}, "GetSecretValue")

    aws_state.clients().secretsmanager().meta.events.register("before-call.secrets-manager.GetSecretValue", denied)
    answer = call("POST", tokens["contacted"], lambda_context)
    assert answer["statusCode"] == 503 and int(answer["headers"]["Retry-After"]) > 0
    assert lead(lead_id).status == "notified"

    aws_state.reset()

    def throttled(**kwargs: Any) -> None:
        raise ClientError({"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "x"}}, "UpdateItem")

    aws_state.clients().dynamodb().meta.events.register("before-call.dynamodb.UpdateItem", throttled)
    assert call("POST", tokens["contacted"], lambda_context)["statusCode"] == 503
    aws_state.reset()
    assert lead(lead_id).status == "notified"
    assert call("POST", tokens["contacted"], lambda_context)["statusCode"] == 200  # the same link, later


def test_a_lead_gone_from_the_table_is_a_404_page(linked: None, lambda_context: LambdaContext) -> None:
    lead_id, tokens = emailed_lead(lambda_context)
    boto3.client("dynamodb").delete_item(TableName=ENV["LEADS_TABLE_NAME"], Key={"id": {"S": lead_id}})
    assert call("GET", tokens["contacted"], lambda_context)["statusCode"] == 404
    assert call("POST", tokens["contacted"], lambda_context)["statusCode"] == 404
    assert stored_leads() == []


def test_recording_contact_emits_the_time_to_contact_once(
    linked: None, lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str]
) -> None:
    from tests.integration.abuse import emitted

    capfd.readouterr()
    pressed_twice(lambda_context)  # pressed twice: the second changes nothing and counts nothing
    out = capfd.readouterr().out
    assert emitted(out)["ActionRecorded"] == 1
    documents = [json.loads(line) for line in out.splitlines() if line.startswith('{"_aws"') and "TimeToContact" in line]
    (document,) = documents
    (directive,) = document["_aws"]["CloudWatchMetrics"]
    assert {"Name": "TimeToContact", "Unit": "Seconds"} in directive["Metrics"]
    values = document["TimeToContact"]
    (seconds,) = values if isinstance(values, list) else [values]
    assert 0 <= float(seconds) < 600  # this lead arrived seconds ago


def test_the_bounce_escalation_copy_carries_links_that_record_from_the_email(
    linked: None, monkeypatch: pytest.MonkeyPatch, lambda_context: LambdaContext
) -> None:
    from datetime import UTC, datetime

    from leadcapture.delivery import handler as ses_events
    from leadcapture.kernel.timestamps import utc_stamp
    from tests.ses_event_examples import example

    monkeypatch.setenv("ESCALATION_EMAILS", "manager@practice.example")
    aws_state.reset()
    lead_id, _ = emailed_lead(lambda_context)
    # The links are signed from the event's time and last 30 days: the bounce happens now.
    bounce = example("Bounce", message_id=lead(lead_id).ses_message_id, lead_id=lead_id, at=utc_stamp(datetime.now(UTC)))
    assert ses_events.handler(bounce, lambda_context) == {"outcome": "bounced", "escalation": "sent"}

    escalated = next(m for m in sent_emails() if m["To"] == "manager@practice.example")
    tokens = LINK.findall(escalated.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert len(tokens) == 4
    # Whoever reads the copy records the call from it, as the coordinator would from theirs.
    assert call("POST", tokens[0], lambda_context)["statusCode"] == 200
    assert lead(lead_id).status == "contacted"


def test_a_link_signed_after_a_rotation_the_cache_has_not_seen_is_verified_after_one_read(
    linked: None, lambda_context: LambdaContext
) -> None:
    # Issue 25, defect 4: the actions function cached "the current key, and no previous one" for five
    # minutes, so a link signed with a newer key (the notifier read it first) was refused until then.
    from datetime import UTC, datetime

    from leadcapture.kernel.action_links import sign

    lead_id, tokens = emailed_lead(lambda_context)
    assert call("GET", tokens["contacted"], lambda_context)["statusCode"] == 200  # the actions function's cache is warm
    second = "second-key-" + "b" * 53
    boto3.client("secretsmanager").put_secret_value(SecretId=SECRET, SecretString=second)  # no reset: the cache stays
    reads: list[str] = []
    aws_state.clients().secretsmanager().meta.events.register(
        "provide-client-params.secrets-manager.GetSecretValue", lambda **kwargs: reads.append(kwargs["params"].get("VersionStage", ""))
    )
    newer = sign(lead_id, "contacted", key=second.encode(), now=datetime.now(UTC))
    assert call("POST", newer, lambda_context)["statusCode"] == 200
    assert lead(lead_id).status == "contacted"
    assert sorted(reads) == ["AWSCURRENT", "AWSPREVIOUS"]  # read once, both stages
    # A token of a key nobody has: refused, and no second read so soon (a forger cannot make us read).
    foreign = sign(lead_id, "booked", key=b"not-our-key", now=datetime.now(UTC))
    assert call("POST", foreign, lambda_context)["statusCode"] == 403
    assert len(reads) == 2
    assert lead(lead_id).status == "contacted"
