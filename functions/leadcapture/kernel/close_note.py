"""The kind close: after "not a fit" or "no response", a short note to the person, when a person chooses to send it.

Never automatic, never to a person who asked not to be emailed (`Lead.email_ok` False) or gave no
address. Whatever offers it (the action links' page, the desk, the `leads` tool) asks `offer(lead)`
what to show, and calls `request_close_note` when the button is pressed. That records the request
on the lead (which note, when, and an entry in its history) in one conditional write; it sends
nothing. The person function sees the change on the leads stream and sends the note once, from the
catalogue's fixed text in the person's language (person/domain/close_note.py). So the roles stay
narrow: what records a status never sends email, and what emails the person never changes a status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol, get_args

from leadcapture.kernel.errors import LeadNotFound
from leadcapture.kernel.ports import LeadReader

if TYPE_CHECKING:
    from leadcapture.kernel.lead import Lead
    from leadcapture.kernel.status import By

# The outcomes that offer a note, and the note each one sends.
CloseNoteKind = Literal["not_a_fit", "no_response"]
CLOSE_NOTE_KINDS: tuple[CloseNoteKind, ...] = get_args(CloseNoteKind)

# available: the button may be shown. requested / sent: it was pressed (the note is on its way, or went).
# email_declined: the person asked not to be emailed. no_email: they gave no address. not_closed: the
# lead's status is not one that offers a note.
Offer = Literal["available", "requested", "sent", "email_declined", "no_email", "not_closed"]


def offer(lead: Lead) -> Offer:
    """What a page may offer for this lead's close note (a note already asked for stays asked for)."""
    if lead.close_note_sent_at:
        return "sent"
    if lead.close_note_requested_at:
        return "requested"
    if lead.status not in CLOSE_NOTE_KINDS:
        return "not_closed"
    if lead.email_ok is False:
        return "email_declined"
    if not lead.email:
        return "no_email"
    return "available"


class CloseNoteStore(LeadReader, Protocol):
    def request_close_note(self, lead_id: str, kind: CloseNoteKind, *, at: str, by: By) -> bool:
        """Record the request (`close_note`, `close_note_requested_at`, a history entry) when the lead's
        status is still `kind` and no note was asked for; False otherwise (nothing changed)."""


@dataclass(frozen=True, slots=True)
class CloseNoteRequest:
    # requested: recorded now. already: asked for (or sent) before. refused: `offer` says why not.
    outcome: Literal["requested", "already", "refused"]
    offer: Offer


def request_close_note(lead_id: str, *, store: CloseNoteStore, at: str, by: By) -> CloseNoteRequest:
    """Ask for the lead's close note (the person function sends it). LeadNotFound when there is no such lead."""
    lead = store.get(lead_id)
    if lead is None:
        raise LeadNotFound(lead_id)
    now = offer(lead)
    if now in {"requested", "sent"}:
        return CloseNoteRequest("already", now)
    if now != "available":
        return CloseNoteRequest("refused", now)
    kind: CloseNoteKind = "not_a_fit" if lead.status == "not_a_fit" else "no_response"
    if store.request_close_note(lead_id, kind, at=at, by=by):
        return CloseNoteRequest("requested", "requested")
    # Changed meanwhile: pressed twice at once, or the outcome corrected.
    again = store.get(lead_id)
    if again is None:
        raise LeadNotFound(lead_id)
    after = offer(again)
    return CloseNoteRequest("already" if after in {"requested", "sent"} else "refused", after)
