"""Header-injection proof: for each text field, the MIME that SES receives has exactly our headers.

Every value that could forge a header is either refused (422, nothing stored, nothing sent) or
lands escaped in a body part. Each sent message is checked on its raw bytes (the header block as
it goes to SES, before any parser could hide what a mail client would see) and parsed back with
Python's `email` parser. CPython before 3.11.10 / 3.12.5 decodes encoded words while folding
(CVE-2024-6923): tests/integration/test_header_injection_py313.py runs this file under 3.13 too.
"""

from __future__ import annotations

import base64
import json
import re

import pytest
from infra.local.runtime import LambdaContext

from leadcapture.intake import handler as submit
from leadcapture.notify import handler as notify
from tests.conftest import ENV, json_event, valid_lead
from tests.integration.helpers import raw_headers, sent_emails, sent_raw, stored_leads
from tests.integration.streams import stream_event

TEXT_FIELDS = ["first_name", "last_name", "email", "phone", "message", "page_url", "referrer", "utm_source", "utm_medium", "utm_campaign"]


def b_word(text: str, charset: str = "utf-8", letter: str = "b") -> str:
    return f"=?{charset}?{letter}?{base64.b64encode(text.encode()).decode()}?="


# An HTML part and a Bcc smuggled in an encoded word: what CPython 3.11.7 turned into real header
# lines and a real body part while folding the subject.
HTML_PART = "=?utf-8?q?A=0AContent-Type: text/html=0A=0A<a href=//evil.example>Sign in</a>?="
INJECTIONS = [
    "x\r\nBcc: victim@evil.example",
    "x\nBcc: victim@evil.example",
    "x\rBcc: victim@evil.example",
    "x\u2028Bcc: victim@evil.example",
    "x\u0085Bcc: victim@evil.example",
    "x\x00Bcc: victim@evil.example",
    "x\r\n\r\n<html>fake body</html>",
    # RFC 2047 encoded words, every shape: q and b, either case, with and without whitespace inside,
    # a language tag, an empty charset, alone or between ordinary words.
    "=?utf-8?q?x=0D=0ABcc:_victim@evil.example?=",
    "=?UTF-8?Q?x=0D=0ABcc:_victim@evil.example?=",
    "=?utf-8?q?x=0ABcc: victim@evil.example?=",
    HTML_PART,
    b_word("x\r\nBcc: victim@evil.example"),
    b_word("x\r\nBcc: victim@evil.example", "UTF-8", "B"),
    "=?utf-8?b?eA0KQmNjOiB2aWN0aW1A ZXZpbC5leGFtcGxl?=",
    b_word("x\r\nBcc: victim@evil.example", "utf-8*en"),
    b_word("x\r\nBcc: victim@evil.example", ""),
    "=?iso-8859-1?q?x=0ABcc:_victim@evil.example?=",
    "=?utf-8?q?Sam=E2=80=AEelpmaxe.live@mitciv?=",
    "x =?utf-8?q?=0ABcc:_victim@evil.example?= y",
    "x=?utf-8?q?=0ABcc:_victim@evil.example?=y",
]
# Where each field puts the "x" of a shape so the rest of the value still looks like that field.
STAND_INS = {"email": "sam@example.com", "phone": "2135550117"}
EXPECTED_HEADERS = ["Content-Type", "From", "MIME-Version", "Message-ID", "Reply-To", "Subject", "To"]
# The only encoded words a header may hold: base64 of UTF-8, as the composer writes them.
OUR_WORD = re.compile(r"=\?utf-8\?b\?[A-Za-z0-9+/]+={0,2}\?=")


def destinations() -> set[str]:
    from moto.ses.models import ses_backends

    return {d for m in ses_backends["123456789012"][ENV["AWS_DEFAULT_REGION"]].sent_messages for d in m.destinations}


def decode_subject(value: str) -> str:
    """The subject as a mail client shows it; after our fixed prefix, nothing but our own words."""
    prefix, start, rest = value.partition("=?")
    words = OUR_WORD.findall(start + rest)
    assert re.sub(r"\s", "", start + rest) == "".join(words), value
    # Each word holds whole characters (RFC 2047 5.3), so each decodes on its own.
    return prefix + "".join(base64.b64decode(word[10:-2]).decode("utf-8") for word in words)


