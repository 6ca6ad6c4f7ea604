"""Settings parsing, content negotiation and the OpenAPI document."""

from __future__ import annotations

import pytest
from infra.build.functions import Function, functions
from pydantic import ValidationError

from leadcapture.intake.settings import SubmitSettings
from leadcapture.intake.web.answers import prefers_html
from leadcapture.notify.settings import NotifySettings
from tests.settings import make_settings


def test_settings_defaults_and_lists() -> None:
    settings = make_settings(NotifySettings, {"COORDINATOR_EMAILS": " a@x.example , b@x.example ,", "EMAIL_DETAIL": " Contact "})
    assert settings.coordinator_emails == ("a@x.example", "b@x.example")
    assert settings.email_detail == "contact"
    assert settings.practice_timezone == "America/Los_Angeles"


@pytest.mark.parametrize(("name", "value"), [("PRACTICE_TIMEZONE", "Mars/Olympus"), ("SENDER_EMAIL", "  "), ("COORDINATOR_EMAILS", " , ")])
def test_bad_settings_fail_at_start_naming_the_setting(name: str, value: str) -> None:
    with pytest.raises(ValidationError, match=name):
        make_settings(NotifySettings, {name: value})


@pytest.mark.parametrize(
    ("accept", "content_type", "html"),
    [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/x-www-form-urlencoded", True),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "multipart/form-data; boundary=x", True),
        ("*/*", "application/x-www-form-urlencoded", False),
        ("application/json", "multipart/form-data; boundary=x", False),
        ("application/json, text/html;q=0.5", "application/x-www-form-urlencoded", False),
        (None, "application/x-www-form-urlencoded", False),
        ("text/html", "application/json", False),
        ("text/html;q=bogus", "application/x-www-form-urlencoded", False),
    ],
)
def test_html_answers_only_for_browser_form_posts(accept: str | None, content_type: str, html: bool) -> None:
    assert prefers_html(accept, content_type) is html


def test_openapi_document_describes_the_endpoint() -> None:
    from leadcapture.intake.web.openapi import document

    doc = document()
    operation = doc["paths"]["/consultations"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("ConsultationRequest")
    assert {"201", "400", "413", "415", "422", "503"} <= set(operation["responses"])
    schema = doc["components"]["schemas"]["ConsultationRequest"]
    assert schema["properties"]["message"]["anyOf"][0]["maxLength"] == 2000
    # A single full-name field, and the person's language.
    assert schema["properties"]["name"]["anyOf"][0]["maxLength"] == 160
    assert schema["properties"]["lang"]["anyOf"][0]["enum"] == ["en", "es"]
    assert "Accept-Language" in schema["properties"]["lang"]["description"]
    problem_field = doc["components"]["schemas"]["ProblemField"]["properties"]
    assert {"field", "message", "code"} <= set(problem_field)


@pytest.mark.parametrize(
    ("name", "value"),
    [("FIELD_ALIASES", "your-name=nmae"), ("FIELD_ALIASES", "your-name"), ("FORM_PRESET", "gravity-forms"), ("PRACTICE_LANGUAGE", "fr")],
)
def test_bad_website_settings_fail_at_start(name: str, value: str) -> None:
    with pytest.raises(ValidationError, match=name):
        make_settings(SubmitSettings, {name: value})


@pytest.mark.parametrize("function", functions(), ids=lambda f: f.name)
def test_each_functions_settings_read_back_equal_from_the_environment_they_describe(function: Function) -> None:
    # `leads --local` reads the local stack's settings this way: every field must round-trip.
    model = function.settings_model()
    given = make_settings(
        model,
        {
            "BUSINESS_DAYS": "Sun-Thu",
            "BUSINESS_HOURS": "08:30-16:45",
            "HOLIDAYS": "2026-12-25,2027-01-01",
            "COORDINATOR_EMAILS": "a@practice.example,b@practice.example",
            "EMAIL_DETAIL": "contact",
            "DESK_URL": "https://api.practice.example/desk",
            "THANK_YOU_URLS": "es=https://practice.example/es/gracias",
            "FIELD_ALIASES": "your-name=name,your-email=email",
            "RATE_LIMIT_KEY": "never-described",
            "CANARY_KEY": "never-described",
        },
    )
    environment = given.environment()
    assert "RATE_LIMIT_KEY" not in environment and "CANARY_KEY" not in environment  # secrets stay out
    if "BUSINESS_DAYS" in model.variables():
        assert (environment["BUSINESS_DAYS"], environment["BUSINESS_HOURS"]) == ("mon,tue,wed,thu,sun", "08:30-16:45")
    secrets = {"rate_limit_key", "canary_key", "action_link_key"}
    assert model.from_env(environment).model_dump(exclude=secrets) == given.model_dump(exclude=secrets)
