"""The coordinator email: compose it (text and HTML, every value escaped) as one raw MIME message.

`adapters/ses.py` sends the bytes of `Email.to_bytes()` as Raw content: the headers are exactly
the ones written here. The header lines that carry submitted text are written by this module and
never handed to the email package's header parser, which decodes RFC 2047 encoded words and, on
CPython before 3.11.10 / 3.12.5, turned an encoded CR/LF into new header lines while folding
(CVE-2024-6923). The subject is always our own base64 encoded words, so nothing a person typed
can be read as an encoded word or a header; Reply-To holds the ASCII form of the address or is
left out. The email package builds only the body parts and the headers from our own settings.
"""

from __future__ import annotations

import re
import uuid
from base64 import b64encode
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from leadcapture.kernel import messages
from leadcapture.kernel.business_days import BusinessCalendar
from leadcapture.kernel.fields import DEFAULT_PHONE_REGION
from leadcapture.kernel.preferences import heading as reach_heading
from leadcapture.kernel.preferences import how_to_reach
from leadcapture.kernel.text import unsafe_character
from leadcapture.kernel.timestamps import parse_stamp

if TYPE_CHECKING:
    from leadcapture.kernel.lead import Lead
    from leadcapture.kernel.messages import Language
    from leadcapture.kernel.settings.mail import CoordinatorMail

SUBJECT = "New consultation request: {first} {initial}."
SUBJECT_ONE_NAME = "New consultation request: {first}"
URGENT_PREFIX = "[URGENT] "
URGENT_HEADING = "Urgent: the message may describe a crisis. Please reach out first."
# An urgent lead caught by the honeypot is kept as a lead (intake/domain/capture.py); say so first.
SPAM_TRAP_HEADING = (
    "Caught by the spam trap: check. The form's hidden field was filled (by a bot, or by a browser's autofill);"
    " because the message reads urgent it is kept and followed as a lead: record what happened as with any other."
)
# Set on urgent emails too, so mail clients and filters can act on them without reading the subject.
URGENT_HEADERS = (("Importance", "high"), ("X-Priority", "1"))
# 39 bytes of UTF-8 are 52 base64 characters: "Subject: " and one 64-character word fit in 76
# (RFC 2047's limit for a line holding encoded words).
_WORD_BYTES = 39
# What an address header may hold: an ASCII dot-atom local part @ an ASCII (punycode) domain.
_ASCII_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+")

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
    # The ASCII form of the person's address (see reply_address), or None.
    reply_to: str | None
    # As the coordinator reads it; written to the wire as encoded words only.
    subject: str
    text: str
    html: str
    urgent: bool = False
    # Tagged on the send (SES EmailTags) so SES's delivery events name their lead without a scan.
    lead_id: str | None = None
    # An email to the person (kernel/lead.py PersonEmail), tagged so: its To is the person's address
    # (the ASCII form of it, `reply_address`), written by us like Reply-To, never by the email package.
    kind: str | None = None

    def to_bytes(self) -> bytes:
        """The whole message as SES receives it (CRLF line ends, ASCII header block)."""
        lines = [
            _settings_header("From", self.sender),
            _address_header("To", self.to[0]) if self.kind else _settings_header("To", ", ".join(self.to)),
            _address_header("Reply-To", self.reply_to) if self.reply_to else "",
            _subject_header(self.subject),
            _settings_header("Message-ID", make_msgid(domain=self.sender.rsplit("@", 1)[-1].strip("> "))),
        ]
        if self.urgent:
            lines += [_settings_header(name, value) for name, value in URGENT_HEADERS]
        body = EmailMessage(policy=SMTP)
        body.set_content(self.text, subtype="plain", charset="utf-8")
        body.add_alternative(self.html, subtype="html", charset="utf-8")
        # The body's own header lines (MIME-Version, Content-Type) follow ours.
        return "".join(lines).encode("ascii") + body.as_bytes(policy=SMTP)


