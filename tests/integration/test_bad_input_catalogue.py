"""The bad-input catalogue: one class of hostile or broken input per case, through the submit handler.

Each case names its expected status. For every refusal, nothing is stored and nothing is emailed;
for the inputs that are odd but valid (emoji, combining marks, a <script> message, mass assignment,
a query string), exactly one lead is stored, with the server's own id, status and timestamps.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from infra.local.runtime import LambdaContext

from leadcapture.intake import handler as submit
from leadcapture.notify import handler as notify
from leadcapture.person import handler as person
from tests.conftest import ENV, http_event, json_event, valid_lead
from tests.integration.helpers import assert_holds_none_of, sent_emails, sent_raw, stored_leads
from tests.integration.streams import stream_event

FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Case:
    name: str
    event: Callable[[], dict[str, Any]]
    status: int
    field: str | None = None  # for a 422: the field that must be named


def lead_json(**overrides: object) -> Callable[[], dict[str, Any]]:
    return lambda: json_event(valid_lead(**overrides))


def raw_json(text: str | bytes, **kwargs: Any) -> Callable[[], dict[str, Any]]:
    return lambda: http_event(text, content_type="application/json", **kwargs)


def form(pairs: list[tuple[str, str]]) -> Callable[[], dict[str, Any]]:
    return lambda: http_event(urlencode(pairs), content_type=FORM)


VALID_PAIRS = [(k, "on" if v is True else str(v)) for k, v in valid_lead().items()]


def charset(media_type: str, label: str) -> Callable[[], dict[str, Any]]:
    body = json.dumps(valid_lead()) if media_type == "application/json" else urlencode(VALID_PAIRS)
    return lambda: http_event(body, content_type=f"{media_type}; charset={label}")


def multipart_part_charset(label: str) -> Callable[[], dict[str, Any]]:
    parts = [f'--B\r\nContent-Disposition: form-data; name="{k}"\r\n' for k, _ in VALID_PAIRS]
    body = "".join(
        head + (f"Content-Type: text/plain; charset={label}\r\n" if k == "first_name" else "") + f"\r\n{v}\r\n"
        for head, (k, v) in zip(parts, VALID_PAIRS, strict=True)
    )
    return lambda: http_event((body + "--B--\r\n").encode(), content_type="multipart/form-data; boundary=B")


TEXT_FIELDS = ["first_name", "last_name", "email", "phone", "page_url", "utm_source"]
CONTROL = {"CR": "\r", "LF": "\n", "NUL": "\x00", "U+2028": "\u2028", "U+0085": "\u0085"}


def control_cases() -> list[Case]:
    cases = []
    for field in TEXT_FIELDS:
        for label, char in CONTROL.items():
            value = {"email": f"sam{char}x@example.com", "phone": f"213555{char}0117"}.get(field, f"Sam{char}Rivera")
            cases.append(Case(f"{label} in {field}", lead_json(**{field: value}), 422, field))
    cases.append(Case("NUL in message", lead_json(message="hello\x00there"), 422, "message"))
    cases.append(Case("U+0085 in message", lead_json(message="hello\u0085there"), 422, "message"))
    return cases


REFUSED: list[Case] = [
    Case("not JSON", raw_json("{first_name: Sam}"), 400),
    Case("JSON array", raw_json("[]"), 400),
    Case("JSON null", raw_json("null"), 400),
    Case("JSON number", raw_json("42"), 400),
    Case("JSON string", raw_json('"hello"'), 400),
    Case("empty body", raw_json(""), 400),
    Case("no body at all", lambda: http_event(None, content_type="application/json"), 400),
    Case("no content type", lambda: http_event(json.dumps(valid_lead()), content_type=None), 415),
    Case("text/plain", lambda: http_event(json.dumps(valid_lead()), content_type="text/plain"), 415),
    Case("application/xml", lambda: http_event("<lead/>", content_type="application/xml"), 415),
    Case("unknown charset", lambda: http_event(json.dumps(valid_lead()), content_type="application/json; charset=x-klingon"), 415),
    Case("charset=undefined", charset("application/json", "undefined"), 415),
    Case("charset quoted", charset("application/json", '"undefined"'), 415),
    Case("charset upper case", charset("application/json", "UNDEFINED"), 415),
    Case("charset=idna", charset("application/json", "idna"), 415),
    Case("charset=utf-7", charset("application/json", "utf-7"), 415),
    Case("charset=undefined in a form", charset(FORM, "undefined"), 415),
    Case("charset=idna in a form", charset(FORM, "idna"), 415),
    Case("charset in a multipart part", multipart_part_charset("undefined"), 415),
    Case("charset=idna in a multipart part", multipart_part_charset("idna"), 415),
    Case("base64 flag with invalid base64", lambda: {**json_event(valid_lead()), "isBase64Encoded": True}, 400),
    Case("invalid UTF-8", raw_json(b'{"first_name": "\xc3\x28"}', base64_body=True), 400),
    Case("invalid UTF-8 in a form", lambda: http_event(b"first_name=%C3%28", content_type=FORM), 400),
    Case("32 KiB + 1 decoded", raw_json('{"message": "' + "a" * (32 * 1024 - 14) + '"}'), 413),
    Case("32 KiB + 1 decoded, base64", raw_json(('{"message": "' + "a" * (32 * 1024 - 14) + '"}').encode(), base64_body=True), 413),
    Case("deeply nested JSON", raw_json('{"a": ' + "[" * 5000 + "]" * 5000 + "}"), 400),
    Case("21 levels of nesting", raw_json('{"a": ' + "[" * 20 + "]" * 20 + "}"), 400),
    Case("10,000 keys", raw_json(json.dumps({f"k{i}": 1 for i in range(10_000)})), 413),
    Case("1,000 keys", raw_json(json.dumps({f"k{i}": 1 for i in range(1_000)})), 400),
    Case("multipart without boundary", lambda: http_event(b"x", content_type="multipart/form-data"), 400),
    Case("first_name a number", lead_json(first_name=42), 422, "first_name"),
    Case("last_name a list", lead_json(last_name=["Rivera"]), 422, "last_name"),
    Case("email an object", lead_json(email={"a": 1}), 422, "email"),
    Case("phone a number", lead_json(phone=2135550117), 422, "phone"),
    Case("message a bool", lead_json(message=True), 422, "message"),
    Case("sms_consent a number", lead_json(sms_consent=2), 422, "sms_consent"),
    Case("preferred_contact off by one", lead_json(preferred_contact="emails"), 422, "preferred_contact"),
    Case("preferred_contact wrong case", lead_json(preferred_contact="Phone"), 422, "preferred_contact"),
    Case("best_time off by one", lead_json(best_time="evenings"), 422, "best_time"),
    Case("session_for off by one", lead_json(session_for="couple"), 422, "session_for"),
    Case("session_for unknown", lead_json(session_for="group"), 422, "session_for"),
    Case("consent missing", lambda: json_event({k: v for k, v in valid_lead().items() if k != "consent"}), 422, "consent"),
    Case("consent false", lead_json(consent=False), 422, "consent"),
    Case('consent "maybe"', lead_json(consent="maybe"), 422, "consent"),
    Case('consent "false"', lead_json(consent="false"), 422, "consent"),
    Case("consent unchecked in a form", form([p for p in VALID_PAIRS if p[0] != "consent"]), 422, "consent"),
    Case("no email and no phone", lead_json(email=None, phone="", preferred_contact=None), 422, "email"),
    Case("text without sms consent", lead_json(preferred_contact="text"), 422, "sms_consent"),
    Case("RFC 2047 encoded newline in a name", lead_json(first_name="=?utf-8?q?Sam=0D=0ABcc:_x@evil.example?="), 422, "first_name"),
    Case("RFC 2047 encoded word in email", lead_json(email="=?utf-8?b?c2Ft?=@example.com"), 422, "email"),
    Case(
        "RFC 2047 encoded word with spaces in a name",
        lead_json(first_name="=?utf-8?q?A=0AContent-Type: text/html=0A=0A<a href=//evil.example>Sign in</a>?="),
        422,
        "first_name",
    ),
    Case("RFC 2047 base64 word in a name", lead_json(last_name="=?UTF-8?B?QQpCY2M6IHhAZXZpbC5leGFtcGxl?="), 422, "last_name"),
    Case("RFC 2047 encoded word in phone", lead_json(phone="=?utf-8?q?2135550117?="), 422, "phone"),
    Case("urgent marker as a name", lead_json(first_name="[URGENT]"), 422, "first_name"),
    Case("fullwidth urgent marker in a name", lead_json(last_name="Rivera ［ＵＲＧＥＮＴ］"), 422, "last_name"),
    Case("Hangul filler as a name", lead_json(first_name="\u3164"), 422, "first_name"),
    Case("braille blank as a name", lead_json(last_name="\u2800\u2800"), 422, "last_name"),
    Case("phone extension over 10 digits", lead_json(phone="818-821-6012 ext 12345678901"), 422, "phone"),
    Case("several addresses in email", lead_json(email="a@example.com, b@example.com"), 422, "email"),
    Case("addresses separated by ; in email", lead_json(email="a@example.com;b@example.com"), 422, "email"),
    Case("display name in email", lead_json(email="Sam Rivera <sam@example.com>"), 422, "email"),
    Case("zero-width space in email", lead_json(email="sam\u200b@example.com"), 422, "email"),
    Case("homoglyph domain in email", lead_json(email="sam@pаypal.com"), 422, "email"),
    Case("right-to-left override in a name", lead_json(first_name="Sam\u202egnirts"), 422, "first_name"),
    Case("81 code points in a name", lead_json(last_name="é" * 81), 422, "last_name"),
    Case("2,001 characters of message", lead_json(message="a" * 2001), 422, "message"),
    Case("301 characters of utm_campaign", lead_json(utm_campaign="c" * 301), 422, "utm_campaign"),
    Case("phone too short", lead_json(phone="555-0117"), 422, "phone"),
    Case(
        "duplicate key in JSON", raw_json('{"first_name": "Sam", "first_name": "Eve", ' + json.dumps(valid_lead())[1:]), 422, "first_name"
    ),
    Case("repeated form field", form([*VALID_PAIRS, ("email", "eve@example.com")]), 422, "email"),
    *control_cases(),
]

ACCEPTED: list[tuple[str, Callable[[], dict[str, Any]], Callable[[Any], bool]]] = [
    ("emoji in names", lead_json(first_name="Sam 🌻", last_name="Rivera👍🏽"), lambda lead: lead.first_name == "Sam 🌻"),
    ("combining marks in names", lead_json(first_name="Zoe\u0308", last_name="Ngu\u0323\u0302yen"), lambda lead: lead.first_name == "Zoë"),
    ("ZWJ emoji in message", lead_json(message="family: 👨‍👩‍👧"), lambda lead: "👨‍👩‍👧" in lead.message),
    ("<script> message", lead_json(message="<script>alert(1)</script>"), lambda lead: lead.message == "<script>alert(1)</script>"),
    ("80 code points in a name", lead_json(last_name="é" * 80), lambda lead: len(lead.last_name) == 80),
    ("21 [ in a message", lead_json(message="[" * 21), lambda lead: lead.message == "[" * 21),
    ("brackets in every string", lead_json(first_name="Sam {[(", message="{" * 40 + "]" * 40), lambda lead: lead.first_name == "Sam {[("),
    ("phone extension ext", lead_json(phone="818.821.6012 ext 5"), lambda lead: lead.phone == "+18188216012;ext=5"),
    ("phone extension x", lead_json(phone="818-821-6012 x5"), lambda lead: lead.phone == "+18188216012;ext=5"),
    ("phone extension RFC 3966", lead_json(phone="+1 (818) 821-6012;ext=5"), lambda lead: lead.phone == "+18188216012;ext=5"),
    ("punycode domain in email", lead_json(email="ana@xn--bcher-kva.example"), lambda lead: lead.email == "ana@bücher.example"),
    ("non-ASCII local part in email", lead_json(email="josé@bücher.example"), lambda lead: lead.email == "josé@bücher.example"),
    ("charset=UTF-8 quoted", charset("application/json", '"UTF-8"'), lambda lead: lead.first_name == "Sam"),
    (
        "mass assignment ignored",
        lead_json(id="mine", status="notified", created_at="1999-01-01T00:00:00Z", urgent=True, ses_message_id="x"),
        lambda lead: lead.id != "mine" and lead.status == "new" and not lead.urgent and lead.ses_message_id is None,
    ),
    ("query string on the POST", lambda: json_event(valid_lead(), query="status=spam&id=mine"), lambda lead: lead.status == "new"),
    ("unknown fields ignored", lead_json(is_admin=True, diagnosis="x"), lambda lead: not hasattr(lead, "diagnosis")),
    ("form checkbox 'yes'", form([*[p for p in VALID_PAIRS if p[0] != "consent"], ("consent", "yes")]), lambda lead: lead.consent.version),
    (
        "form in base64 with latin-1 charset",
        lambda: http_event(
            urlencode([("first_name", "Zoë"), *VALID_PAIRS[1:]], encoding="latin-1"), content_type=FORM + "; charset=latin-1"
        ),
        lambda lead: lead.first_name == "Zoë",
    ),
]


def test_the_catalogue_has_at_least_35_classes() -> None:
    assert len(REFUSED) + len(ACCEPTED) >= 35


@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
def test_refused_input_gets_its_status_and_leaves_no_trace(aws: None, lambda_context: LambdaContext, case: Case) -> None:
    answer = submit.handler(case.event(), lambda_context)
    assert answer["statusCode"] == case.status, answer["body"][:300]
    problem = json.loads(answer["body"])
    assert answer["headers"]["Content-Type"] == "application/problem+json"
    assert problem["status"] == case.status
    if case.field is not None:
        assert case.field in {e["field"] for e in problem["errors"]}
    assert stored_leads() == []
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    person.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    assert sent_emails() == []


@pytest.mark.parametrize(("name", "event", "check"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_odd_but_valid_input_is_stored_once_and_emailed_escaped(
    aws: None, lambda_context: LambdaContext, name: str, event: Callable[[], dict[str, Any]], check: Callable[[Any], bool]
) -> None:
    answer = submit.handler(event(), lambda_context)
    assert answer["statusCode"] == 201, answer["body"][:300]
    [lead] = stored_leads()
    assert check(lead)
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    [email] = sent_emails()
    html = email.get_body(("html",))
    assert html is not None and "<script>" not in html.get_content()


def test_the_size_limit_applies_to_the_decoded_body_not_the_base64_text(aws: None, lambda_context: LambdaContext) -> None:
    raw = json.dumps(valid_lead(padding="a" * 30_000)).encode()
    event = http_event(raw, content_type="application/json", base64_body=True)
    assert len(raw) < 32 * 1024 < len(event["body"])
    assert submit.handler(event, lambda_context)["statusCode"] == 201


def asking_for_an_acknowledgement(event: dict[str, Any]) -> dict[str, Any]:
    """The same post with the acknowledgement asked for (issue 23), in the body's own encoding."""
    import base64

    raw = base64.b64decode(event["body"]) if event["isBase64Encoded"] else event["body"].encode("utf-8")
    if event["headers"]["content-type"].startswith("application/json"):
        raw = json.dumps({**json.loads(raw), "acknowledge": True}).encode("utf-8")
    else:
        raw += b"&acknowledge=on"
    event["body"] = base64.b64encode(raw).decode("ascii") if event["isBase64Encoded"] else raw.decode("utf-8")
    return event


