"""EMAIL_DETAIL: how much of a lead the coordinator email carries (docs/email.md "How much the email says").

`minimal` (the default) is a notice: no name, no contact, no message, no Reply-To; the reference,
urgent or not, the language, when it came, the promise and the desk link. `contact` adds who they are
and how to reach them, `full` their message. Reminders, escalations, urgent copies and bounce copies
follow it. Every lead of the crisis corpora is composed at `minimal` and its raw bytes searched.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import TypeVar

import pytest
from infra.measure import crisis

from leadcapture.delivery.domain.delivery import escalation_email
from leadcapture.delivery.settings import DeliverySettings
from leadcapture.followups.domain.followups import followup_email
from leadcapture.followups.settings import FollowupsSettings
from leadcapture.intake.domain.contract import new_lead, validate_submission
from leadcapture.kernel import paging
from leadcapture.kernel.business_days import BusinessCalendar
from leadcapture.kernel.coordinator_email import Email, Notice, compose, desk_link
from leadcapture.kernel.lead import Lead
from leadcapture.notify.settings import NotifySettings
from leadcapture.urgent.domain.pages import ESCALATION_NOTICE, ESCALATION_SUBJECT_PREFIX
from tests.conftest import valid_lead
from tests.settings import make_settings

DESK = "https://abc123.execute-api.us-east-1.amazonaws.com/desk"
BASE = {
    "PRACTICE_NAME": "Harbor Therapy",
    "DESK_URL": DESK,
    "COORDINATOR_EMAILS": "coordinator@practice.example",
    "ESCALATION_EMAILS": "manager@practice.example",
}
# Saturday 28 November 2026, 10:05 in Los Angeles: promised by Monday 30 November, 17:00.
RECEIVED = datetime(2026, 11, 28, 18, 5, tzinfo=UTC)
PERSON = {
    "first_name": "Marisol",
    "last_name": "Quintanilla",
    "email": "marisol.quintanilla@example.com",
    "phone": "+1 (213) 555-0199",
    "preferred_contact": "text",
    "sms_consent": True,
    "message": "My brother keeps saying goodbye to everyone and I am scared for him.",
}


S = TypeVar("S", NotifySettings, FollowupsSettings, DeliverySettings)


def settings(detail: str | None, **extra: str) -> NotifySettings:
    return settings_of(NotifySettings, detail, **extra)


def settings_of(model: type[S], detail: str | None, **extra: str) -> S:
    environ = {**BASE, **extra}
    if detail is not None:
        environ["EMAIL_DETAIL"] = detail
    else:  # the default, whatever the test suites' shared settings say
        given = {**make_settings(model).environment(), **environ}
        return model.from_env({key: value for key, value in given.items() if key != "EMAIL_DETAIL"})
    return make_settings(model, environ)


def a_lead(**fields: object) -> Lead:
    return new_lead(validate_submission(valid_lead(**{**PERSON, **fields})), now=RECEIVED, consent_version="v1", retention_days=365)


def personal_values(lead: Lead) -> list[str]:
    """Everything of the person: as stored (names, normalized email and E.164 phone, message) and as typed."""
    values: list[object] = [lead.first_name, lead.last_name, f"{lead.first_name} {lead.last_name}", lead.email, lead.phone, lead.message]
    values += [PERSON["phone"], lead.email.split("@")[0] if lead.email else None, lead.phone[-7:] if lead.phone else None, "555-0199"]
    return [v for v in values if isinstance(v, str) and v]


def message_of(email: Email) -> tuple[bytes, EmailMessage]:
    raw = email.to_bytes()
    parsed = message_from_bytes(raw, policy=default)
    assert isinstance(parsed, EmailMessage)
    return raw, parsed


def holds_none_of(email: Email, values: list[str]) -> list[str]:
    """The values found in the raw bytes or in any decoded header or part (the To line is the practice's)."""
    raw, parsed = message_of(email)
    decoded = [f"{name}: {value}" for name, value in parsed.items()]
    decoded += [str(part.get_content()) for part in parsed.walk() if not part.is_multipart()]
    rest = re.sub(rb"\r\nTo: [^\r\n]*", b"", raw).decode("latin-1")
    return [value for value in values for text in (*decoded, rest) if value in text]


def parts(email: Email) -> tuple[str, str]:
    _, parsed = message_of(email)
    text, html = parsed.get_body(("plain",)), parsed.get_body(("html",))
    assert text is not None and html is not None
    return str(text.get_content()), str(html.get_content())


# --- the setting -----------------------------------------------------------------------------------


def test_the_default_is_minimal() -> None:
    assert NotifySettings.model_fields["email_detail"].default == "minimal"
    assert settings(None).email_detail == "minimal"
    for model in (NotifySettings, FollowupsSettings, DeliverySettings):
        assert "EMAIL_DETAIL" in model.variables() and "DESK_URL" in model.variables() and "BUSINESS_DAYS" in model.variables()


# --- minimal -----------------------------------------------------------------------------------------


def test_minimal_says_a_request_came_and_where_to_read_it_and_nothing_of_the_person() -> None:
    lead = a_lead()
    email = compose(lead, settings("minimal"), to=("coordinator@practice.example",))
    _, parsed = message_of(email)
    assert parsed["Subject"] == f"New consultation request · ref {lead.reference}"
    assert parsed["Reply-To"] is None and email.reply_to is None
    assert sorted(set(parsed.keys())) == ["Content-Type", "From", "MIME-Version", "Message-ID", "Subject", "To"]
    text, html = parts(email)
    for body in (text, html):
        assert "Harbor Therapy" in body
        assert lead.reference in body
        assert "Saturday, November 28, 10:05 PST" in body  # received
        assert "Monday, November 30, 17:00 PST" in body  # the promise
        assert f"{DESK}/leads/{lead.id}" in body
    assert "Urgent: no" in text
    assert "Answer by: Monday, November 30, 17:00 PST" in text
    assert holds_none_of(email, personal_values(lead)) == []
    # How to reach them is the person's choice: not in a notice either.
    assert "Prefers" not in text and "text message" not in text.lower()


def test_minimal_keeps_the_action_links_and_says_where_the_rest_is() -> None:
    lead = a_lead()
    links = [("Contacted", "https://api.example/actions/token-1")]
    text, html = parts(compose(lead, settings("minimal"), links, to=("c@practice.example",)))
    assert "https://api.example/actions/token-1" in text and "https://api.example/actions/token-1" in html
    assert "in the desk, after sign-in" in text
    # Without a desk (an older stack): no link, and the leads tool named instead.
    text, _ = parts(compose(lead, settings("minimal", DESK_URL=""), to=("c@practice.example",)))
    assert "/desk" not in text and "leads tool" in text and lead.id in text


def test_an_urgent_minimal_email_says_so_first_and_still_names_nobody() -> None:
    lead = replace(a_lead(), urgent=True)
    email = compose(lead, settings("minimal"), to=("c@practice.example",))
    _, parsed = message_of(email)
    assert parsed["Subject"] == f"[URGENT] New consultation request · ref {lead.reference}"
    assert (parsed["Importance"], parsed["X-Priority"]) == ("high", "1")
    text, _ = parts(email)
    assert text.startswith("Urgent: the message may describe a crisis.")
    assert "Urgent: yes" in text
    assert holds_none_of(email, personal_values(lead)) == []


def test_minimal_in_the_practices_spanish() -> None:
    lead = replace(a_lead(lang="es"), urgent=True)
    email = compose(lead, settings("minimal", PRACTICE_LANGUAGE="es"), to=("c@practice.example",))
    _, parsed = message_of(email)
    assert parsed["Subject"] == f"[URGENTE] Nueva solicitud de consulta · ref {lead.reference}"
    text, _ = parts(email)
    assert "Idioma: español" in text
    assert "Recibida: sábado 28 de noviembre, 10:05 PST" in text
    assert "Responder antes del: lunes 30 de noviembre, 17:00 PST" in text
    assert "Abrirla en el escritorio" in text
    assert holds_none_of(email, personal_values(lead)) == []


def test_the_desk_link_is_the_same_as_a_texts() -> None:
    lead = a_lead()
    assert desk_link(DESK, lead.id) == paging.desk_link(DESK, lead.id) == f"{DESK}/leads/{lead.id}"


def test_the_promise_follows_the_practices_calendar() -> None:
    # Monday is a holiday: the promise moves to Tuesday.
    text, _ = parts(compose(a_lead(), settings("minimal", HOLIDAYS="2026-11-30"), to=("c@practice.example",)))
    assert "Answer by: Tuesday, December 1, 17:00 PST" in text


# --- contact and full -------------------------------------------------------------------------------


def test_contact_has_who_they_are_and_how_to_reach_them_but_not_their_message() -> None:
    lead = a_lead()
    email = compose(lead, settings("contact"), to=("c@practice.example",))
    _, parsed = message_of(email)
    assert parsed["Subject"] == "New consultation request: Marisol Q."
    assert parsed["Reply-To"] == "marisol.quintanilla@example.com"
    text, html = parts(email)
    for body in (text, html):
        assert "Marisol Quintanilla" in body and "marisol.quintanilla@example.com" in body and "(213) 555-0199" in body
        assert "Prefers text" in body  # kernel/preferences.py's how_to_reach
        assert f"{DESK}/leads/{lead.id}" in body
    assert holds_none_of(email, [lead.message or ""]) == []
    assert "not in this email" in text


def test_full_is_the_whole_email() -> None:
    lead = a_lead()
    email = compose(lead, settings("full"), to=("c@practice.example",))
    text, html = parts(email)
    assert lead.message and lead.message in text and "Marisol Quintanilla" in text and "marisol.quintanilla@example.com" in text
    assert "What brings them to therapy" in html
    assert "not in this email" not in text
    # The search the minimal tests rely on finds each of them here.
    assert set(holds_none_of(email, personal_values(lead))) >= {lead.first_name, lead.last_name, lead.email, lead.message}


@pytest.mark.parametrize("bad", ["none", "true", "false", "all", "minimal,full"])
def test_an_unknown_level_is_refused(bad: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="EMAIL_DETAIL"):
        make_settings(NotifySettings, {"EMAIL_DETAIL": bad})


# --- reminders, escalations, bounce copies, the urgent escalation -----------------------------------


def test_reminders_escalations_and_copies_follow_the_setting() -> None:
    lead = replace(a_lead(), urgent=True)
    values = personal_values(lead)
    followups = settings_of(FollowupsSettings, "minimal")
    calendar = BusinessCalendar.from_settings(followups)
    delivery = settings_of(DeliverySettings, "minimal")
    urgent_notice = Notice(ESCALATION_NOTICE.format(pages=4, since="Saturday"), ESCALATION_SUBJECT_PREFIX)
    emails = {
        "reminder": followup_email(lead, "reminder", calendar, followups),
        "escalation": followup_email(lead, "escalation", calendar, followups),
        "bounce": escalation_email(lead, delivery),
        "urgent": compose(lead, settings("minimal"), to=("m@practice.example",), notice=urgent_notice),
    }
    subjects = {kind: message_of(email)[1]["Subject"] for kind, email in emails.items()}
    ref = lead.reference
    assert subjects == {
        "reminder": f"[URGENT] Reminder: New consultation request · ref {ref}",
        "escalation": f"[URGENT] Escalation: New consultation request · ref {ref}",
        "bounce": f"[URGENT] [Bounced] New consultation request · ref {ref}",
        "urgent": f"[URGENT] Unacknowledged: New consultation request · ref {ref}",
    }
    for kind, email in emails.items():
        assert email.reply_to is None, kind
        assert holds_none_of(email, values) == [], kind
        assert f"{DESK}/leads/{lead.id}" in email.text, kind
    assert "promised an answer by" in emails["reminder"].text
    # At full the same emails carry the name again: the setting, not the kind of email, decides.
    full = settings_of(FollowupsSettings, "full")
    assert "Marisol" in message_of(followup_email(lead, "reminder", calendar, full))[1]["Subject"]


# --- the crisis corpora -----------------------------------------------------------------------------

CORPORA = [crisis.CORPUS, crisis.HELDOUT]


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: p.name)
def test_no_message_of_the_crisis_corpora_reaches_a_minimal_email(path: Path) -> None:
    examples = crisis.load(path)
    assert len(examples) >= 100
    notify, followups = settings("minimal"), settings_of(FollowupsSettings, "minimal")
    calendar = BusinessCalendar.from_settings(followups)
    searched = 0
    for example in examples:
        lead = replace(a_lead(message=example.text, lang=example.lang), urgent=example.crisis)
        values = personal_values(lead)
        for email in (
            compose(lead, notify, to=("c@practice.example",)),
            followup_email(lead, "reminder", calendar, followups),
        ):
            assert holds_none_of(email, values) == [], example.text
            searched += 1
    assert searched == 2 * len(examples)