def _settings_header(name: str, value: str) -> str:
    """A header from the practice's settings or our own words: never submitted text."""
    return str(SMTP.header_factory(name, value).fold(policy=SMTP))


def _address_header(name: str, address: str) -> str:
    if _ASCII_ADDRESS.fullmatch(address) is None or "=?" in address:
        raise ValueError(f"{name} must be one ASCII address without encoded words")
    return f"{name}: {address}\r\n"


def _subject_header(subject: str) -> str:
    bad = unsafe_character(subject)
    if bad is not None:
        raise ValueError(f"the subject must not hold control characters ({bad})")
    return "Subject: " + "\r\n ".join(encoded_words(subject)) + "\r\n"


def encoded_words(text: str) -> list[str]:
    """`text` as RFC 2047 base64 words of UTF-8, each holding whole characters, at most 64 long."""
    chunks: list[bytes] = []
    chunk = b""
    for char in text:
        data = char.encode("utf-8")
        if chunk and len(chunk) + len(data) > _WORD_BYTES:
            chunks.append(chunk)
            chunk = b""
        chunk += data
    chunks.append(chunk)
    return [f"=?utf-8?b?{b64encode(chunk).decode('ascii')}?=" for chunk in chunks]


def subject_for(lead: Lead) -> str:
    """The urgent marker only ever comes first; names cannot hold it (consultation.py)."""
    initial = lead.last_initial
    # A one-word name (Lead.full_name "Cher") has no last initial.
    subject = SUBJECT.format(first=lead.first_name, initial=initial) if initial else SUBJECT_ONE_NAME.format(first=lead.first_name)
    return URGENT_PREFIX + subject if lead.urgent else subject


def reply_address(address: str) -> str | None:
    """The form of `address` that may go in an address header: ASCII, the domain in punycode.

    None when the local part (before the @) is not ASCII: it has no ASCII form, and an encoded
    word is not allowed in an address (RFC 2047 section 5), so the email shows it in the body only.

    `address` is a lead's, as stored: normalized by the contract's rule (consultation._email). An
    ASCII one is therefore already its own ASCII form, and only an internationalized one needs
    email-validator again (whose import costs the notifier's cold start ~30 ms).
    """
    ascii_form: str | None = address
    if not address.isascii():
        from email_validator import EmailNotValidError, validate_email

        try:
            ascii_form = validate_email(address, check_deliverability=False).ascii_email
        except EmailNotValidError:
            return None
    if ascii_form is None or _ASCII_ADDRESS.fullmatch(ascii_form) is None or "=?" in ascii_form:
        return None
    return str(ascii_form)


@dataclass(frozen=True, slots=True)
class Notice:
    """What makes the coordinator email a reminder, an escalation or a bounce's copy: a heading above
    it and, before its subject, a prefix a mail client's list shows (after the urgent marker)."""

    heading: str
    subject_prefix: str = ""
    # The same notice in the catalogue (`email.notice.<key>` and `.subject`), for the minimal email,
    # which is worded in the practice's language; its {values}: instants shown in the practice's zone.
    key: str = ""
    values: tuple[tuple[str, object], ...] = ()

    def in_language(self, language: Language, zone: tzinfo) -> Notice:
        if not self.key:
            return self
        shown = {name: local_when(v, language, zone) if isinstance(v, datetime) else v for name, v in self.values}
        key = f"email.notice.{self.key}"
        return Notice(messages.text(language, key, **shown), messages.text(language, key + ".subject"))


ACTIONS_INTRO = "Record what happened (each link opens a page with one button to confirm):"
ACTIONS_MISSING = "(Action links could not be added to this email; record what happened with the leads tool.)"