def only_our_headers_on_the_wire() -> str:
    """Check the one sent message's raw bytes and parsed form; return the subject as displayed."""
    [raw] = sent_raw()
    fields = raw_headers(raw)
    assert sorted(name for name, _ in fields) == EXPECTED_HEADERS, fields
    values = dict(fields)
    # No submitted text in a header can be decoded as an encoded word: the subject's submitted part
    # is base64 the composer wrote, and no other header holds "=?" at all.
    for name, value in fields:
        if name != "Subject":
            assert "=?" not in value, (name, value)
    subject = decode_subject(values["Subject"])
    assert subject.startswith("New consultation request: ")
    assert not any(c in subject for c in "\r\n\u2028\u2029\u0085\u202e\x00"), subject
    assert values["To"] == ENV["COORDINATOR_EMAILS"]
    assert b"evil.example" not in raw.split(b"\r\n\r\n", 1)[0]
    # Exactly the two parts we wrote: no submitted text started a part (or a header) of its own.
    assert raw.count(b"\r\nContent-Type: ") == 3
    assert destinations() == {ENV["COORDINATOR_EMAILS"]}
    [email] = sent_emails()
    assert [part.get_content_type() for part in email.walk()] == ["multipart/alternative", "text/plain", "text/html"]
    assert email["Bcc"] is None and email["Cc"] is None
    assert email["Subject"] == subject
    return subject


def submit_and_notify(lambda_context: LambdaContext, **fields: object) -> dict[str, object]:
    answer: dict[str, object] = submit.handler(json_event(valid_lead(**fields)), lambda_context)
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    return answer


@pytest.mark.parametrize("injection", INJECTIONS, ids=range(len(INJECTIONS)))
@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_no_field_can_add_a_header_or_a_recipient(aws: None, lambda_context: LambdaContext, field: str, injection: str) -> None:
    value = injection.replace("x", STAND_INS[field], 1) if field in STAND_INS and "x" in injection else injection
    answer = submit_and_notify(lambda_context, **{field: value})
    if answer["statusCode"] == 422:
        assert field in {e["field"] for e in json.loads(str(answer["body"]))["errors"]}
        assert stored_leads() == []
        assert sent_raw() == []
        return
    # Only the free-text message may hold line breaks or encoded words; it goes into the body, escaped.
    assert field == "message" and answer["statusCode"] == 201, answer
    only_our_headers_on_the_wire()
    [email] = sent_emails()
    html = email.get_body(("html",))
    assert html is not None and "<html>fake body</html>" not in html.get_content()
    assert "<a href=//evil.example>" not in html.get_content()


@pytest.mark.parametrize(
    "fields",
    [
        # An encoded word split between the name fields: each half alone holds no "=?...?=".
        {"first_name": "=?utf-8?q?Sam=0ABcc:_victim@evil.example?", "last_name": "=Rivera"},
        {"first_name": "=?utf-8?q?", "last_name": "?="},
        {"first_name": "Sam=?utf-8?b?", "last_name": "DQpCY2M6IHZAZXZpbC5leGFtcGxl?="},
        {"first_name": "=?", "last_name": "utf-8?q?=0ABcc:_v@evil.example?="},
        # Half in a name, half in the message (which lands in the body only).
        {"first_name": "=?utf-8?q?Sam=0ABcc:_victim@evil.example", "message": "?= the rest"},
    ],
    ids=range(5),
)
def test_an_encoded_word_split_across_fields_is_never_decoded(aws: None, lambda_context: LambdaContext, fields: dict[str, str]) -> None:
    answer = submit_and_notify(lambda_context, **fields)
    if answer["statusCode"] == 422:
        assert stored_leads() == [] and sent_raw() == []
        return
    assert answer["statusCode"] == 201, answer
    subject = only_our_headers_on_the_wire()
    [lead] = stored_leads()
    assert subject == f"New consultation request: {lead.first_name} {lead.last_initial}."


@pytest.mark.parametrize(
    "value",
    ["=?utf-8?q?x?=@example.com", "sam@=?utf-8?q?evil?=.example", "=?utf-8?q?sam?= <sam@example.com>", "sam+=?utf-8?b?DQo=?=@example.com"],
)
def test_encoded_words_in_the_email_field_are_refused(aws: None, lambda_context: LambdaContext, value: str) -> None:
    answer = submit_and_notify(lambda_context, email=value)
    assert answer["statusCode"] == 422
    assert {e["field"] for e in json.loads(str(answer["body"]))["errors"]} == {"email"}
    assert sent_raw() == []


@pytest.mark.parametrize("value", ["=?utf-8?q?2135550117?=", "2135550117 =?utf-8?q?=0A?=", "=?utf-8?b?MjEzNTU1MDExNw==?="])
def test_encoded_words_in_the_phone_field_are_refused(aws: None, lambda_context: LambdaContext, value: str) -> None:
    answer = submit_and_notify(lambda_context, phone=value)
    assert answer["statusCode"] == 422
    assert {e["field"] for e in json.loads(str(answer["body"]))["errors"]} == {"phone"}
    assert sent_raw() == []


def test_display_name_and_angle_brackets_in_names_stay_inside_the_subject(aws: None, lambda_context: LambdaContext) -> None:
    answer = submit_and_notify(lambda_context, first_name='"Admin" <root@evil.example>, Bcc:', last_name="<x>")
    assert answer["statusCode"] == 201
    assert only_our_headers_on_the_wire() == 'New consultation request: "Admin" <root@evil.example>, Bcc: <.'
