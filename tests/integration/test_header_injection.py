"""Header-injection proof: for each text field, the MIME that SES receives has exactly our headers.

Every value that could forge a header is either refused (422, nothing stored, nothing sent) or
lands escaped in a body part. The sent message is parsed back with Python's `email` parser.
"""

from __future__ import annotations

import json

import pytest
from infra.local.runtime import LambdaContext

from leadcapture.handlers import notify, submit
from tests.conftest import ENV, json_event, valid_lead
from tests.integration.helpers import sent_emails, stored_leads
from tests.integration.streams import stream_event

TEXT_FIELDS = ["first_name", "last_name", "email", "phone", "message", "page_url", "referrer", "utm_source", "utm_medium", "utm_campaign"]
INJECTIONS = [
    "x\r\nBcc: victim@evil.example",
    "x\nBcc: victim@evil.example",
    "x\rBcc: victim@evil.example",
    "x\u2028Bcc: victim@evil.example",
    "x\u0085Bcc: victim@evil.example",
    "x\x00Bcc: victim@evil.example",
    "=?utf-8?q?x=0D=0ABcc:_victim@evil.example?=",
    "x\r\n\r\n<html>fake body</html>",
]
EXPECTED_HEADERS = ["Content-Type", "From", "MIME-Version", "Message-ID", "Reply-To", "Subject", "To"]


def only_our_headers(recipients: set[str]) -> None:
    [email] = sent_emails()
    assert sorted(set(email.keys())) == EXPECTED_HEADERS
    assert [k for k in email if k == "Subject"] == ["Subject"]
    assert email["To"] == ENV["COORDINATOR_EMAILS"]
    assert email["Bcc"] is None and email["Cc"] is None
    assert "evil.example" not in "".join(str(v) for k, v in email.items())
    assert recipients == {ENV["COORDINATOR_EMAILS"]}
    for part in email.walk():
        assert part.get_content_type() in {"multipart/alternative", "text/plain", "text/html"}


def destinations() -> set[str]:
    from moto.ses.models import ses_backends

    return {d for m in ses_backends["123456789012"][ENV["AWS_DEFAULT_REGION"]].sent_messages for d in m.destinations}


@pytest.mark.parametrize("injection", INJECTIONS, ids=range(len(INJECTIONS)))
@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_no_field_can_add_a_header_or_a_recipient(aws: None, lambda_context: LambdaContext, field: str, injection: str) -> None:
    value = {"email": injection.replace("x", "sam@example.com", 1), "phone": injection.replace("x", "2135550117", 1)}.get(field, injection)
    answer = submit.handler(json_event(valid_lead(**{field: value})), lambda_context)
    if answer["statusCode"] == 422:
        assert field in {e["field"] for e in json.loads(answer["body"])["errors"]}
        assert stored_leads() == []
        notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
        assert sent_emails() == []
        return
    # Only the free-text message may hold line breaks; it goes into the body, escaped.
    assert field == "message" and answer["statusCode"] == 201, answer
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    only_our_headers(destinations())
    [email] = sent_emails()
    html = email.get_body(("html",))
    assert html is not None and "<html>fake body</html>" not in html.get_content()


def test_display_name_and_angle_brackets_in_names_stay_inside_the_subject(aws: None, lambda_context: LambdaContext) -> None:
    answer = submit.handler(json_event(valid_lead(first_name='"Admin" <root@evil.example>, Bcc:', last_name="<x>")), lambda_context)
    assert answer["statusCode"] == 201
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    [email] = sent_emails()
    assert email["Subject"] == 'New consultation request: "Admin" <root@evil.example>, Bcc: <.'
    assert email["To"] == ENV["COORDINATOR_EMAILS"]
    assert destinations() == {ENV["COORDINATOR_EMAILS"]}
