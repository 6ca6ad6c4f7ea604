"""The person's side (issue 23) through the real handlers on moto: submit -> the stream -> the person
function's acknowledgement; the action links' "not a fit" and its note button -> the stream -> the
close note; SES's events about them recorded apart from the coordinator email's.
"""

from __future__ import annotations

import json
import re
import time
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlencode

import boto3
import pytest
from infra.local.runtime import LambdaContext

from leadcapture.actions import handler as actions
from leadcapture.adapters import aws as aws_state
from leadcapture.delivery import handler as ses_events
from leadcapture.intake import handler as submit
from leadcapture.kernel import canary
from leadcapture.notify import handler as notify
from leadcapture.person import handler as person
from tests.conftest import ENV, http_event, json_event, valid_lead
from tests.integration.helpers import assert_holds_none_of, body_json, sent_emails, sent_raw, stored_leads
from tests.integration.streams import stream_event
from tests.ses_event_examples import example

TABLE = ENV["LEADS_TABLE_NAME"]
COORDINATOR = ENV["COORDINATOR_EMAILS"]
BASE = "https://abc123.execute-api.us-east-1.amazonaws.com"
LINK_SECRET = "lead-capture-test/action-link-key"
LINK = re.compile(re.escape(BASE) + r"/actions/([A-Za-z0-9_-]{56})")
REFERRALS = json.dumps(
    {
        "en": [{"name": "Valley Community Clinic", "phone": "(213) 555-0199", "url": "https://valley.example/intake"}],
        "es": [{"name": "Clínica Comunitaria del Valle", "phone": "(213) 555-0198"}],
    }
)


