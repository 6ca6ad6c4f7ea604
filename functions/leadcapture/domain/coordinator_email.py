"""The coordinator email: compose it (text and HTML, every value escaped) as one MIME message.

We build the MIME ourselves with Python's email package and `adapters/ses.py` sends it as Raw
content: the headers are exactly the ones set here (the email package refuses any header value
holding CR or LF, a second guard behind the model's rules), and the message that is sent is one
we can parse and check in tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from .consultation import DEFAULT_PHONE_REGION
from .timestamps import parse_stamp

if TYPE_CHECKING:
    from ..settings import Settings
    from .consultation import Lead

SUBJECT = "New consultation request: {first} {initial}."
URGENT_PREFIX = "[URGENT] "
URGENT_HEADING = "Urgent: the message may describe a crisis. Please reach out first."
# An urgent lead caught by the honeypot is emailed anyway (domain/notification.py); say so first.
SPAM_TRAP_HEADING = (
    "Caught by the spam trap: check. The form's hidden field was filled (by a bot, or by a browser's autofill);"
    " this request is emailed only because it reads urgent. It is kept {days} days unless promoted"
    " (leads promote with the lead id)."
)

_LABELS = {
    "preferred_contact": {"email": "Email", "phone": "Phone call", "text": "Text message"},
    "best_time": {"morning": "Morning", "afternoon": "Afternoon", "evening": "Evening", "anytime": "Any time"},
    "session_for": {
        "individual": "Individual",
        "couples": "Couples",
        "family": "Family",
        "child_teen": "Child or teen",
        "not_sure": "Not sure yet",
    },
}


@dataclass(frozen=True, slots=True)
class Email:
    sender: str
    to: tuple[str, ...]
    reply_to: str | None
    subject: str
    text: str
    html: str

    def to_mime(self) -> EmailMessage:
        message = EmailMessage(policy=SMTP)
        message["From"] = self.sender
        message["To"] = ", ".join(self.to)
        if self.reply_to:
            message["Reply-To"] = self.reply_to
        message["Subject"] = self.subject
        message["Message-ID"] = make_msgid(domain=self.sender.rsplit("@", 1)[-1].strip("> "))
        message.set_content(self.text, subtype="plain", charset="utf-8")
        message.add_alternative(self.html, subtype="html", charset="utf-8")
        return message


def subject_for(lead: Lead) -> str:
    subject = SUBJECT.format(first=lead.first_name, initial=lead.last_initial)
    return URGENT_PREFIX + subject if lead.urgent else subject


def compose(lead: Lead, settings: Settings) -> Email:
    """The email for one lead. Holds nothing the practice switched off (EMAIL_INCLUDE_MESSAGE)."""
    received = parse_stamp(lead.created_at).astimezone(settings.zone)
    when = received.strftime("%A %d %B %Y, %I:%M %p %Z").replace(" 0", " ")
    rows: list[tuple[str, str, str | None]] = [("Name", f"{lead.first_name} {lead.last_name}", None)]
    if lead.email:
        rows.append(("Email", lead.email, "mailto:" + quote(lead.email, safe="@")))
    if lead.phone:
        rows.append(("Phone", display_phone(lead.phone), "tel:" + lead.phone))
    rows.append(("Prefers", _LABELS["preferred_contact"][lead.preferred_contact], None))
    if lead.best_time:
        rows.append(("Best time", _LABELS["best_time"][lead.best_time], None))
    if lead.session_for:
        rows.append(("For", _LABELS["session_for"][lead.session_for], None))
    if lead.sms_consent:
        rows.append(("Text messages", "agreed to be contacted by text", None))
    rows.append(("Received", when, None))
    rows.append(("Lead id", lead.id, None))

    message = lead.message if settings.email_include_message else None
    heading = URGENT_HEADING if lead.urgent else None
    if heading and lead.status == "spam":
        heading += " " + SPAM_TRAP_HEADING.format(days=settings.spam_retention_days)
    return Email(
        sender=settings.sender_email,
        to=settings.coordinator_emails,
        reply_to=lead.email,
        subject=subject_for(lead),
        text=_text(rows, message, heading, settings),
        html=_html(rows, message, heading, settings),
    )


def display_phone(e164: str) -> str:
    """How the coordinator reads a number: national format at home, international abroad."""
    import phonenumbers

    number = phonenumbers.parse(e164, None)
    style = phonenumbers.PhoneNumberFormat
    home = phonenumbers.region_code_for_number(number) == DEFAULT_PHONE_REGION
    return str(phonenumbers.format_number(number, style.NATIONAL if home else style.INTERNATIONAL))


def _text(rows: list[tuple[str, str, str | None]], message: str | None, heading: str | None, settings: Settings) -> str:
    lines = [heading, ""] if heading else []
    lines.append(f"A new request for a free 15-minute consultation came in through the {settings.practice_name} website.")
    lines.append("")
    lines.extend(f"{label}: {value}" for label, value, _ in rows)
    if message:
        lines += ["", "What brings them to therapy:", message]
    elif not settings.email_include_message:
        lines += ["", "(The message is not included in email by this practice's settings; it is stored with the lead.)"]
    lines += ["", "Reply to this email to answer them directly."]
    return "\n".join(lines) + "\n"


def _html(rows: list[tuple[str, str, str | None]], message: str | None, heading: str | None, settings: Settings) -> str:
    def cell(value: str, link: str | None) -> str:
        shown = escape(value)
        return f'<a href="{escape(link, quote=True)}">{shown}</a>' if link else shown

    parts = ['<!doctype html><html><body style="font-family: sans-serif; line-height: 1.4">']
    if heading:
        parts.append(f'<p style="color: #a00; font-weight: bold">{escape(heading)}</p>')
    parts.append(f"<p>A new request for a free 15-minute consultation came in through the {escape(settings.practice_name)} website.</p>")
    parts.append("<table>")
    parts.extend(f'<tr><th align="left" valign="top">{escape(label)}</th><td>{cell(value, link)}</td></tr>' for label, value, link in rows)
    parts.append("</table>")
    if message:
        parts.append(f'<h3>What brings them to therapy</h3><p style="white-space: pre-wrap">{escape(message)}</p>')
    elif not settings.email_include_message:
        parts.append("<p><em>The message is not included in email by this practice's settings; it is stored with the lead.</em></p>")
    parts.append("<p>Reply to this email to answer them directly.</p></body></html>")
    return "\n".join(parts)
