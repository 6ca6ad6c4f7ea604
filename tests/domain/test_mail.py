"""The coordinator email: headers exactly as set, subject, escaping, links, time zone, switches."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest

from leadcapture.domain.consultation import Lead, validate_submission
from leadcapture.domain.coordinator_email import compose, subject_for
from leadcapture.settings import Settings
from tests.conftest import valid_lead

SETTINGS = Settings.from_env(
    {
        "SENDER_EMAIL": "Consultation form <forms@practice.example>",
        "COORDINATOR_EMAILS": "coordinator@practice.example, backup@practice.example",
        "PRACTICE_NAME": "Harbor & Co Therapy",
        "PRACTICE_TIMEZONE": "America/Los_Angeles",
    }
)


def lead_of(**fields: object) -> Lead:
    request = validate_submission(valid_lead(**fields))
    return Lead.new(request, now=datetime(2026, 11, 28, 18, 5, tzinfo=UTC), consent_version="v1", retention_days=365)


def parsed(lead: Lead, settings: Settings = SETTINGS) -> EmailMessage:
    raw = compose(lead, settings).to_mime().as_bytes()
    message = message_from_bytes(raw, policy=default)
    assert isinstance(message, EmailMessage)
    return message


def bodies(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def test_headers_are_exactly_the_ones_we_set() -> None:
    message = parsed(lead_of())
    assert sorted(set(message.keys())) == ["Content-Type", "From", "MIME-Version", "Message-ID", "Reply-To", "Subject", "To"]
    assert message["From"] == "Consultation form <forms@practice.example>"
    assert message["To"] == "coordinator@practice.example, backup@practice.example"
    assert message["Reply-To"] == "sam.rivera@example.com"
    assert message["Subject"] == "New consultation request: Sam R."


def test_no_reply_to_without_an_email() -> None:
    assert parsed(lead_of(email=None))["Reply-To"] is None


def test_subject_uses_the_first_letter_of_the_last_name_only() -> None:
    assert subject_for(lead_of(first_name="Zoë", last_name="Ångström")) == "New consultation request: Zoë Å."
    assert subject_for(lead_of(first_name="李", last_name="王小明")) == "New consultation request: 李 王."
    assert subject_for(lead_of(last_name="e\u0301clair")) == "New consultation request: Sam É."


def test_non_ascii_subject_round_trips_through_mime() -> None:
    assert parsed(lead_of(first_name="Zoë", last_name="Ångström"))["Subject"] == "New consultation request: Zoë Å."


def test_urgent_subject_and_heading() -> None:
    lead = lead_of(message="I have been thinking about suicide")
    assert lead.urgent
    message = parsed(lead)
    assert message["Subject"] == "[URGENT] New consultation request: Sam R."
    text, html = bodies(message)
    assert text.startswith("Urgent:")
    assert "Urgent:" in html


def test_subject_holds_nothing_more_sensitive() -> None:
    lead = lead_of(message="private details here")
    subject = subject_for(lead)
    for value in ("Rivera", "sam.rivera@example.com", "+12135550117", "private"):
        assert value not in subject


def test_every_value_is_escaped_in_html() -> None:
    lead = lead_of(first_name="<b>Sam</b>", last_name='"Riv" & <i>', message="<script>alert('x')</script>\nline two")
    text, html = bodies(parsed(lead))
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<b>Sam</b>" not in html and "&lt;b&gt;Sam&lt;/b&gt;" in html
    assert "&quot;Riv&quot; &amp; &lt;i&gt;" in html
    assert "<script>alert('x')</script>" in text  # the text part is plain text: shown as typed


def test_links_and_details() -> None:
    text, html = bodies(parsed(lead_of()))
    assert '<a href="tel:+12135550117">(213) 555-0117</a>' in html
    assert "Phone: (213) 555-0117" in text
    assert '<a href="mailto:sam.rivera@example.com">sam.rivera@example.com</a>' in html
    for fragment in ("Sam Rivera", "Phone call", "Morning", "Couples", "We would like couples counselling."):
        assert fragment in text and fragment in html
    assert "Harbor &amp; Co Therapy" in html


def test_time_is_shown_in_the_practice_time_zone() -> None:
    text, _ = bodies(parsed(lead_of()))
    assert "Received: Saturday 28 November 2026, 10:05 AM PST" in text
    new_york = Settings.from_env({"PRACTICE_TIMEZONE": "America/New_York"})
    text, _ = bodies(parsed(lead_of(), new_york))
    assert "1:05 PM EST" in text


def test_lead_id_is_in_the_body() -> None:
    lead = lead_of()
    text, html = bodies(parsed(lead))
    assert lead.id in text and lead.id in html


def test_message_can_be_left_out_of_the_email() -> None:
    minimal = Settings.from_env({"EMAIL_INCLUDE_MESSAGE": "false"})
    text, html = bodies(parsed(lead_of(message="a very private story"), minimal))
    assert "a very private story" not in text and "a very private story" not in html
    assert "not included in email" in text


@pytest.mark.parametrize("field", ["first_name", "email"])
def test_the_email_package_refuses_a_newline_in_a_header(field: str) -> None:
    # The model never lets one through; this is the second guard, in case a future path skips it.
    lead = lead_of()
    forged = Lead(**{**{f: getattr(lead, f) for f in lead.__slots__}, field: "Sam\r\nBcc: victim@example.com"})
    with pytest.raises(ValueError, match=r"linefeed|carriage return"):
        compose(forged, SETTINGS).to_mime()


def test_numbers_abroad_are_shown_in_international_format() -> None:
    text, html = bodies(parsed(lead_of(phone="+44 20 7946 0958")))
    assert "Phone: +44 20 7946 0958" in text
    assert '<a href="tel:+442079460958">+44 20 7946 0958</a>' in html