def posted_values(event: dict[str, Any]) -> list[str]:
    """What the person typed in this post: the personal fields' values, as sent."""
    import base64

    from leadcapture.intake.web.request_body import parse_body
    from tests.personal_data import PERSONAL_FIELDS

    raw = base64.b64decode(event["body"]) if event["isBase64Encoded"] else event["body"].encode("utf-8")
    fields = parse_body(base64.b64encode(raw).decode(), is_base64=True, content_type=event["headers"]["content-type"]).fields
    return [value for name in PERSONAL_FIELDS if isinstance(value := fields.get(name), str) and len(value.strip()) >= 3]


@pytest.mark.parametrize(("name", "event", "check"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_odd_but_valid_input_asking_for_an_acknowledgement_gets_one_holding_none_of_it(
    aws: None, lambda_context: LambdaContext, name: str, event: Callable[[], dict[str, Any]], check: Callable[[Any], bool]
) -> None:
    post = asking_for_an_acknowledgement(event())
    assert submit.handler(post, lambda_context)["statusCode"] == 201
    person.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    [lead] = stored_leads()
    # An address whose local part has no ASCII form cannot be sent to by SES: no acknowledgement.
    assert len(sent_raw()) == (1 if lead.email and lead.email.split("@")[0].isascii() else 0)
    values = posted_values(post)
    assert values, "the case posts personal values"
    for raw in sent_raw():
        assert_holds_none_of(raw, values)


def stored_values(lead: Any) -> list[str]:
    """The person's values as the lead holds them (names, the normalized email, E.164 phone, message)."""
    values = [lead.first_name, lead.last_name, lead.full_name, lead.email, lead.phone, lead.message]
    return [value for value in values if isinstance(value, str) and len(value.strip()) >= 3]


@pytest.mark.parametrize(("name", "event", "check"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_odd_but_valid_input_reaches_no_minimal_coordinator_email(
    aws: None,
    lambda_context: LambdaContext,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    event: Callable[[], dict[str, Any]],
    check: Callable[[Any], bool],
) -> None:
    # EMAIL_DETAIL=minimal (the default): the notice, and the urgent copy, hold nothing the person typed.
    from tests.conftest import reset_caches

    monkeypatch.setenv("EMAIL_DETAIL", "minimal")
    monkeypatch.setenv("URGENT_EMAILS", "oncall@practice.example")
    monkeypatch.setenv("DESK_URL", "https://api.practice.example/desk")
    reset_caches()
    post = event()
    assert submit.handler(post, lambda_context)["statusCode"] == 201
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    [lead] = stored_leads()
    values = [*posted_values(post), *stored_values(lead)]
    assert values, "the case posts personal values"
    raws = sent_raw()
    assert len(raws) == (2 if lead.urgent else 1)
    for raw in raws:
        assert_holds_none_of(raw, values)
        assert f"https://api.practice.example/desk/leads/{lead.id}".encode() in raw.replace(b"=\r\n", b"")
    for email in sent_emails():
        assert email["Reply-To"] is None and email["Subject"].startswith(("New consultation request · ref ", "[URGENT] "))


CRISIS_POSTS = [
    pytest.param(lead_json(message=text, lang=lang), id=f"{lang}-{number}")
    for number, (text, lang) in enumerate([
        ("I've been thinking about ending it all and I have the pills saved up.", "en"),
        ("My husband said he will kill me if I leave, I am hiding at my sister's.", "en"),
        ("Ya no quiero vivir, tengo todo planeado para este fin de semana.", "es"),
    ])
]  # fmt: skip


@pytest.mark.parametrize("event", CRISIS_POSTS)
def test_an_urgent_lead_gets_a_minimal_notice_and_copy_naming_nobody(
    aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch, event: Callable[[], dict[str, Any]]
) -> None:
    from tests.conftest import reset_caches

    monkeypatch.setenv("EMAIL_DETAIL", "minimal")
    monkeypatch.setenv("URGENT_EMAILS", "oncall@practice.example")
    reset_caches()
    post = event()
    assert submit.handler(post, lambda_context)["statusCode"] == 201
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    [lead] = stored_leads()
    assert lead.urgent
    raws = sent_raw()
    assert len(raws) == 2  # the coordinators' email and the urgent copy
    for raw in raws:
        assert_holds_none_of(raw, [*posted_values(post), *stored_values(lead)])
    assert {email["Subject"] for email in sent_emails()} == {f"[URGENT] New consultation request · ref {lead.reference}"}
