"""The lead we store: what a person asked for, their consent, and what has happened since.

The form's contract (`intake/domain/contract.py`) makes a lead from a valid request; every
feature reads and changes leads through the ports of its own, over the one leads table.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Literal, get_args

from leadcapture.kernel.status import Status, StatusChange

ContactMethod = Literal["email", "phone", "text"]
BestTime = Literal["morning", "afternoon", "evening", "anytime"]
BEST_TIMES: tuple[BestTime, ...] = get_args(BestTime)
SessionFor = Literal["individual", "couples", "family", "child_teen", "not_sure"]

# The emails the product sends to the person (person/), each at most once: never anything they typed.
PersonEmail = Literal["acknowledgement", "close_note"]
PERSON_EMAILS: tuple[PersonEmail, ...] = get_args(PersonEmail)

ATTRIBUTION_FIELDS = ("page_url", "referrer", "utm_source", "utm_medium", "utm_campaign")


# --- the stored lead ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Note:
    """A note written at the desk (append-only): who (the Cognito user's id and name), when, and the text.

    The text is the practice's own words about a person: shown on the desk's lead page, never logged."""

    at: str
    by_sub: str
    by_name: str
    text: str


@dataclass(frozen=True, slots=True)
class Consent:
    """A record of agreement: the version of the wording shown and when it was given."""

    version: str
    given_at: str


@dataclass(frozen=True, slots=True)
class Lead:
    id: str
    created_at: str
    status: Status
    first_name: str
    last_name: str
    preferred_contact: ContactMethod
    consent: Consent
    urgent: bool
    expires_at: int
    email: str | None = None
    phone: str | None = None
    # Every time of day that suits them (several checkboxes), in BEST_TIMES order; () when not said.
    best_time: tuple[BestTime, ...] = ()
    session_for: str | None = None
    message: str | None = None
    sms_consent: Consent | None = None
    attribution: dict[str, str] = field(default_factory=dict)
    # Set by the notifier once the coordinator email went out (or failed for good).
    notified_at: str | None = None
    ses_message_id: str | None = None
    notify_error: str | None = None
    # Set by the follow-up scheduler when it reminded the coordinator / escalated (domain/followups.py).
    reminded_at: str | None = None
    escalated_at: str | None = None
    # What SES reported about the coordinator email (domain/delivery.py), each recorded once.
    delivered_at: str | None = None
    delivery_delayed_at: str | None = None
    bounced_at: str | None = None
    bounce_type: str | None = None
    # The copy sent to ESCALATION_EMAILS after a bounce or reject (not the follow-ups' escalation).
    bounce_escalated_at: str | None = None
    bounce_escalation_message_id: str | None = None
    # Every status change, oldest first (domain/status.py).
    history: tuple[StatusChange, ...] = ()
    # The name as typed into a single full-name field; first_name/last_name are then split from it.
    full_name: str | None = None
    # The language the person used the form in (messages.LANGUAGES); None for leads from before it was kept.
    language: str | None = None
    # An urgent request whose honeypot was filled (a browser's autofill can fill it): kept and worked
    # as a lead, and shown as caught by the spam trap wherever it is listed.
    trapped: bool = False
    # Who marked it urgent when the phrase lists at submit did not: "second_look", the notifier's model
    # (notify/domain/second_look.py). None when it is not urgent, or the lists flagged it.
    urgent_by: str | None = None
    # Urgent pages (kernel/paging.py), set only on an urgent lead while paging is on: who has it ("I'm
    # on it", or any outcome recorded), the first and the latest page, how many pages were sent, the
    # latest step put on the re-page queue, and the escalation when nobody had it after the last page.
    acknowledged_at: str | None = None
    acknowledged_by: str | None = None
    paged_at: str | None = None
    last_paged_at: str | None = None
    page_count: int | None = None
    page_scheduled: int | None = None
    page_escalated_at: str | None = None
    # The desk (issue 21): when someone first opened the lead's page, and who (the user's name); unread until then.
    opened_at: str | None = None
    opened_by: str | None = None
    # Notes written at the desk, oldest first (append-only).
    notes: tuple[Note, ...] = ()
    # How they want to be reached, and how not (issue 23): None when the form did not ask or they did not say.
    # `email_ok` False: the practice may not email them at all, and nothing the product sends goes to them by email.
    voicemail_ok: bool | None = None
    email_ok: bool | None = None
    # They asked for a discreet acknowledgement (the `acknowledge` checkbox, off by default; person/).
    acknowledge: bool = False
    acknowledgement_sent_at: str | None = None
    acknowledgement_message_id: str | None = None
    # SES refused it for good (its error code): nothing was sent.
    acknowledgement_error: str | None = None
    # The kind close (kernel/close_note.py): the note a person asked to send after "not a fit" or
    # "no response" (its kind), when, and when the person function sent it.
    close_note: str | None = None
    close_note_requested_at: str | None = None
    close_note_sent_at: str | None = None
    close_note_message_id: str | None = None
    close_note_error: str | None = None
    # What SES reported about the emails to the person, kept apart from the coordinator email's (delivery/).
    acknowledgement_delivered_at: str | None = None
    acknowledgement_bounced_at: str | None = None
    acknowledgement_bounce_type: str | None = None
    acknowledgement_complaint_at: str | None = None
    close_note_delivered_at: str | None = None
    close_note_bounced_at: str | None = None
    close_note_bounce_type: str | None = None
    close_note_complaint_at: str | None = None

    @property
    def reference(self) -> str:
        return reference(self.id)

    @property
    def last_initial(self) -> str:
        return _first_grapheme(self.last_name).upper()


# Words that start a family name without being its first letter's word ("de la Cruz", "van Dijk").
NAME_PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "y", "e", "da", "das", "do", "dos", "di", "du", "van", "von", "der", "den", "le"}
)


def split_name(full: str, *, language: str | None = None) -> tuple[str, str]:
    """A full name as (given names, family names), for the email's subject and greeting.

    Whitespace-separated words. One word: ("Cher", ""). The family name is the last word, or the
    last two when there are four or more words, or three or more in a Spanish form (Spanish names
    carry two family names: "Ana María López García" -> ("Ana María", "López García"), "Juan López
    García" in the Spanish form -> ("Juan", "López García")); particles before it ("de la") belong
    to it. The stored lead keeps the name as typed besides (`Lead.full_name`): this is only a guess.
    """
    words = full.split()
    if len(words) < 2:
        return full.strip(), ""
    core = [i for i, word in enumerate(words) if i > 0 and word.lower() not in NAME_PARTICLES]
    if not core:
        return words[0], " ".join(words[1:])
    two_family_names = len(words) >= 4 or (language == "es" and len(words) >= 3)
    start = core[-2] if two_family_names and len(core) >= 2 else core[-1]
    while start > 1 and words[start - 1].lower() in NAME_PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


def _first_grapheme(text: str) -> str:
    """The first letter with any combining marks that belong to it."""
    if not text:
        return ""
    end = 1
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return text[:end]


# Crockford's base 32: no I, L, O or U, so a reference read aloud or copied by hand is not misread.
_REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def reference(lead_id: str) -> str:
    """A lead's short reference ("7K2Q"): the first 20 bits of its random id, four characters.

    For people to say and match (the email's subject, a page, a text message), never to find a lead
    by: four characters repeat among thousands of leads, the id does not. It tells nothing of the person.
    """
    try:
        bits = int(lead_id.replace("-", "")[:5], 16)
    except ValueError:
        return "----"
    return "".join(_REFERENCE_ALPHABET[(bits >> shift) & 31] for shift in (15, 10, 5, 0))
