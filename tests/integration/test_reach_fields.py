"""Issue 23's fields through the submit handler: how to reach the person and how not, and the
acknowledgement they may ask for, in every body encoding and through every preset.

`best_time` takes several values (a checkbox group posts its name once per box, JSON an array, a
script a comma list); `voicemail_ok` and `email_ok` are yes or no; `acknowledge` is a checkbox, off
by default. Bad values get the usual 422 with codes, in English and Spanish; a form without them
is what it was.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from infra.local.runtime import LambdaContext

from leadcapture.intake import handler as submit
from leadcapture.notify import handler as notify
from tests.conftest import ENV, http_event, json_event, valid_lead
from tests.integration.helpers import body_json, sent_emails, stored_leads
from tests.integration.streams import stream_event

FORM = "application/x-www-form-urlencoded"
PERSON = [("first_name", "Marisol"), ("last_name", "Quintero"), ("email", "marisol.q@example.com"), ("phone", "(818) 555-0142")]
CHOICES = [
    ("preferred_contact", "text"),
    ("sms_consent", "on"),
    ("best_time", "evening"),
    ("best_time", "morning"),
    ("voicemail_ok", "no"),
    ("email_ok", "no"),
    ("acknowledge", "on"),
    ("consent", "on"),
]
EXPECTED = {"best_time": ("morning", "evening"), "voicemail_ok": False, "email_ok": False, "acknowledge": True}


def multipart(pairs: list[tuple[str, str]]) -> bytes:
    parts = "".join(f'--B\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in pairs)
    return (parts + "--B--\r\n").encode()


def as_json(pairs: list[tuple[str, str]]) -> str:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key == "best_time":
            data.setdefault(key, []).append(value)
        else:
            data[key] = value
    return json.dumps(data)


ENCODINGS = {
    "json array": lambda pairs: http_event(as_json(pairs), content_type="application/json"),
    "urlencoded, repeated": lambda pairs: http_event(urlencode(pairs), content_type=FORM),
    "multipart, repeated": lambda pairs: http_event(multipart(pairs), content_type="multipart/form-data; boundary=B"),
}


def stored_choices() -> dict[str, object]:
    [lead] = stored_leads()
    return {name: getattr(lead, name) for name in EXPECTED}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_each_encoding_stores_the_new_fields_and_the_email_opens_with_them(aws: None, lambda_context: LambdaContext, encoding: str) -> None:
    answer = submit.handler(ENCODINGS[encoding]([*PERSON, *CHOICES]), lambda_context)
    assert answer["statusCode"] == 201, answer["body"]
    assert stored_choices() == EXPECTED
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    [email] = sent_emails()
    text = email.get_body(("plain",))
    assert text is not None
    lines = text.get_content().splitlines()
    assert lines[0] == "How to reach them: Prefers text · no voicemail · no email · mornings, evenings"
    assert "Best time: Morning, Evening" in lines


def test_a_comma_list_is_several_times_too(aws: None, lambda_context: LambdaContext) -> None:
    answer = submit.handler(json_event(valid_lead(best_time="afternoon, anytime")), lambda_context)
    assert answer["statusCode"] == 201
    [lead] = stored_leads()
    assert lead.best_time == ("afternoon", "anytime")


def test_a_form_without_the_new_fields_is_what_it_was(aws: None, lambda_context: LambdaContext) -> None:
    answer = submit.handler(
        http_event(urlencode([*PERSON, ("best_time", "morning"), ("consent", "on")]), content_type=FORM), lambda_context
    )
    assert answer["statusCode"] == 201
    assert stored_choices() == {"best_time": ("morning",), "voicemail_ok": None, "email_ok": None, "acknowledge": False}
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    [email] = sent_emails()
    text = email.get_body(("plain",))
    assert text is not None
    # Only what the person said: the channel (defaulted as before) and the time.
    assert text.get_content().splitlines()[0] == "How to reach them: Prefers email · mornings"


def test_another_field_sent_twice_is_still_refused(aws: None, lambda_context: LambdaContext) -> None:
    answer = submit.handler(http_event(urlencode([*PERSON, *CHOICES, ("voicemail_ok", "yes")]), content_type=FORM), lambda_context)
    assert answer["statusCode"] == 422
    assert [(e["field"], e["code"]) for e in body_json(answer)["errors"]] == [("voicemail_ok", "repeated")]
    assert stored_leads() == []


# --- bad values: the usual 422, with codes, in both languages -------------------------------------

BAD = [
    ("best_time", "midnight", "literal_error", "must be one of: morning, afternoon, evening, anytime",
     "debe ser uno de: morning, afternoon, evening, anytime"),
    ("voicemail_ok", "maybe", "literal_error", "must be one of: yes, no", "debe ser uno de: yes, no"),
    ("email_ok", "sometimes", "literal_error", "must be one of: yes, no", "debe ser uno de: yes, no"),
    ("acknowledge", "please", "bool_type", "must be a checkbox value (on, true, yes or 1) or false",
     "debe ser el valor de una casilla (on, true, yes o 1) o false"),
]  # fmt: skip


@pytest.mark.parametrize(("field", "value", "code", "english", "spanish"), BAD, ids=[b[0] for b in BAD])
@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_bad_values_get_a_422_naming_the_field_and_its_code_in_both_languages(
    aws: None, lambda_context: LambdaContext, encoding: str, field: str, value: str, code: str, english: str, spanish: str
) -> None:
    for lang, words in (("en", english), ("es", spanish)):
        pairs = [*PERSON, ("consent", "on"), ("best_time", "morning"), (field, value), ("lang", lang)]
        answer = submit.handler(ENCODINGS[encoding](pairs), lambda_context)
        assert answer["statusCode"] == 422, answer["body"]
        assert [(e["field"], e["code"], e["message"]) for e in body_json(answer)["errors"]] == [(field, code, words)]
    assert stored_leads() == []


def test_email_ok_no_with_a_preference_for_email_is_refused_in_both_languages(aws: None, lambda_context: LambdaContext) -> None:
    for lang, words in (("en", "cannot be no when the preferred contact is email"),
                        ("es", "no puede ser no si prefiere que le contactemos por correo electrónico")):  # fmt: skip
        pairs = [*PERSON, ("preferred_contact", "email"), ("email_ok", "no"), ("consent", "on"), ("lang", lang)]
        answer = submit.handler(http_event(urlencode(pairs), content_type=FORM), lambda_context)
        assert [(e["field"], e["code"], e["message"]) for e in body_json(answer)["errors"]] == [
            ("email_ok", "email_declined_for_email", words)
        ]


# --- through each preset: the plugin's own names, its multi-value names -------------------------------

PRESET_BODIES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "contact-form-7": (
        "",
        [("your-first-name", "Marisol"), ("your-last-name", "Quintero"), ("your-email", "marisol.q@example.com"),
         ("your-phone", "(818) 555-0142"), ("your-contact-method", "text"), ("your-sms-consent", "1"),
         ("your-best-time[]", "evening"), ("your-best-time[]", "morning"), ("your-voicemail-ok", "No"), ("your-email-ok", "No"),
         ("your-acknowledge", "1"), ("your-consent", "1")],
    ),
    "wpforms": (
        "wpforms[fields][5]=best_time,wpforms[fields][6]=voicemail_ok,wpforms[fields][7]=email_ok,wpforms[fields][8]=acknowledge,"
        "wpforms[fields][3]=phone,wpforms[fields][4]=consent,wpforms[fields][9]=preferred_contact,wpforms[fields][10]=sms_consent",
        [("wpforms[fields][0][first]", "Marisol"), ("wpforms[fields][0][last]", "Quintero"),
         ("wpforms[fields][1]", "marisol.q@example.com"),
         ("wpforms[fields][3]", "(818) 555-0142"), ("wpforms[fields][9]", "text"), ("wpforms[fields][10][]", "on"),
         ("wpforms[fields][5][]", "evening"), ("wpforms[fields][5][]", "morning"), ("wpforms[fields][6]", "no"),
         ("wpforms[fields][7]", "no"), ("wpforms[fields][8][]", "on"), ("wpforms[fields][4][]", "on"), ("wpforms[id]", "12")],
    ),
    "elementor": (
        "",
        [("form_fields[first_name]", "Marisol"), ("form_fields[last_name]", "Quintero"), ("form_fields[email]", "marisol.q@example.com"),
         ("form_fields[phone]", "(818) 555-0142"), ("form_fields[preferred_contact]", "text"), ("form_fields[sms_consent][]", "on"),
         ("form_fields[best_time][]", "evening"), ("form_fields[best_time][]", "morning"), ("form_fields[voicemail_ok]", "no"),
         ("form_fields[email_ok]", "no"), ("form_fields[acknowledge][]", "on"), ("form_fields[consent][]", "on"), ("post_id", "7")],
    ),
    "embed": ("", [("fname", "Marisol"), ("lname", "Quintero"), ("e-mail", "marisol.q@example.com"), ("tel", "(818) 555-0142"),
                   *CHOICES]),
}  # fmt: skip


@pytest.mark.parametrize("preset", sorted(PRESET_BODIES))
def test_each_preset_reads_the_new_fields_under_its_own_names(
    aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch, preset: str
) -> None:
    from leadcapture.adapters import aws as aws_state

    aliases, pairs = PRESET_BODIES[preset]
    monkeypatch.setenv("FORM_PRESET", preset)
    monkeypatch.setenv("FIELD_ALIASES", aliases)
    aws_state.reset()
    answer = submit.handler(http_event(urlencode(pairs), content_type=FORM), lambda_context)
    assert answer["statusCode"] == 201, answer["body"]
    assert stored_choices() == EXPECTED


def test_a_bad_time_under_a_preset_is_named_as_the_site_names_it(
    aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadcapture.adapters import aws as aws_state

    monkeypatch.setenv("FORM_PRESET", "contact-form-7")
    aws_state.reset()
    _, pairs = PRESET_BODIES["contact-form-7"]
    answer = submit.handler(http_event(urlencode([*pairs, ("your-best-time[]", "late")]), content_type=FORM), lambda_context)
    assert [(e["field"], e["code"]) for e in body_json(answer)["errors"]] == [("your-best-time[]", "literal_error")]