def compose(
    lead: Lead,
    settings: CoordinatorMail,
    links: Sequence[tuple[str, str]] | None = (),
    *,
    to: tuple[str, ...],
    notice: Notice | None = None,
) -> Email:
    """The email for one lead, holding no more of it than the practice chose (EMAIL_DETAIL).

    `minimal` is a notice with nothing of the person (`_notice_email`); `contact` adds who they are
    and how to reach them; `full` their message too. `links` are the action links, (label, url)
    from `action_links.action_links`; None says they could not be made (the key was unreadable),
    and the email says so. Reminders, escalations and the urgent copy are this same email: `to`
    says who gets it, a `notice` marks it as one of them.
    """
    if settings.email_detail == "minimal":
        return _notice_email(lead, settings, links, to=to, notice=notice)
    when = local_time(lead.created_at, settings.zone)
    rows: list[tuple[str, str, str | None]] = [("Name", lead.full_name or f"{lead.first_name} {lead.last_name}", None)]
    if lead.email:
        rows.append(("Email", lead.email, "mailto:" + quote(lead.email, safe="@")))
    if lead.phone:
        rows.append(("Phone", display_phone(lead.phone), "tel:" + lead.phone))
    rows.append(("Prefers", _LABELS["preferred_contact"][lead.preferred_contact], None))
    if lead.best_time:
        rows.append(("Best time", ", ".join(_LABELS["best_time"][time] for time in lead.best_time), None))
    if lead.session_for:
        rows.append(("For", _LABELS["session_for"][lead.session_for], None))
    if lead.sms_consent:
        rows.append(("Text messages", "agreed to be contacted by text", None))
    if lead.language:
        rows.append(_language_row(lead.language, settings))
    rows.append(("Received", when, None))
    rows.append(("Lead id", lead.id, None))
    if settings.desk_url:
        link = desk_link(settings.desk_url, lead.id)
        rows.append((messages.text(settings.practice_language, "email.desk"), link, link))

    message = lead.message if settings.email_detail == "full" else None
    heading = _heading(lead, notice, URGENT_HEADING)
    subject = _with_prefix(subject_for(lead), URGENT_PREFIX, notice)
    reply_to = reply_address(lead.email) if lead.email else None
    footer = _footer(lead.email, reply_to)
    # How to reach them, and how not, first: before anyone picks up the phone (kernel/preferences.py).
    reach = f"{reach_heading(settings.practice_language)}: {how_to_reach(lead, settings.practice_language)}"
    return Email(
        sender=settings.sender_email,
        to=to,
        reply_to=reply_to,
        subject=subject,
        text=_text(rows, message, (heading, reach), footer, settings) + _text_actions(links),
        html=_html(rows, message, (heading, reach), footer, settings).replace(_HTML_END, _html_actions(links) + _HTML_END),
        urgent=lead.urgent,
        lead_id=lead.id,
    )


def _heading(lead: Lead, notice: Notice | None, urgent_heading: str) -> str | None:
    heading = urgent_heading if lead.urgent else None
    if heading and lead.trapped:
        heading += " " + SPAM_TRAP_HEADING
    if notice and notice.heading:
        heading = f"{notice.heading} {heading}" if heading else notice.heading
    return heading


def _with_prefix(subject: str, urgent_prefix: str, notice: Notice | None) -> str:
    """The notice's prefix before the subject; the urgent marker stays first, where a mail client's list shows it."""
    if not notice or not notice.subject_prefix:
        return subject
    bare = subject.removeprefix(urgent_prefix)
    return subject[: len(subject) - len(bare)] + notice.subject_prefix + bare


def notice_subject(lead: Lead, language: Language) -> str:
    """The minimal email's subject: no name, only the short reference ("New consultation request · ref 7K2Q")."""
    subject = messages.text(language, "email.subject", reference=lead.reference)
    return messages.text(language, "email.urgent_prefix") + subject if lead.urgent else subject


def local_when(instant: datetime, language: Language, zone: tzinfo) -> str:
    """An instant as the minimal email shows it, in the practice's language: "Tuesday, December 1, 17:00 PST"."""
    local = instant.astimezone(zone)
    return messages.text(language, "email.at", date=messages.long_date(local, language), time=local.strftime("%H:%M %Z").strip())


