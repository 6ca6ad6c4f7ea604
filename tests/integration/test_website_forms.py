"""A practice's own form (a WordPress plugin's, a page builder's) posting its own field names.

For each preset: the urlencoded body that plugin's form sends creates the same lead as our own
form posting our names, and the coordinator reads the same email. Then the answers in Spanish.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from infra.local.runtime import LambdaContext

from leadcapture.intake import handler as submit
from leadcapture.intake.settings import SubmitSettings
from leadcapture.notify import handler as notify
from tests.conftest import ENV, http_event
from tests.integration.helpers import body_json, sent_emails, stored_leads
from tests.integration.streams import stream_event
from tests.settings import make_settings

FORM = "application/x-www-form-urlencoded"
HTML_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

# What the person typed, under our names (our form with a single full-name field).
OURS = [
    ("name", "Ana María López García"),
    ("email", "ana.lopez@example.com"),
    ("phone", "(818) 555-0142"),
    ("message", "Busco terapia para la ansiedad."),
    ("consent", "on"),
]

# The same as each plugin's form posts it: its field names, its hidden fields, its multi-value names.
PLUGIN_BODIES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "contact-form-7": (
        "tel-123=phone",
        [
            ("_wpcf7", "42"),
            ("_wpcf7_version", "5.9.8"),
            ("_wpcf7_locale", "en_US"),
            ("_wpcf7_unit_tag", "wpcf7-f42-p7-o1"),
            ("your-name", "Ana María López García"),
            ("your-email", "ana.lopez@example.com"),
            ("tel-123", "(818) 555-0142"),
            ("your-message", "Busco terapia para la ansiedad."),
            # An acceptance/checkbox form-tag with several options posts name[].
            ("your-consent[]", "on"),
        ],
    ),
    "wpforms": (
        "wpforms[fields][3]=phone,wpforms[fields][4]=consent",
        [
            ("wpforms[fields][0]", "Ana María López García"),
            ("wpforms[fields][1]", "ana.lopez@example.com"),
            ("wpforms[fields][3]", "(818) 555-0142"),
            ("wpforms[fields][2]", "Busco terapia para la ansiedad."),
            ("wpforms[fields][4][]", "on"),
            ("wpforms[id]", "12"),
            ("wpforms[author]", "1"),
            ("wpforms[post_id]", "7"),
            ("wpforms[submit]", "wpforms-submit"),
        ],
    ),
    "elementor": (
        "",
        [
            ("form_fields[name]", "Ana María López García"),
            ("form_fields[email]", "ana.lopez@example.com"),
            ("form_fields[phone]", "(818) 555-0142"),
            ("form_fields[message]", "Busco terapia para la ansiedad."),
            ("form_fields[consent][]", "on"),
            ("post_id", "7"),
            ("form_id", "3c2a1f"),
            ("referer_title", "Contact"),
            ("queried_id", "7"),
        ],
    ),
    "embed": (
        "",
        [
            ("full-name", "Ana María López García"),
            ("e-mail", "ana.lopez@example.com"),
            ("tel", "(818) 555-0142"),
            ("comments", "Busco terapia para la ansiedad."),
            ("consent", "on"),
        ],
    ),
}


def configure(monkeypatch: pytest.MonkeyPatch, preset: str = "", aliases: str = "") -> None:
    from leadcapture.adapters import aws as aws_state

    monkeypatch.setenv("FORM_PRESET", preset)
    monkeypatch.setenv("FIELD_ALIASES", aliases)
    aws_state.reset()


def post_form(pairs: list[tuple[str, str]], context: LambdaContext, **headers: str) -> dict[str, Any]:
    answer: dict[str, Any] = submit.handler(http_event(urlencode(pairs), content_type=FORM, headers=headers), context)
    return answer


def comparable_lead() -> dict[str, Any]:
    [lead] = stored_leads()
    plain = dataclasses.asdict(lead)
    for server_set in ("id", "created_at", "expires_at", "consent", "history", "notified_at", "ses_message_id"):
        plain.pop(server_set)
    return plain


def comparable_email() -> tuple[str, str]:
    [email] = sent_emails()
    text = email.get_body(("plain",))
    assert text is not None
    # The lead id and the time received differ between two posts; everything else must not.
    words = re.sub(r"(Lead id|Received): .*", r"\1: -", text.get_content())
    return str(email["subject"]), words


def lead_and_email(pairs: list[tuple[str, str]], context: LambdaContext) -> tuple[dict[str, Any], tuple[str, str]]:
    answer = post_form(pairs, context)
    assert answer["statusCode"] == 201, answer
    lead = comparable_lead()
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), context)
    return lead, comparable_email()


@pytest.mark.parametrize("preset", sorted(PLUGIN_BODIES))
def test_each_preset_makes_the_same_lead_and_email_as_our_form(
    preset: str, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moto import mock_aws

    results = []
    aliases, plugin_pairs = PLUGIN_BODIES[preset]
    for pairs, configured in ((OURS, ("", "")), (plugin_pairs, (preset, aliases))):
        with mock_aws():
            import boto3
            from infra.build import tables

            tables.create_all(boto3.client("dynamodb"), ENV)
            boto3.client("sesv2").create_email_identity(EmailIdentity="practice.example")
            configure(monkeypatch, *configured)
            results.append(lead_and_email(pairs, lambda_context))
    (ours, our_email), (theirs, their_email) = results
    assert theirs == ours
    assert their_email == our_email
    assert ours["full_name"] == "Ana María López García"
    assert (ours["first_name"], ours["last_name"]) == ("Ana María", "López García")
    assert our_email[0] == "New consultation request: Ana María L."
    assert "Name: Ana María López García" in our_email[1]


def test_without_the_preset_a_plugins_names_are_not_read(aws: None, lambda_context: LambdaContext) -> None:
    answer = post_form(PLUGIN_BODIES["elementor"][1], lambda_context)
    assert answer["statusCode"] == 422
    assert {e["field"] for e in body_json(answer)["errors"]} >= {"first_name", "last_name", "consent"}
    assert stored_leads() == []


def test_a_name_sent_under_two_names_is_refused(aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch) -> None:
    configure(monkeypatch, "contact-form-7")
    answer = post_form([*OURS, ("your-name", "Someone Else")], lambda_context)
    assert answer["statusCode"] == 422
    assert [(e["field"], e["code"]) for e in body_json(answer)["errors"]] == [("name", "repeated")]


def test_contact_form_7_posting_your_phone_empty_and_your_tel_filled_is_one_phone(
    aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 25, defect 6: the preset refused its own form; an empty duplicate is no value.
    configure(monkeypatch, "contact-form-7")
    body = [("your-name", "Ana López"), ("your-email", "ana.lopez@example.com"), ("your-phone", ""),
            ("your-tel", "(818) 555-0142"), ("your-consent", "on")]  # fmt: skip
    answer = post_form(body, lambda_context)
    assert answer["statusCode"] == 201, answer["body"]
    [lead] = stored_leads()
    assert lead.phone == "+18185550142"
    both = post_form([*body[:2], ("your-phone", "(213) 555-0117"), *body[3:]], lambda_context)
    assert [(e["field"], e["code"]) for e in body_json(both)["errors"]] == [("your-phone", "repeated")]  # two numbers: which?


@pytest.mark.parametrize(
    ("preset", "aliases", "body", "expected"),
    [
        (
            "contact-form-7",
            "",
            [("your-name", "Ana López"), ("your-email", "ana@@example"), ("your-consent", "on")],
            [("your-email", "email")],
        ),
        ("contact-form-7", "", [("your-name", "Ana López"), ("your-email", "ana@example.com")], [("your-consent", "missing")]),
        ("", "tel-123=phone", [*[p for p in [("name", "Ana López"), ("consent", "on")]], ("tel-123", "12")], [("tel-123", "phone")]),
        (
            "elementor",
            "",
            [("form_fields[name]", "Ana López"), ("form_fields[consent]", "on")],
            [("form_fields[email]", "contact_required"), ("form_fields[phone]", "contact_required")],
        ),
    ],
)
def test_field_errors_name_the_sites_own_field(
    aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch,
    preset: str, aliases: str, body: list[tuple[str, str]], expected: list[tuple[str, str]],
) -> None:  # fmt: skip
    # Issue 25, defect 6: under a preset or aliases the errors named our fields, so the snippet could
    # not place them next to the site's own and showed them at the top.
    configure(monkeypatch, preset, aliases)
    answer = post_form(body, lambda_context)
    assert answer["statusCode"] == 422
    assert [(e["field"], e["code"]) for e in body_json(answer)["errors"]] == expected


def test_an_alias_to_an_unknown_field_stops_start_up() -> None:
    with pytest.raises(ValueError, match=r"FIELD_ALIASES: 'your-name' maps to unknown field 'nombre'"):
        make_settings(SubmitSettings, {"FIELD_ALIASES": "your-name=nombre"})
    with pytest.raises(ValueError, match=r"FORM_PRESET: unknown preset 'gravity'"):
        make_settings(SubmitSettings, {"FORM_PRESET": "gravity"})


def test_a_one_word_name(aws: None, lambda_context: LambdaContext) -> None:
    lead, (subject, _) = lead_and_email([("name", "Cher"), *OURS[1:]], lambda_context)
    assert (lead["full_name"], lead["first_name"], lead["last_name"]) == ("Cher", "Cher", "")
    assert subject == "New consultation request: Cher"


def test_an_empty_name_field_is_the_error_of_that_field(aws: None, lambda_context: LambdaContext) -> None:
    answer = post_form([("name", " "), *OURS[1:]], lambda_context)
    assert [(e["field"], e["code"]) for e in body_json(answer)["errors"]] == [("name", "missing")]


# --- answers in the person's language ------------------------------------------------------------


def test_field_errors_in_spanish_from_the_lang_field(aws: None, lambda_context: LambdaContext) -> None:
    answer = post_form([*OURS[:1], ("email", "ana@@example"), ("consent", "on"), ("lang", "es")], lambda_context)
    assert answer["statusCode"] == 422
    problem = body_json(answer)
    assert problem["title"] == "Revise algunos campos"
    assert {e["field"]: e["message"] for e in problem["errors"]} == {"email": "debe ser un correo electrónico válido"}


def test_accept_language_chooses_when_there_is_no_lang_field(aws: None, lambda_context: LambdaContext) -> None:
    es = post_form([("consent", "on")], lambda_context, **{"Accept-Language": "en;q=0.4, es-MX;q=0.9"})
    assert body_json(es)["errors"][0]["message"] == "es obligatorio"
    en = post_form([("consent", "on"), ("lang", "en")], lambda_context, **{"Accept-Language": "es-MX"})
    assert body_json(en)["errors"][0]["message"] == "is required"


def test_a_spanish_crisis_message_answers_with_the_spanish_988(aws: None, lambda_context: LambdaContext) -> None:
    answer = post_form([*OURS[:3], ("message", "Ya no quiero vivir."), ("consent", "on"), ("lang", "es")], lambda_context)
    assert answer["statusCode"] == 201
    body = body_json(answer)
    assert body["lang"] == "es"
    crisis = body["crisis"]
    assert "llame al 988 y marque 2" in crisis["message"] and "AYUDA al 988" in crisis["message"] and "911" in crisis["message"]
    assert [r["phone"] for r in crisis["resources"]] == ["988", "911"]
    assert stored_leads()[0].urgent is True


def test_the_html_pages_are_in_spanish_and_go_to_the_spanish_thank_you_page(
    aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadcapture.adapters import aws as aws_state

    monkeypatch.setenv("THANK_YOU_URLS", "es=https://practice.example/es/thank-you")
    aws_state.reset()
    bad = submit.handler(http_event(urlencode([("lang", "es"), ("consent", "on")]), content_type=FORM, accept=HTML_ACCEPT), lambda_context)
    assert bad["statusCode"] == 422
    assert '<html lang="es">' in bad["body"] and "<strong>Nombre</strong>: es obligatorio" in bad["body"]
    good = submit.handler(http_event(urlencode([*OURS, ("lang", "es")]), content_type=FORM, accept=HTML_ACCEPT), lambda_context)
    assert good["statusCode"] == 303
    assert good["headers"]["Location"] == "https://practice.example/es/thank-you"


def test_the_coordinator_email_says_which_language_the_person_used(aws: None, lambda_context: LambdaContext) -> None:
    _, (_, text) = lead_and_email([*OURS, ("lang", "es-MX")], lambda_context)
    assert "Language: Spanish" in text
    assert stored_leads()[0].language == "es"