def test_reminders_escalations_and_copies_are_worded_in_the_practices_spanish_too() -> None:
    lead = a_lead(lang="es")
    followups = settings_of(FollowupsSettings, "minimal", PRACTICE_LANGUAGE="es")
    calendar = BusinessCalendar.from_settings(followups)
    first_text = datetime(2026, 11, 28, 18, 6, tzinfo=UTC)
    unacknowledged = Notice("(English)", "Unacknowledged: ", "unacknowledged", (("pages", 4), ("since", first_text)))
    emails = {
        "reminder": followup_email(lead, "reminder", calendar, followups),
        "bounce": escalation_email(lead, settings_of(DeliverySettings, "minimal", PRACTICE_LANGUAGE="es")),
        "urgent": compose(lead, settings("minimal", PRACTICE_LANGUAGE="es"), to=("m@practice.example",), notice=unacknowledged),
    }
    ref = lead.reference
    assert {kind: message_of(email)[1]["Subject"] for kind, email in emails.items()} == {
        "reminder": f"Recordatorio: Nueva solicitud de consulta · ref {ref}",
        "bounce": f"[Rebotado] Nueva solicitud de consulta · ref {ref}",
        "urgent": f"Sin confirmar: Nueva solicitud de consulta · ref {ref}",
    }
    assert emails["reminder"].text.startswith("Recordatorio: aún no está marcada como contactada. Se prometió una respuesta")
    assert "antes del lunes 30 de noviembre, 17:00 PST." in emails["reminder"].text
    assert "desde el sábado 28 de noviembre, 10:06 PST" in emails["urgent"].text
    assert "(English)" not in emails["urgent"].text
    # At full the email stays as it was, English headings included.
    full = followup_email(lead, "reminder", calendar, settings_of(FollowupsSettings, "full", PRACTICE_LANGUAGE="es"))
    assert full.text.startswith("Reminder: not yet marked contacted.")