def _notice_email(
    lead: Lead, settings: CoordinatorMail, links: Sequence[tuple[str, str]] | None, *, to: tuple[str, ...], notice: Notice | None
) -> Email:
    """EMAIL_DETAIL=minimal: that a request came, and where to read it; nothing of the person.

    Only the practice's own words and values and the lead's facts that tell nothing of who they are:
    its short reference and id (random), urgent or not, the form's language, when it came and the
    promise (the practice's calendar). No Reply-To: the coordinator answers from the desk.
    """
    own = settings.practice_language
    notice = notice.in_language(own, settings.zone) if notice else None
    received = parse_stamp(lead.created_at)
    promise = BusinessCalendar.from_settings(settings).promise(received)
    rows: list[tuple[str, str, str | None]] = [
        (messages.text(own, "email.reference"), lead.reference, None),
        (messages.text(own, "email.urgent"), messages.text(own, "email.urgent." + ("yes" if lead.urgent else "no")), None),
    ]
    if lead.language:
        rows.append(_language_row(lead.language, settings))
    rows.append((messages.text(own, "email.received"), local_when(received, own, settings.zone), None))
    rows.append((messages.text(own, "email.promise"), local_when(promise, own, settings.zone), None))
    rows.append((messages.text(own, "email.lead_id"), lead.id, None))
    if settings.desk_url:
        link = desk_link(settings.desk_url, lead.id)
        rows.append((messages.text(own, "email.desk"), link, link))
    heading = _heading(lead, notice, messages.text(own, "email.urgent_heading"))
    intro = messages.text(own, "email.intro", practice=settings.practice_name)
    note = messages.text(own, "email.minimal.note" if settings.desk_url else "email.minimal.no_desk")
    text_lines = [heading, ""] if heading else []
    text_lines += [intro, "", *(f"{label}: {value}" for label, value, _ in rows), "", note]
    html = ['<!doctype html><html><body style="font-family: sans-serif; line-height: 1.4">']
    if heading:
        html.append(f'<p style="color: #a00; font-weight: bold">{escape(heading)}</p>')
    html.append(f"<p>{escape(intro)}</p>")
    html.append("<table>")
    html.extend(f'<tr><th align="left" valign="top">{escape(label)}</th><td>{_cell(value, link)}</td></tr>' for label, value, link in rows)
    html += ["</table>", f"<p>{escape(note)}</p>", _html_actions(links), _HTML_END]
    return Email(
        sender=settings.sender_email,
        to=to,
        reply_to=None,
        subject=_with_prefix(notice_subject(lead, own), messages.text(own, "email.urgent_prefix"), notice),
        text="\n".join(text_lines) + "\n" + _text_actions(links),
        html="\n".join(html),
        urgent=lead.urgent,
        lead_id=lead.id,
    )


def desk_link(desk_url: str, lead_id: str) -> str:
    """The lead in the desk, `<DESK_URL>/leads/<id>`: a text's link too (kernel/paging.py cannot be
    imported here, its ports name this module's Email; tests/domain/test_email_detail.py holds them equal)."""
    return f"{desk_url.rstrip('/')}/leads/{uuid.UUID(lead_id)}"


def _cell(value: str, link: str | None) -> str:
    shown = escape(value)
    return f'<a href="{escape(link, quote=True)}">{shown}</a>' if link else shown


def _language_row(language: str, settings: CoordinatorMail) -> tuple[str, str, str | None]:
    """Which language the person used the form in, named in the practice's language."""
    own = settings.practice_language
    named = messages.text(own, f"language.{language}") if messages.has(own, f"language.{language}") else language
    return (messages.text(own, "email.language"), named, None)


def local_time(stamp: str, zone: tzinfo) -> str:
    """A stored stamp as the coordinator reads it: "Saturday 28 November 2026, 10:05 AM PST"."""
    return parse_stamp(stamp).astimezone(zone).strftime("%A %d %B %Y, %I:%M %p %Z").replace(" 0", " ")


