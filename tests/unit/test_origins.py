"""Web origins: one normal form for ALLOWED_ORIGINS and the Origin header (the template's
AllowedOrigins pattern is checked against the same function in tests/template)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from leadcapture.intake.settings import SubmitSettings
from leadcapture.intake.web.http import origin_allowed
from leadcapture.intake.website.origins import normal_origin
from tests.settings import make_settings


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("https://www.practice.example", "https://www.practice.example"),
        ("https://www.practice.example/", "https://www.practice.example"),
        ("HTTPS://WWW.Practice.Example", "https://www.practice.example"),
        (" https://www.practice.example ", "https://www.practice.example"),
        ("https://www.practice.example:443", "https://www.practice.example"),
        ("https://www.practice.example:8443", "https://www.practice.example:8443"),
        ("https://xn--bcher-kva.example", "https://xn--bcher-kva.example"),
        ("http://localhost:3000", "http://localhost:3000"),
        ("http://127.0.0.1:3000/", "http://127.0.0.1:3000"),
        ("http://LOCALHOST:80", "http://localhost"),
        ("http://[::1]:3000", "http://[::1]:3000"),
    ],
)
def test_an_origin_is_normalized_as_browsers_send_it(given: str, normal: str) -> None:
    assert normal_origin(given) == normal


@pytest.mark.parametrize(
    "given",
    ["https://www.practice.example/form", "https://www.practice.example//", "https://www.practice.example?x=1",
     "https://www.practice.example#top", "https://user@www.practice.example", "www.practice.example", "https://",
     "*", "https://*", "https://*.practice.example", "null", "http://www.practice.example", "ftp://practice.example",
     "https://practice.example.", "https://-practice.example", "https://prac tice.example", "https://bücher.example",
     "https://practice.example:0", "https://practice.example:65536", "https://practice.example:", "http://localhost.:3000",
     "https://practice.example:+1", ""],
)  # fmt: skip
def test_anything_else_is_not_an_origin(given: str) -> None:
    with pytest.raises(ValueError):
        normal_origin(given)


def test_settings_normalize_the_allow_list() -> None:
    settings = make_settings(
        SubmitSettings, {"ALLOWED_ORIGINS": "HTTPS://Practice.Example/, https://www.practice.example:443,http://localhost:3000"}
    )
    assert settings.allowed_origins == ("https://practice.example", "https://www.practice.example", "http://localhost:3000")


@pytest.mark.parametrize("bad", ["https://www.practice.example/contact", "http://www.practice.example", "*", "null"])
def test_a_bad_allowed_origin_stops_the_start_naming_it(bad: str) -> None:
    with pytest.raises(ValidationError) as raised:
        make_settings(SubmitSettings, {"ALLOWED_ORIGINS": f"https://practice.example,{bad}"})
    assert "ALLOWED_ORIGINS" in str(raised.value)
    assert repr(bad) in str(raised.value)


@pytest.mark.parametrize(
    ("header", "allowed"),
    [("https://practice.example", True), ("HTTPS://Practice.Example/", True), ("https://practice.example:443", True),
     ("https://practice.example/x", False), ("null", False), ("http://practice.example", False), ("https://evil.example", False),
     ("", False)],
)  # fmt: skip
def test_the_handler_compares_the_origin_header_in_the_same_normal_form(header: str, allowed: bool) -> None:
    settings = make_settings(SubmitSettings, {"ALLOWED_ORIGINS": "https://Practice.Example/"})
    assert origin_allowed(header, settings.allowed_origins) is allowed
