"""The submit handler with real payload-2.0 events under moto: what is stored, what is answered."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from infra.local.runtime import LambdaContext

from leadcapture.adapters.leads_table import LeadStore
from leadcapture.intake import handler as submit
from leadcapture.intake.domain.contract import new_lead
from tests.conftest import http_event, json_event, valid_lead
from tests.integration.helpers import body_json, client_error, stored_leads

HTML_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def form_fields(**overrides: object) -> dict[str, str]:
    return {k: "on" if v is True else str(v) for k, v in valid_lead(**overrides).items() if v is not None}


def multipart(fields: dict[str, str], boundary: str = "----WebKitFormBoundary7MA4YWxk") -> tuple[bytes, str]:
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'.encode() + v.encode("utf-8") + b"\r\n"
        for k, v in fields.items()
    )
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_json_post_is_stored_and_answered_201(aws: None, lambda_context: LambdaContext) -> None:
    answer = submit.handler(json_event(valid_lead(utm_source="newsletter", sms_consent=True)), lambda_context)
    assert answer["statusCode"] == 201
    assert answer["headers"]["Content-Type"] == "application/json"
    body = body_json(answer)
    assert body == {"id": body["id"], "status": "received", "lang": "en"}
    [lead] = stored_leads()
    assert lead.id == body["id"]
    assert (lead.status, lead.first_name, lead.phone, lead.email) == ("new", "Sam", "+12135550117", "sam.rivera@example.com")
    assert lead.attribution == {"utm_source": "newsletter"}
    assert lead.consent.version == "2026-11-01"
    assert lead.sms_consent is not None
    assert lead.urgent is False
    assert lead.notified_at is None


def test_urlencoded_base64_post_from_a_plain_form_redirects_303(aws: None, lambda_context: LambdaContext) -> None:
    body = urlencode(form_fields(first_name="José")).encode()
    event = http_event(body, content_type="application/x-www-form-urlencoded", accept=HTML_ACCEPT)
    assert event["isBase64Encoded"] is True
    answer = submit.handler(event, lambda_context)
    assert answer["statusCode"] == 303
    assert answer["headers"]["Location"] == "https://practice.example/thank-you"
    [lead] = stored_leads()
    assert lead.first_name == "José"


def test_urlencoded_not_base64_with_a_json_client(aws: None, lambda_context: LambdaContext) -> None:
    body = urlencode(form_fields())
    answer = submit.handler(http_event(body, content_type="application/x-www-form-urlencoded", base64_body=False), lambda_context)
    assert answer["statusCode"] == 201
    assert len(stored_leads()) == 1


def test_multipart_post(aws: None, lambda_context: LambdaContext) -> None:
    body, content_type = multipart(form_fields(first_name="李", message="line one\r\nline two"))
    answer = submit.handler(http_event(body, content_type=content_type), lambda_context)
    assert answer["statusCode"] == 201
    [lead] = stored_leads()
    assert (lead.first_name, lead.message) == ("李", "line one\nline two")


def test_urgent_lead_answer_carries_crisis_resources(aws: None, lambda_context: LambdaContext) -> None:
    answer = submit.handler(json_event(valid_lead(message="I keep thinking about ending my life")), lambda_context)
    assert answer["statusCode"] == 201
    crisis = body_json(answer)["crisis"]
    assert {r["phone"] for r in crisis["resources"]} == {"988", "911"}
    assert "988" in crisis["message"]
    [lead] = stored_leads()
    assert lead.urgent is True


def test_urgent_plain_form_post_lands_on_the_thank_you_page_with_the_crisis_flag(aws: None, lambda_context: LambdaContext) -> None:
    body = urlencode(form_fields(message="I want to die"))
    answer = submit.handler(http_event(body, content_type="application/x-www-form-urlencoded", accept=HTML_ACCEPT), lambda_context)
    assert answer["statusCode"] == 303
    assert parse_qs(urlsplit(answer["headers"]["Location"]).query) == {"crisis": ["1"]}


def test_422_problem_json_lists_each_bad_field(aws: None, lambda_context: LambdaContext) -> None:
    answer = submit.handler(json_event(valid_lead(email="nope", consent=False, best_time="midnight")), lambda_context)
    assert answer["statusCode"] == 422
    assert answer["headers"]["Content-Type"] == "application/problem+json"
    problem = body_json(answer)
    assert problem["status"] == 422
    assert {e["field"] for e in problem["errors"]} == {"email", "consent", "best_time"}
    assert "nope" not in answer["body"] and "midnight" not in answer["body"]
    assert stored_leads() == []


def test_422_for_a_plain_form_post_is_a_readable_page(aws: None, lambda_context: LambdaContext) -> None:
    body = urlencode(form_fields(email="<script>x</script>"))
    event = http_event(
        body, content_type="application/x-www-form-urlencoded", accept=HTML_ACCEPT, headers={"Referer": "https://practice.example/book"}
    )
    answer = submit.handler(event, lambda_context)
    assert answer["statusCode"] == 422
    assert answer["headers"]["Content-Type"].startswith("text/html")
    page = answer["body"]
    assert "<strong>Email</strong>: must be a single valid email address" in page
    assert 'href="https://practice.example/book"' in page
    assert "<script>" not in page
    assert stored_leads() == []


@pytest.mark.parametrize(
    ("event", "status"),
    [
        (http_event("{", content_type="application/json"), 400),
        (http_event("[1]", content_type="application/json"), 400),
        (http_event("@@@", content_type="application/json", base64_body=False) | {"isBase64Encoded": True}, 400),
        (http_event(b'{"first_name": "\xff"}', content_type="application/json", base64_body=True), 400),
        (http_event(None, content_type="application/json"), 400),
        (http_event("hi", content_type="text/plain"), 415),
        (http_event("{}", content_type=None), 415),
        (http_event('{"m": "' + "a" * 40_000 + '"}', content_type="application/json"), 413),
    ],
    ids=["bad-json", "array", "bad-base64", "bad-utf8", "empty", "text-plain", "no-content-type", "too-large"],
)
def test_malformed_requests_get_a_precise_4xx_and_nothing_is_stored(
    aws: None, lambda_context: LambdaContext, event: dict[str, Any], status: int
) -> None:
    answer = submit.handler(event, lambda_context)
    assert answer["statusCode"] == status
    assert answer["headers"]["Content-Type"] == "application/problem+json"
    assert body_json(answer)["status"] == status
    assert stored_leads() == []


def test_mass_assignment_is_ignored(aws: None, lambda_context: LambdaContext) -> None:
    data = valid_lead(id="attacker-id", status="notified", created_at="1999-01-01", urgent=True, notified_at="x", expires_at=1)
    answer = submit.handler(json_event(data), lambda_context)
    assert answer["statusCode"] == 201
    [lead] = stored_leads()
    assert lead.id != "attacker-id" and lead.status == "new" and lead.urgent is False and lead.notified_at is None
    assert lead.created_at.startswith("20") and lead.expires_at > 1_700_000_000


def test_a_query_string_on_the_post_changes_nothing(aws: None, lambda_context: LambdaContext) -> None:
    answer = submit.handler(json_event(valid_lead(), query="status=notified&id=x"), lambda_context)
    assert answer["statusCode"] == 201
    assert stored_leads()[0].status == "new"


def test_storage_failure_is_a_503_with_retry_after_and_nothing_stored(
    aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadcapture.adapters import aws as aws_state

    client = aws_state.clients().dynamodb()

    def throttle(**kwargs: Any) -> None:
        raise client_error("ProvisionedThroughputExceededException", "PutItem", message="slow down")

    client.meta.events.register("before-call.dynamodb.PutItem", throttle)
    answer = submit.handler(json_event(valid_lead()), lambda_context)
    assert answer["statusCode"] == 503
    assert answer["headers"]["Retry-After"] == "5"
    assert body_json(answer)["status"] == 503
    client.meta.events.unregister("before-call.dynamodb.PutItem", throttle)
    assert stored_leads() == []
    # and the client's retry succeeds
    assert submit.handler(json_event(valid_lead()), lambda_context)["statusCode"] == 201
    assert len(stored_leads()) == 1


def test_a_lead_is_never_overwritten(aws: None) -> None:
    from datetime import UTC, datetime

    from leadcapture.adapters import aws as aws_state
    from leadcapture.intake.domain.contract import validate_submission
    from leadcapture.kernel.errors import LeadExists

    store = LeadStore("leads-test", aws_state.clients().dynamodb())
    lead = new_lead(validate_submission(valid_lead()), now=datetime.now(UTC), consent_version="v", retention_days=1)
    store.put_new(lead)
    with pytest.raises(LeadExists):
        store.put_new(lead)


def test_other_routes_are_404_not_500(aws: None, lambda_context: LambdaContext) -> None:
    answer = submit.handler(http_event(None, method="GET", path="/admin", content_type=None), lambda_context)
    assert answer["statusCode"] == 404


def test_body_base64_json_as_some_clients_send_it(aws: None, lambda_context: LambdaContext) -> None:
    raw = json.dumps(valid_lead(first_name="Zoë"), ensure_ascii=False).encode()
    event = http_event(raw, content_type="application/json; charset=utf-8", base64_body=True)
    assert base64.b64decode(event["body"]) == raw
    assert submit.handler(event, lambda_context)["statusCode"] == 201