MESSAGE_LEFT_OUT = "(Their message is not in this email, by this practice's setting EMAIL_DETAIL=contact; it is stored with the lead.)"
REPLY = "Reply to this email to answer them directly."
NO_REPLY_TO = (
    "Their address has letters outside ASCII before the @, so it is not set as Reply-To: "
    "write to it from a mail service that supports international addresses."
)


def _footer(email: str | None, reply_to: str | None) -> str | None:
    if reply_to:
        return REPLY
    return NO_REPLY_TO if email else None


def display_phone(stored: str) -> str:
    """How the coordinator reads a number: national format at home, international abroad, "ext. 5"."""
    import phonenumbers

    number = phonenumbers.parse(stored, None)
    extension, number.extension = number.extension, None
    style = phonenumbers.PhoneNumberFormat
    home = phonenumbers.region_code_for_number(number) == DEFAULT_PHONE_REGION
    shown = str(phonenumbers.format_number(number, style.NATIONAL if home else style.INTERNATIONAL))
    return f"{shown} ext. {extension}" if extension else shown


def _text(
    rows: list[tuple[str, str, str | None]], message: str | None, top: tuple[str | None, str], footer: str | None, settings: CoordinatorMail
) -> str:
    heading, reach = top
    lines = [heading, ""] if heading else []
    lines += [reach, ""]
    lines.append(f"A new request for a free 15-minute consultation came in through the {settings.practice_name} website.")
    lines.append("")
    lines.extend(f"{label}: {value}" for label, value, _ in rows)
    if message:
        lines += ["", "What brings them to therapy:", message]
    elif settings.email_detail != "full":
        lines += ["", MESSAGE_LEFT_OUT]
    if footer:
        lines += ["", footer]
    return "\n".join(lines) + "\n"


def _html(
    rows: list[tuple[str, str, str | None]], message: str | None, top: tuple[str | None, str], footer: str | None, settings: CoordinatorMail
) -> str:
    heading, reach = top
    parts = ['<!doctype html><html><body style="font-family: sans-serif; line-height: 1.4">']
    if heading:
        parts.append(f'<p style="color: #a00; font-weight: bold">{escape(heading)}</p>')
    parts.append(f'<p style="font-weight: bold">{escape(reach)}</p>')
    parts.append(f"<p>A new request for a free 15-minute consultation came in through the {escape(settings.practice_name)} website.</p>")
    parts.append("<table>")
    parts.extend(f'<tr><th align="left" valign="top">{escape(label)}</th><td>{_cell(value, link)}</td></tr>' for label, value, link in rows)
    parts.append("</table>")
    if message:
        parts.append(f'<h3>What brings them to therapy</h3><p style="white-space: pre-wrap">{escape(message)}</p>')
    elif settings.email_detail != "full":
        parts.append(f"<p><em>{escape(MESSAGE_LEFT_OUT)}</em></p>")
    if footer:
        parts.append(f"<p>{escape(footer)}</p>")
    parts.append(_HTML_END)
    return "\n".join(parts)


_HTML_END = "</body></html>"


def _text_actions(links: Sequence[tuple[str, str]] | None) -> str:
    if links is None:
        return "\n" + ACTIONS_MISSING + "\n"
    if not links:
        return ""
    return "\n" + ACTIONS_INTRO + "\n" + "".join(f"- {label}: {url}\n" for label, url in links)


def _html_actions(links: Sequence[tuple[str, str]] | None) -> str:
    if links is None:
        return f"<p><em>{escape(ACTIONS_MISSING)}</em></p>"
    if not links:
        return ""
    items = "".join(f'<li><a href="{escape(url, quote=True)}">{escape(label)}</a></li>' for label, url in links)
    return f"<p>{escape(ACTIONS_INTRO)}</p><ul>{items}</ul>"
