"""Send the close note a coordinator asked for (kernel/close_note.py records the request).

Read from the leads stream's MODIFY records: the request is a change of the lead, and whatever
recorded it (the action links' page, the desk, the `leads` tool) sends nothing itself. Sent once
(the ledger's `close_note#<id>`), in the person's language, only while the lead is still at the
outcome the note is about (a corrected outcome cancels it) and never to a person who said no to
email. Recorded on the lead and in its history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from leadcapture.kernel.close_note import CLOSE_NOTE_KINDS
from leadcapture.kernel.errors import MailRejected
from leadcapture.kernel.open_leads import ledger_key
from leadcapture.kernel.timestamps import utc_stamp
from leadcapture.person.domain import letters

if TYPE_CHECKING:
    from leadcapture.kernel.close_note import CloseNoteKind
    from leadcapture.kernel.lead import Lead
    from leadcapture.person.domain.ports import PersonPost, PersonStore
    from leadcapture.person.settings import PersonSettings

Outcome = Literal[
    "sent",
    "not_requested",  # most MODIFY records: a status, a mark, SES's events
    "already_sent",
    "stale",  # the outcome was corrected after the note was asked for
    "email_declined",
    "no_email",
    "rejected",
    "gone",
]


@dataclass(frozen=True, slots=True)
class NoteSent:
    outcome: Outcome
    kind: CloseNoteKind | None = None
    reason: str | None = None


def withheld(lead: Lead, kind: CloseNoteKind) -> Outcome | None:
    """Why the requested note is not (or no longer) to be sent, or None."""
    reasons: tuple[tuple[bool, Outcome], ...] = (
        (bool(lead.close_note_sent_at or lead.close_note_error), "already_sent"),
        (lead.status != kind, "stale"),
        (lead.email_ok is False, "email_declined"),
        (letters.recipient(lead) is None, "no_email"),
    )
    return next((outcome for applies, outcome in reasons if applies), None)


def send_close_note(
    lead_id: str, *, store: PersonStore, post: PersonPost, settings: PersonSettings, now: datetime | None = None
) -> NoteSent:
    """Send the lead's close note when one was asked for and not sent. Raises StorageUnavailable /
    MailTransientError to be retried."""
    lead = store.get(lead_id)
    if lead is None:
        return NoteSent("gone")
    kind = next((k for k in CLOSE_NOTE_KINDS if k == lead.close_note), None)
    if kind is None or not lead.close_note_requested_at:
        return NoteSent("not_requested")
    reason = withheld(lead, kind)
    to = letters.recipient(lead)
    if reason is not None or to is None:
        return NoteSent(reason or "no_email", kind)
    at = utc_stamp(now or datetime.now(UTC))
    email = letters.close_note(lead, kind, settings, to=to)
    try:
        message_id = post.sent.send_once(ledger_key("close_note", lead.id), lambda: post.mailer.send(email))
    except MailRejected as err:
        store.mark_close_note_sent(lead.id, kind, at=at, error=err.code)
        return NoteSent("rejected", kind, err.code)
    store.mark_close_note_sent(lead.id, kind, at=at, message_id=message_id)
    return NoteSent("sent", kind)
