"""The emails to the person, composed from the message catalogue's fixed text in their language.

Nothing a person typed is ever in them: not their name, not their message, not even their address
outside the To line. The only values are the practice's (the promise's date from its calendar, its
referral list, its coordinator's address for replies) and the catalogue's. So the form can never be
used to send chosen words to a stranger's inbox, and a message read over someone's shoulder says
no more than that a request was made. Subjects are plain and name neither the practice nor therapy.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from leadcapture.kernel import messages
from leadcapture.kernel.business_days import BusinessCalendar
from leadcapture.kernel.coordinator_email import Email, reply_address
from leadcapture.kernel.messages import Language, language_of, long_date
from leadcapture.kernel.timestamps import parse_stamp

if TYPE_CHECKING:
    from leadcapture.kernel.close_note import CloseNoteKind
    from leadcapture.kernel.lead import Lead, PersonEmail
    from leadcapture.person.settings import PersonSettings, Referral

# A paragraph, or a list of items (each a text and, for a referral, its https link).
Block = str | list[tuple[str, str | None]]


def language_for(lead: Lead, settings: PersonSettings) -> Language:
    """The language the person used the form in, else the practice's."""
    return language_of(lead.language) or settings.practice_language


def recipient(lead: Lead) -> str | None:
    """The address an email to the person may go to: the ASCII form of theirs, or None (no address,
    or one whose local part has no ASCII form: SES cannot send to it)."""
    return reply_address(lead.email) if lead.email else None


def acknowledgement(lead: Lead, settings: PersonSettings, *, to: str) -> Email:
    """The discreet acknowledgement: received, when to expect contact (the practice's promise), that
    nothing they wrote is repeated, 988 for a crisis, and that a reply reaches the practice."""
    language = language_for(lead, settings)
    promise = BusinessCalendar.from_settings(settings).promise(parse_stamp(lead.created_at)).astimezone(settings.zone)
    subject = settings.acknowledgement_subject.get(language) or messages.text(language, "person.subject.acknowledgement")
    blocks: list[Block] = [
        messages.text(language, "person.greeting"),
        messages.text(language, "person.acknowledgement.received", date=long_date(promise, language)),
        messages.text(language, "person.acknowledgement.private"),
        messages.text(language, "person.crisis"),
        messages.text(language, "person.reply"),
    ]
    return _email(lead, settings, Letter("acknowledgement", subject, blocks), to=to)


def close_note(lead: Lead, kind: CloseNoteKind, settings: PersonSettings, *, to: str) -> Email:
    """The kind close: "not a fit" refers the person on (the practice's list, SAMHSA, 988); "no
    response" says the practice tried and how to get back in touch."""
    language = language_for(lead, settings)
    blocks: list[Block] = [messages.text(language, "person.greeting")]
    if kind == "not_a_fit":
        blocks += [
            messages.text(language, "person.not_a_fit.intro"),
            [*(_referral(r) for r in settings.referrals_in(language)),
             (messages.text(language, "person.samhsa"), "https://www.samhsa.gov/find-help/helplines/national-helpline"),
             (messages.text(language, "person.lifeline"), "https://988lifeline.org")],
            messages.text(language, "person.emergency"),
            messages.text(language, "person.reply"),
        ]  # fmt: skip
    else:
        blocks += [messages.text(language, "person.no_response.body"), messages.text(language, "person.crisis")]
    subject = messages.text(language, "person.subject.close_note")
    return _email(lead, settings, Letter("close_note", subject, blocks), to=to)


def _referral(referral: Referral) -> tuple[str, str | None]:
    text = f"{referral.name}: {referral.phone}" if referral.phone else referral.name
    return text, referral.url or None


@dataclass(frozen=True, slots=True)
class Letter:
    kind: PersonEmail
    subject: str
    blocks: list[Block]


def _email(lead: Lead, settings: PersonSettings, letter: Letter, *, to: str) -> Email:
    return Email(
        sender=settings.sender_email,
        to=(to,),
        reply_to=reply_address(settings.reply_to),
        subject=letter.subject,
        text=_text(letter.blocks),
        html=_html(letter.blocks, language_for(lead, settings)),
        lead_id=lead.id,
        kind=letter.kind,
    )


def _text(blocks: list[Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            parts.append(block)
        else:
            parts.append("\n".join(f"- {text}" + (f" {url}" if url else "") for text, url in block))
    return "\n\n".join(parts) + "\n"


def _html(blocks: list[Block], language: Language) -> str:
    parts = [f'<!doctype html><html lang="{language}"><body style="font-family: sans-serif; line-height: 1.4">']
    for block in blocks:
        if isinstance(block, str):
            parts.append(f"<p>{escape(block)}</p>")
        else:
            items = "".join(
                f"<li>{escape(text)}" + (f' <a href="{escape(url, quote=True)}">{escape(url)}</a>' if url else "") + "</li>"
                for text, url in block
            )
            parts.append(f"<ul>{items}</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)
