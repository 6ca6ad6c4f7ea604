"""The coordinator email: headers exactly as set, subject, escaping, links, time zone, switches."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest

from leadcapture.intake.domain.contract import new_lead, validate_submission
from leadcapture.kernel.coordinator_email import compose, encoded_words, subject_for
from leadcapture.kernel.lead import Lead
from leadcapture.notify.settings import NotifySettings
from tests.conftest import valid_lead
from tests.settings import make_settings

SETTINGS = make_settings(
    NotifySettings,
    {
        "SENDER_EMAIL": "Consultation form <forms@practice.example>",
        "COORDINATOR_EMAILS": "coordinator@practice.example, backup@practice.example",
        "PRACTICE_NAME": "Harbor & Co Therapy",
        "PRACTICE_TIMEZONE": "America/Los_Angeles",
    },
)


def lead_of(**fields: object) -> Lead:
    request = validate_submission(valid_lead(**fields))
    return new_lead(request, now=datetime(2026, 11, 28, 18, 5, tzinfo=UTC), consent_version="v1", retention_days=365)


def parsed(lead: Lead, settings: NotifySettings = SETTINGS) -> EmailMessage:
    raw = compose(lead, settings, to=settings.coordinator_emails).to_bytes()
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
    new_york = make_settings(NotifySettings, {"PRACTICE_TIMEZONE": "America/New_York"})
    text, _ = bodies(parsed(lead_of(), new_york))
    assert "1:05 PM EST" in text


def test_lead_id_is_in_the_body() -> None:
    lead = lead_of()
    text, html = bodies(parsed(lead))
    assert lead.id in text and lead.id in html


def test_message_can_be_left_out_of_the_email() -> None:
    contact = make_settings(NotifySettings, {"EMAIL_DETAIL": "contact"})
    text, html = bodies(parsed(lead_of(message="a very private story"), contact))
    assert "a very private story" not in text and "a very private story" not in html
    assert "not in this email" in text


def forged(**fields: object) -> Lead:
    """A lead the model would never let through: for the composer's own guards."""
    lead = lead_of()
    return Lead(**{**{f: getattr(lead, f) for f in lead.__slots__}, **fields})


def test_the_composer_refuses_a_newline_in_the_subject() -> None:
    # The model never lets one through; this is the second guard, in case a future path skips it.
    with pytest.raises(ValueError, match="control characters"):
        compose(forged(first_name="Sam\r\nBcc: victim@example.com"), SETTINGS, to=SETTINGS.coordinator_emails).to_bytes()


def test_a_forged_email_never_reaches_an_address_header() -> None:
    for email in ("sam@example.com\r\nBcc: victim@example.com", "=?utf-8?q?x?=@example.com", "josé@example.com"):
        assert not any(
            line.startswith("Reply-To")
            for line in header_block(compose(forged(email=email), SETTINGS, to=SETTINGS.coordinator_emails).to_bytes())
        )


def test_numbers_abroad_are_shown_in_international_format() -> None:
    text, html = bodies(parsed(lead_of(phone="+44 20 7946 0958")))
    assert "Phone: +44 20 7946 0958" in text
    assert '<a href="tel:+442079460958">+44 20 7946 0958</a>' in html


def header_block(raw: bytes) -> list[str]:
    return raw.split(b"\r\n\r\n", 1)[0].decode("ascii").split("\r\n")


def test_the_subject_is_always_our_own_encoded_words_on_the_wire() -> None:
    lead = lead_of(first_name="Zoë", last_name="Ångström")
    words = encoded_words(subject_for(lead))
    lines = header_block(compose(lead, SETTINGS, to=SETTINGS.coordinator_emails).to_bytes())
    start = lines.index("Subject: " + words[0])
    assert [line.strip() for line in lines[start + 1 : start + len(words)]] == words[1:]
    assert all(len(line) <= 76 for line in lines if "=?" in line)


def test_encoded_words_hold_whole_characters_and_fit_a_line() -> None:
    text = "[URGENT] New consultation request: " + "李" * 80 + " 🌻" * 20 + " É."
    words = encoded_words(text)
    assert len(words) > 5 and all(len(word) <= 64 for word in words)
    from base64 import b64decode

    assert "".join(b64decode(word[10:-2]).decode("utf-8") for word in words) == text


def test_a_forged_encoded_word_in_a_name_adds_no_header_on_any_python() -> None:
    # What CPython 3.11.7 turned into header lines and an HTML part while folding the subject.
    name = "=?utf-8?q?A=0AContent-Type: text/html=0A=0A<a href=//evil.example>Sign in</a>?="
    raw = compose(
        forged(first_name=name, last_name="=?utf-8?q?=0ABcc:_v@evil.example?="), SETTINGS, to=SETTINGS.coordinator_emails
    ).to_bytes()
    names = sorted(line.split(":")[0] for line in header_block(raw) if not line.startswith(" "))
    assert names == ["Content-Type", "From", "MIME-Version", "Message-ID", "Reply-To", "Subject", "To"]
    assert b"evil.example" not in raw.split(b"\r\n\r\n", 1)[0]
    assert raw.count(b"\r\nContent-Type: text/html") == 1
    message = message_from_bytes(raw, policy=default)
    assert message["Subject"] == f"New consultation request: {name} =."


def test_reply_to_carries_the_ascii_form_of_an_internationalized_domain() -> None:
    lead = lead_of(email="ana@xn--bcher-kva.example")
    assert lead.email == "ana@bücher.example"
    raw = compose(lead, SETTINGS, to=SETTINGS.coordinator_emails).to_bytes()
    assert "Reply-To: ana@xn--bcher-kva.example" in header_block(raw)
    text, _ = bodies(message_from_bytes(raw, policy=default))
    assert "Email: ana@bücher.example" in text
    assert "Reply to this email to answer them directly." in text


def test_a_non_ascii_local_part_is_shown_in_the_body_and_left_out_of_reply_to() -> None:
    message = parsed(lead_of(email="josé@bücher.example"))
    assert message["Reply-To"] is None
    text, html = bodies(message)
    assert "Email: josé@bücher.example" in text
    assert "not set as Reply-To" in text and "not set as Reply-To" in html
    assert "Reply to this email" not in text


def test_urgent_emails_carry_priority_headers_and_others_do_not() -> None:
    urgent = parsed(lead_of(message="I have been thinking about suicide"))
    assert (urgent["Importance"], urgent["X-Priority"]) == ("high", "1")
    assert urgent["Subject"].startswith("[URGENT] ")
    calm = parsed(lead_of())
    assert calm["Importance"] is None and calm["X-Priority"] is None


def test_a_phone_extension_is_shown_and_dialled() -> None:
    text, html = bodies(parsed(lead_of(phone="818-821-6012 x5")))
    assert "Phone: (818) 821-6012 ext. 5" in text
    assert '<a href="tel:+18188216012;ext=5">(818) 821-6012 ext. 5</a>' in html
    text, html = bodies(parsed(lead_of(phone="+44 20 7946 0958 ext. 77")))
    assert "Phone: +44 20 7946 0958 ext. 77" in text
