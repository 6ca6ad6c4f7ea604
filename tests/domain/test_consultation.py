"""Every rule of the contract's field table, on the model alone (no AWS)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from leadcapture.intake.domain.contract import ConsultationRequest, new_lead, validate_submission
from leadcapture.kernel import messages
from leadcapture.kernel.errors import InvalidSubmission
from tests.conftest import valid_lead


def errors_of(data: dict[str, object], repeated: frozenset[str] = frozenset()) -> dict[str, str]:
    with pytest.raises(InvalidSubmission) as caught:
        validate_submission(data, repeated=repeated)
    return {e.field: messages.text("en", f"error.{e.code}", **dict(e.params)) for e in caught.value.errors}


def test_a_valid_request_is_normalized() -> None:
    request = validate_submission(valid_lead(first_name="  Sam  ", email="Sam.Rivera@Example.COM"))
    assert request.first_name == "Sam"
    assert request.email == "Sam.Rivera@example.com"
    assert request.phone == "+12135550117"
    assert request.consent is True


@pytest.mark.parametrize(
    "name",
    ["José", "O'Connor", "Anne-Marie", "李", "Nguyễn Văn", "Zoë", "محمد", "Ø", "Ｓａｍ", "Ali 👋", "Mary Jane"],
)
def test_names_in_any_script_are_accepted(name: str) -> None:
    assert validate_submission(valid_lead(first_name=name)).first_name


def test_name_length_is_counted_in_code_points_after_trimming() -> None:
    assert validate_submission(valid_lead(last_name="é" * 80)).last_name == "é" * 80
    assert validate_submission(valid_lead(last_name=" " + "a" * 80 + " ")).last_name == "a" * 80
    assert errors_of(valid_lead(last_name="a" * 81)) == {"last_name": "must be at most 80 characters"}


def test_combining_marks_are_normalized_to_nfc() -> None:
    assert validate_submission(valid_lead(first_name="Jose\u0301")).first_name == "José"


@pytest.mark.parametrize("bad", ["\r", "\n", "\x00", "\u2028", "\u2029", "\u0085", "\u202e", "\u200b", "\ufeff", "\x1b"])
@pytest.mark.parametrize("field", ["first_name", "last_name", "email", "phone", "page_url", "utm_source"])
def test_control_and_invisible_characters_are_refused_in_single_line_fields(field: str, bad: str) -> None:
    value = {"email": f"sam{bad}x@example.com", "phone": f"213555{bad}0117"}.get(field, f"Sam{bad}Bcc")
    errors = errors_of(valid_lead(**{field: value}))
    assert field in errors
    assert "Bcc" not in errors[field]


def test_zero_width_joiner_is_allowed_in_names() -> None:
    assert validate_submission(valid_lead(first_name="می\u200cخواهم")).first_name


def test_mime_encoded_words_are_refused_in_names() -> None:
    assert "first_name" in errors_of(valid_lead(first_name="=?utf-8?q?Sam=0ABcc:_x@evil.example?="))


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_names_are_required(blank: object) -> None:
    assert errors_of(valid_lead(first_name=blank)) == {"first_name": "is required"}


def test_missing_fields_are_named() -> None:
    data = valid_lead()
    del data["first_name"], data["consent"]
    assert errors_of(data) == {"first_name": "is required", "consent": "is required"}


@pytest.mark.parametrize(
    "email",
    [
        "not-an-email",
        "a@b",
        "Sam <sam@example.com>",
        "a@example.com, b@example.com",
        "a@example.com b@example.com",
        "a\u200b@example.com",
        "sam@exаmple.com",  # Cyrillic 'а' in a Latin domain label
        "x" * 250 + "@example.com",
    ],
)
def test_bad_email_addresses_are_refused_without_echo(email: str) -> None:
    errors = errors_of(valid_lead(email=email))
    assert set(errors) == {"email"}
    assert email not in errors["email"]


@pytest.mark.parametrize(
    ("phone", "e164"),
    [
        ("+1 (213) 555-0117", "+12135550117"),
        ("213-555-0117", "+12135550117"),
        ("(415) 555 2671", "+14155552671"),
        ("415.555.2671", "+14155552671"),
        ("+44 20 7946 0958", "+442079460958"),
        ("1-800-273-8255", "+18002738255"),
    ],
)
def test_phone_numbers_are_stored_in_e164(phone: str, e164: str) -> None:
    assert validate_submission(valid_lead(phone=phone)).phone == e164


@pytest.mark.parametrize("phone", ["555-0117", "12345", "call me", "+1 213 555 01178888", "9" * 41])
def test_bad_phone_numbers_are_refused(phone: str) -> None:
    assert set(errors_of(valid_lead(phone=phone))) == {"phone"}


def test_email_or_phone_is_required_with_an_error_on_each() -> None:
    errors = errors_of(valid_lead(email="", phone=None, preferred_contact=None))
    assert set(errors) == {"email", "phone"}


@pytest.mark.parametrize(
    ("given", "expected"),
    [({"email": None, "preferred_contact": None}, "phone"), ({"phone": None, "preferred_contact": None}, "email")],
)
def test_preferred_contact_defaults_to_the_channel_given(given: dict[str, object], expected: str) -> None:
    request = validate_submission(valid_lead(**given))
    lead = new_lead(request, now=datetime.now(UTC), consent_version="v1", retention_days=365)
    assert lead.preferred_contact == expected


def test_preferred_contact_must_match_a_channel_given() -> None:
    assert set(errors_of(valid_lead(preferred_contact="email", email=None))) == {"email"}
    assert set(errors_of(valid_lead(preferred_contact="phone", phone=None))) == {"phone"}


def test_text_needs_sms_consent() -> None:
    assert set(errors_of(valid_lead(preferred_contact="text"))) == {"sms_consent"}
    assert validate_submission(valid_lead(preferred_contact="text", sms_consent="on")).sms_consent is True


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("preferred_contact", "emai"),
        ("preferred_contact", "Email"),
        ("best_time", "night"),
        ("best_time", "mornings"),
        ("session_for", "group"),
        ("session_for", "child"),
    ],
)
def test_choices_off_the_list_are_refused(field: str, value: str) -> None:
    errors = errors_of(valid_lead(**{field: value}))
    assert errors[field].startswith("must be one of: ")


@pytest.mark.parametrize(("field", "value"), [("preferred_contact", "  email "), ("session_for", "not_sure")])
def test_choices_on_the_list_are_accepted_trimmed(field: str, value: str) -> None:
    assert getattr(validate_submission(valid_lead(**{field: value})), field) == value.strip()


@pytest.mark.parametrize("field", ["preferred_contact", "session_for"])
def test_a_blank_choice_counts_as_not_given(field: str) -> None:
    assert getattr(validate_submission(valid_lead(**{field: "  "})), field) is None


# --- issue 23: best_time takes several values; voicemail_ok, email_ok, acknowledge ----------------


@pytest.mark.parametrize(
    ("value", "times"),
    [
        (" anytime ", ("anytime",)),
        (["evening", "morning"], ("morning", "evening")),
        ("evening, morning", ("morning", "evening")),
        (["morning", "morning, afternoon"], ("morning", "afternoon")),
        (("afternoon",), ("afternoon",)),
        ("  ", ()),
        ([], ()),
        (["", " "], ()),
        (None, ()),
    ],
)
def test_best_time_takes_one_value_a_list_or_a_comma_list_in_the_days_order(value: object, times: tuple[str, ...]) -> None:
    assert validate_submission(valid_lead(best_time=value)).best_time == times


@pytest.mark.parametrize("value", ["night", ["morning", "night"], "morning,,nights", [1], [["morning"]], {"morning": True}])
def test_best_time_values_off_the_list_are_refused_naming_the_list(value: object) -> None:
    assert errors_of(valid_lead(best_time=value)) == {"best_time": "must be one of: morning, afternoon, evening, anytime"}


def test_best_time_may_be_repeated_and_no_other_field_may() -> None:
    assert validate_submission(valid_lead(best_time=["morning", "evening"]), repeated=frozenset({"best_time"})).best_time == (
        "morning",
        "evening",
    )
    assert errors_of(valid_lead(), repeated=frozenset({"best_time", "voicemail_ok"})) == {"voicemail_ok": "must be given only once"}


@pytest.mark.parametrize(("value", "answer"), [("yes", True), ("No", False), (" YES ", True), (True, True), (False, False), ("", None)])
@pytest.mark.parametrize("field", ["voicemail_ok", "email_ok"])
def test_voicemail_ok_and_email_ok_are_yes_or_no(field: str, value: object, answer: bool | None) -> None:
    assert getattr(validate_submission(valid_lead(**{field: value})), field) is answer


@pytest.mark.parametrize("value", ["maybe", "on", "1", 1, ["yes"]])
@pytest.mark.parametrize("field", ["voicemail_ok", "email_ok"])
def test_voicemail_ok_and_email_ok_refuse_anything_else(field: str, value: object) -> None:
    assert errors_of(valid_lead(**{field: value})) == {field: "must be one of: yes, no"}


def test_email_ok_no_cannot_go_with_a_preference_for_email() -> None:
    errors = errors_of(valid_lead(preferred_contact="email", email_ok="no"))
    assert errors == {"email_ok": "cannot be no when the preferred contact is email"}
    # Spanish, as every code is worded.
    with pytest.raises(InvalidSubmission) as caught:
        validate_submission(valid_lead(preferred_contact="email", email_ok="no"))
    [error] = caught.value.errors
    assert messages.text("es", f"error.{error.code}") == "no puede ser no si prefiere que le contactemos por correo electrónico"


@pytest.mark.parametrize(("value", "asked"), [(None, False), ("on", True), ("", False), (False, False), ("yes", True)])
def test_acknowledge_is_a_checkbox_off_by_default(value: object, asked: bool) -> None:
    data = valid_lead() if value is None else valid_lead(acknowledge=value)
    lead = new_lead(validate_submission(data), now=datetime(2026, 12, 7, tzinfo=UTC), consent_version="v", retention_days=30)
    assert lead.acknowledge is asked


def test_acknowledge_without_an_email_or_with_email_ok_no_is_accepted_and_never_refuses_a_request() -> None:
    # Asking for an acknowledgement that cannot be sent is no reason to turn a person away: nothing is sent.
    assert validate_submission(valid_lead(email=None, preferred_contact="phone", acknowledge="on")).acknowledge is True
    assert validate_submission(valid_lead(email_ok="no", acknowledge="on")).email_ok is False


def test_the_new_fields_are_stored_on_the_lead() -> None:
    data = valid_lead(best_time="evening,morning", voicemail_ok="no", email_ok="yes", acknowledge="on")
    lead = new_lead(validate_submission(data), now=datetime(2026, 12, 7, tzinfo=UTC), consent_version="v", retention_days=30)
    assert (lead.best_time, lead.voicemail_ok, lead.email_ok, lead.acknowledge) == (("morning", "evening"), False, True, True)


def test_a_request_without_the_new_fields_is_what_it_was() -> None:
    lead = new_lead(validate_submission(valid_lead()), now=datetime(2026, 12, 7, tzinfo=UTC), consent_version="v", retention_days=30)
    assert (lead.best_time, lead.voicemail_ok, lead.email_ok, lead.acknowledge) == (("morning",), None, None, False)


def test_sms_consent_must_be_a_checkbox_value() -> None:
    assert errors_of(valid_lead(sms_consent="maybe")) == {"sms_consent": "must be a checkbox value (on, true, yes or 1) or false"}


@pytest.mark.parametrize("value", [True, "on", "true", "yes", "1", "ON", "True"])
def test_consent_accepts_checkbox_values(value: object) -> None:
    assert validate_submission(valid_lead(consent=value)).consent is True


@pytest.mark.parametrize("value", [False, "false", "off", "0", "no", "", "maybe", 1, None, ["on"]])
def test_consent_must_be_given(value: object) -> None:
    errors = errors_of(valid_lead(consent=value))
    assert set(errors) == {"consent"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("first_name", 42), ("email", ["a@example.com"]), ("phone", 2135550117), ("message", {"text": "hi"}), ("best_time", 1)],
)
def test_wrong_types_are_refused(field: str, value: object) -> None:
    assert set(errors_of(valid_lead(**{field: value}))) == {field}


def test_message_keeps_line_breaks_and_is_limited_to_2000_characters() -> None:
    assert validate_submission(valid_lead(message="line one\r\nline two\u2028three")).message == "line one\nline two\nthree"
    assert validate_submission(valid_lead(message="é" * 2000)).message == "é" * 2000
    assert errors_of(valid_lead(message="a" * 2001)) == {"message": "must be at most 2000 characters"}
    assert set(errors_of(valid_lead(message="hello\x00world"))) == {"message"}


def test_attribution_is_limited_to_300_characters() -> None:
    assert validate_submission(valid_lead(utm_campaign="c" * 300)).utm_campaign == "c" * 300
    assert errors_of(valid_lead(page_url="https://x.example/" + "p" * 300)) == {"page_url": "must be at most 300 characters"}


def test_unknown_and_server_fields_are_ignored() -> None:
    request = validate_submission(valid_lead(id="mine", status="notified", created_at="1999", urgent=True, is_admin=True))
    assert not hasattr(request, "is_admin")
    lead = new_lead(request, now=datetime(2026, 1, 2, tzinfo=UTC), consent_version="v1", retention_days=365)
    assert lead.id != "mine"
    assert lead.status == "new"
    assert lead.created_at == "2026-01-02T00:00:00.000Z"
    assert lead.urgent is False


def test_a_field_given_twice_is_refused() -> None:
    assert errors_of(valid_lead(), repeated=frozenset({"email", "not_a_field"})) == {"email": "must be given only once"}


def test_the_lead_records_consent_retention_and_attribution() -> None:
    request = validate_submission(valid_lead(sms_consent=True, utm_source="google", page_url="https://practice.example/"))
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    lead = new_lead(request, now=now, consent_version="2026-11-01", retention_days=30)
    assert lead.consent.version == "2026-11-01"
    assert lead.consent.given_at == "2026-11-28T12:00:00.000Z"
    assert lead.sms_consent is not None
    assert lead.attribution == {"page_url": "https://practice.example/", "utm_source": "google"}
    assert lead.expires_at == int(now.timestamp()) + 30 * 86400


def test_error_messages_never_hold_the_value() -> None:
    secret = "Zebulon\u202eQuux"
    errors = errors_of(valid_lead(first_name=secret, last_name=secret * 10, email=secret, phone=secret, message=secret + "\x00"))
    for message in errors.values():
        assert "Zebulon" not in message and "Quux" not in message


def test_the_model_documents_its_rules_for_openapi() -> None:
    schema = ConsultationRequest.model_json_schema()
    # A full name or a first and a last name: which one is a rule across fields (validate_submission).
    assert set(schema["required"]) == {"consent"}
    assert schema["properties"]["first_name"]["anyOf"][0]["maxLength"] == 80
    assert schema["properties"]["name"]["anyOf"][0]["maxLength"] == 160
    assert schema["properties"]["lang"]["anyOf"][0]["enum"] == ["en", "es"]


@pytest.mark.parametrize(
    "value",
    [
        "=?utf-8?q?A=0AContent-Type: text/html=0A=0A<a href=//evil.example>Sign in</a>?=",  # whitespace inside
        "=?utf-8?b?QQpCY2M6IHhAZXZpbC5leGFtcGxl?=",
        "=?UTF-8?B?QQpC Y2M6?=",
        "Sam =?utf-8?q?x?= Rivera",
        "=??q?x?=",
        "=?utf-8*en?q?x?=",
        "=?x?=",
    ],
)
@pytest.mark.parametrize("field", ["first_name", "last_name", "page_url", "utm_campaign"])
def test_any_encoded_word_sequence_is_refused_in_single_line_fields(field: str, value: str) -> None:
    assert errors_of(valid_lead(**{field: value})) == {field: "must not contain MIME encoded words"}


@pytest.mark.parametrize("name", ["[URGENT]", "[urgent] Sam", "Sam [ Urgent ]", "［ＵＲＧＥＮＴ］", "URGENT", "Urgent!"])
def test_names_cannot_carry_the_urgent_marker(name: str) -> None:
    assert errors_of(valid_lead(first_name=name)) == {"first_name": "must not contain the word urgent"}
    assert set(errors_of(valid_lead(last_name=name))) == {"last_name"}


@pytest.mark.parametrize(
    "name", ["\u3164", "\u2800", "\u3164\u3164", "\uffa0", "\u115f\u1160", "\u2800 \u3164", "\u0301", "42", "🌻", "-'."]
)
def test_a_name_needs_a_visible_letter(name: str) -> None:
    assert errors_of(valid_lead(first_name=name)) == {"first_name": "must contain at least one letter"}


@pytest.mark.parametrize("name", ["Urgel", "Sturgent", "Ø", "李", "Jo 👋", "Sam\u3164"])
def test_names_with_a_visible_letter_are_fine(name: str) -> None:
    assert validate_submission(valid_lead(first_name=name)).first_name


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("818.821.6012 ext 5", "+18188216012;ext=5"),
        ("818-821-6012 x5", "+18188216012;ext=5"),
        ("+1 (818) 821-6012;ext=5", "+18188216012;ext=5"),
        ("(818) 821-6012 extension 1234", "+18188216012;ext=1234"),
        ("+44 20 7946 0958 ext. 77", "+442079460958;ext=77"),
        ("818-821-6012", "+18188216012"),
    ],
)
def test_phone_extensions_are_kept(phone: str, stored: str) -> None:
    assert validate_submission(valid_lead(phone=phone)).phone == stored


def test_a_phone_extension_is_at_most_ten_digits() -> None:
    assert errors_of(valid_lead(phone="818-821-6012 ext 12345678901")) == {"phone": "extension must be at most 10 digits"}


def test_internationalized_addresses_are_stored_in_unicode_form() -> None:
    assert validate_submission(valid_lead(email="ana@xn--bcher-kva.example")).email == "ana@bücher.example"
    assert validate_submission(valid_lead(email="josé@bücher.example")).email == "josé@bücher.example"