@pytest.fixture
def stack(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    boto3.client("secretsmanager").create_secret(Name=LINK_SECRET, SecretString="link-key-" + "a" * 55)
    monkeypatch.setenv("ACTIONS_BASE_URL", BASE)
    monkeypatch.setenv("ACTION_LINK_KEY_SECRET", LINK_SECRET)
    monkeypatch.setenv("RATE_LIMIT_KEY", "test-rate-limit-key")
    monkeypatch.setenv("REFERRALS", REFERRALS)
    monkeypatch.setenv("PERSON_EMAIL_CONFIGURATION_SET", "lead-capture-person-test")
    aws_state.reset()


def post(context: LambdaContext, **fields: object) -> str:
    answer = submit.handler(json_event(valid_lead(**fields)), context)
    assert answer["statusCode"] == 201, answer["body"]
    return str(body_json(answer)["id"])


def run_stream(context: LambdaContext) -> None:
    """Both readers of the stream, as their event source mappings would: notify INSERTs, person INSERTs and MODIFYs."""
    assert notify.handler(stream_event(TABLE), context) == {"batchItemFailures": []}
    assert person.handler(stream_event(TABLE, event_names=("INSERT", "MODIFY")), context) == {"batchItemFailures": []}


def to_person() -> list[EmailMessage]:
    return [m for m in sent_emails() if m["To"] != COORDINATOR]


def lead(lead_id: str) -> Any:
    return next(x for x in stored_leads() if x.id == lead_id)


def plain(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


# --- the acknowledgement ---------------------------------------------------------------------------


def test_a_good_lead_gets_one_acknowledgement_from_the_practice_with_reply_to_the_coordinator(
    stack: None, lambda_context: LambdaContext
) -> None:
    lead_id = post(lambda_context, acknowledge=True)
    run_stream(lambda_context)
    run_stream(lambda_context)  # every record delivered again
    [ack] = to_person()
    assert (ack["To"], ack["Reply-To"], ack["Subject"]) == ("sam.rivera@example.com", COORDINATOR, "Your request was received")
    assert ack["From"] == ENV["SENDER_EMAIL"]
    assert "We will contact you by the end of the day on" in plain(ack) and "988" in plain(ack)
    stored = lead(lead_id)
    assert stored.acknowledgement_sent_at and stored.acknowledgement_message_id
    assert len(sent_emails()) == 2  # and the coordinator's


def test_the_acknowledgement_is_tagged_with_its_kind_through_the_persons_configuration_set(
    stack: None, lambda_context: LambdaContext
) -> None:
    calls: list[dict[str, Any]] = []
    aws_state.clients().sesv2().meta.events.register("before-parameter-build.sesv2.SendEmail", lambda params, **_: calls.append(params))
    lead_id = post(lambda_context, acknowledge=True)
    person.handler(stream_event(TABLE), lambda_context)
    [params] = calls
    assert params["EmailTags"] == [{"Name": "lead_id", "Value": lead_id}, {"Name": "kind", "Value": "acknowledgement"}]
    assert params["ConfigurationSetName"] == "lead-capture-person-test"


@pytest.mark.parametrize(
    "fields",
    [
        {"website": "https://bot.example"},  # the honeypot: quarantined
        {"website": "https://bot.example", "message": "I want to kill myself tonight"},  # trapped, urgent: a lead, no acknowledgement
        {"email_ok": "no"},
        {"acknowledge": False},
    ],
    ids=["spam-trapped", "trapped urgent", "chose no email", "did not ask"],
)
def test_no_acknowledgement_for_a_lead_that_is_not_owed_one(stack: None, lambda_context: LambdaContext, fields: dict[str, object]) -> None:
    post(lambda_context, **{"acknowledge": True, **fields})
    run_stream(lambda_context)
    assert to_person() == []


def test_a_duplicate_post_is_one_lead_and_one_acknowledgement(stack: None, lambda_context: LambdaContext) -> None:
    body = json.dumps(valid_lead(acknowledge=True))
    first = submit.handler(http_event(body), lambda_context)
    again = submit.handler(http_event(body), lambda_context)
    assert body_json(first)["id"] == body_json(again)["id"]
    run_stream(lambda_context)
    assert len(to_person()) == 1


def test_the_heartbeat_is_never_acknowledged(stack: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CANARY_KEY", "test-canary-key-0123456789")
    aws_state.reset()
    body = json.dumps(valid_lead(acknowledge=True, email="success@simulator.amazonses.com", website="heartbeat")).encode()
    header = canary.sign(b"test-canary-key-0123456789", body, time.time())
    answer = submit.handler(http_event(body, headers={canary.HEADER: header}, remember=False), lambda_context)
    assert answer["headers"][canary.HEADER] == canary.ACCEPTED
    run_stream(lambda_context)
    assert [x.status for x in stored_leads()] == ["canary"]
    assert sent_emails() == []


def test_a_second_request_from_the_same_address_within_24_hours_gets_none(stack: None, lambda_context: LambdaContext) -> None:
    post(lambda_context, acknowledge=True)
    post(lambda_context, acknowledge=True, email="SAM.Rivera@example.com", message="Another question, a day later.")
    post(lambda_context, acknowledge=True, email="someone.else@example.com", first_name="Alexis")
    run_stream(lambda_context)
    assert sorted(m["To"] for m in to_person()) == ["sam.rivera@example.com", "someone.else@example.com"]
    # The window's records hold a keyed hash, never the address.
    items = boto3.client("dynamodb").scan(TableName=ENV["RATE_LIMIT_TABLE_NAME"])["Items"]
    assert len([i for i in items if i["pk"]["S"].startswith("acknowledgement#")]) == 2
    assert "rivera" not in json.dumps(items).lower()


def test_a_spanish_form_gets_a_spanish_acknowledgement(stack: None, lambda_context: LambdaContext) -> None:
    pairs = [("first_name", "Ana"), ("last_name", "López"), ("email", "ana.lopez@example.com"), ("consent", "on"),
             ("acknowledge", "on"), ("lang", "es")]  # fmt: skip
    assert (
        submit.handler(http_event(urlencode(pairs), content_type="application/x-www-form-urlencoded"), lambda_context)["statusCode"] == 201
    )
    run_stream(lambda_context)
    [ack] = to_person()
    assert ack["Subject"] == "Recibimos su solicitud"
    assert "Recibimos su solicitud. Nos pondremos en contacto con usted" in plain(ack)
    assert "llame al 988 y marque 2" in plain(ack)


def test_the_raw_mime_holds_none_of_the_posted_values_but_the_address_it_goes_to(stack: None, lambda_context: LambdaContext) -> None:
    typed = {"first_name": "Marisol", "last_name": "Quintero-Ybarra", "phone": "(818) 555-0142", "email": "marisol.q@example.com",
             "message": "Panic attacks at work, every day since the move."}  # fmt: skip
    post(lambda_context, acknowledge=True, **typed)
    run_stream(lambda_context)
    raws = [raw for raw in sent_raw() if b"\r\nTo: marisol.q@example.com\r\n" in raw]
    assert len(raws) == 1
    assert_holds_none_of(raws[0], typed.values())


# --- the kind close ---------------------------------------------------------------------------------


def links(lead_id: str) -> dict[str, str]:
    email = next(m for m in sent_emails() if lead_id in plain(m))
    return dict(zip(("contacted", "booked", "not_a_fit", "no_response"), LINK.findall(plain(email)), strict=True))


def press(token: str, context: LambdaContext, *, note: bool = False) -> dict[str, Any]:
    body = b"note=send" if note else b""
    event = http_event(body, method="POST", path=f"/actions/{token}", accept="text/html", content_type="application/x-www-form-urlencoded")
    event["routeKey"] = event["requestContext"]["routeKey"] = "POST /actions/{token}"
    event["pathParameters"] = {"token": token}
    answer: dict[str, Any] = actions.handler(event, context)
    return answer


def test_not_a_fit_with_a_note_sends_the_referral_note_once_in_the_persons_language(stack: None, lambda_context: LambdaContext) -> None:
    lead_id = post(lambda_context, lang="es", first_name="Ana", last_name="López")
    run_stream(lambda_context)
    token = links(lead_id)["not_a_fit"]
    recorded = press(token, lambda_context)
    assert recorded["statusCode"] == 200
    assert "Send them the referral note" in recorded["body"] and 'name="note" value="send"' in recorded["body"]
    run_stream(lambda_context)
    assert to_person() == []  # never automatic
    asked = press(token, lambda_context, note=True)
    assert (asked["statusCode"], "Note on its way" in asked["body"]) == (200, True)
    assert "Note already asked for" in press(token, lambda_context, note=True)["body"]
    run_stream(lambda_context)
    run_stream(lambda_context)
    [note] = to_person()
    assert note["Subject"] == "Sobre su solicitud"
    text = plain(note)
    assert "Clínica Comunitaria del Valle: (213) 555-0198" in text
    assert "SAMHSA: 1-800-662-4357" in text and "988" in text
    stored = lead(lead_id)
    assert stored.close_note == "not_a_fit" and stored.close_note_sent_at
    assert [(c.status, c.by, c.event) for c in stored.history if c.event] == [
        ("not_a_fit", "coordinator", "close_note_requested"),
        ("not_a_fit", "notifier", "close_note_sent"),
    ]


def test_not_a_fit_without_a_note_sends_nothing(stack: None, lambda_context: LambdaContext) -> None:
    lead_id = post(lambda_context)
    run_stream(lambda_context)
    press(links(lead_id)["not_a_fit"], lambda_context)
    run_stream(lambda_context)
    assert to_person() == []
    assert lead(lead_id).status == "not_a_fit"


def test_a_person_who_chose_no_email_is_never_sent_one_and_the_page_says_why(stack: None, lambda_context: LambdaContext) -> None:
    lead_id = post(lambda_context, email_ok="no")
    run_stream(lambda_context)
    token = links(lead_id)["no_response"]
    recorded = press(token, lambda_context)
    assert "They asked not to be emailed, so no note can be sent to them." in recorded["body"]
    assert 'name="note"' not in recorded["body"]
    forced = press(token, lambda_context, note=True)  # a forged or stale press of the button
    assert forced["statusCode"] == 409 and "They asked not to be emailed" in forced["body"]
    run_stream(lambda_context)
    assert to_person() == []
    assert lead(lead_id).close_note_requested_at is None


# --- SES's events about the person's emails ------------------------------------------------------------


def test_a_bounced_acknowledgement_is_recorded_on_the_lead_and_raises_no_coordinator_alarm(
    stack: None, lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)
    monkeypatch.setenv("ESCALATION_EMAILS", "manager@practice.example")
    aws_state.reset()
    lead_id = post(lambda_context, acknowledge=True)
    run_stream(lambda_context)
    stored = lead(lead_id)
    bounce = example("Bounce", message_id=stored.acknowledgement_message_id, lead_id=lead_id, at="2026-12-07T18:06:00.000Z")
    bounce["detail"]["mail"]["tags"]["kind"] = ["acknowledgement"]
    capfd.readouterr()
    assert ses_events.handler(bounce, lambda_context) == {"outcome": "person_bounced", "escalation": "not_needed"}
    after = lead(lead_id)
    assert (after.status, after.bounced_at) == (stored.status, None)
    assert (after.acknowledgement_bounced_at, after.acknowledgement_bounce_type) == ("2026-12-07T18:06:00.000Z", "Permanent/General")
    out = capfd.readouterr().out
    assert '"PersonEmailBounced":[1.0]' in out
    assert "CoordinatorEmailBounced" not in out and "EscalationEmail" not in out
    assert len(sent_emails()) == 2  # no escalation copy
