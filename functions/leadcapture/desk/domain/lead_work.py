"""Working one lead at the desk: opening it (it is read from then on), its notes, and its status.

Every status change goes through `kernel/status_changes` (`change_status`, `reopen`): the same rules
as the email's links and the `leads` tool, from `kernel/status.py`. The history records `desk` and
the user's name. "Not spam" promotes a quarantined lead as the `leads promote` does (open again, the
lead's retention instead of the quarantine's), without an email: the person promoting it is looking
at it. Notes are append-only, bounded in length and in number; they are never logged.

"I'm on it" and the close note to the person are the action links' own kernel calls
(`paging.acknowledge`, `close_note.request_close_note`), with the desk user as `by`: one rule for
each, wherever it is pressed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal, get_args

from leadcapture.kernel import paging
from leadcapture.kernel.close_note import CloseNoteRequest, request_close_note
from leadcapture.kernel.errors import LeadNotFound
from leadcapture.kernel.lead import Note
from leadcapture.kernel.status import ACTIONS, OUTCOMES, Person, can_change, is_open
from leadcapture.kernel.status_changes import ChangeResult, change_status, reopen
from leadcapture.kernel.timestamps import utc_stamp

if TYPE_CHECKING:
    from leadcapture.desk.domain.ports import Inbox
    from leadcapture.desk.domain.sessions import Session
    from leadcapture.kernel.close_note import CloseNoteStore
    from leadcapture.kernel.lead import Lead
    from leadcapture.kernel.ports import AcknowledgeStore
    from leadcapture.kernel.status import Status

# The buttons of a lead page, in this order; each is shown when the lead's status allows it.
Press = Literal["contacted", "booked", "not_a_fit", "no_response", "closed", "reopen", "spam", "not_spam"]
PRESSES: tuple[Press, ...] = get_args(Press)
PRESS_WORDS: dict[Press, str] = {
    "contacted": "Contacted",
    "booked": "Booked",
    "not_a_fit": "Not a fit",
    "no_response": "No response",
    "closed": "Closed",
    "reopen": "Reopen",
    "spam": "Spam",
    "not_spam": "Not spam",
}
NOTE_MAX_CHARACTERS = 2000
NOTES_PER_LEAD = 200


@dataclass(frozen=True, slots=True)
class Desk:
    """Who works the lead, where, and when: what every step below needs."""

    inbox: Inbox
    user: Session
    now: datetime

    @property
    def by(self) -> Person:
        return Person(self.user.name)


@dataclass(frozen=True, slots=True)
class Done:
    """What a press or a note did: changed, unchanged (it already was), refused (not allowed), or gone."""

    outcome: Literal["changed", "unchanged", "refused", "gone", "invalid", "full"]
    status: Status | None = None


def presses(lead: Lead) -> tuple[Press, ...]:
    """The buttons the lead's page shows for its status."""
    shown: list[Press] = []
    for press in PRESSES:
        if press in ACTIONS and press != "closed":
            if lead.status != press and can_change(lead.status, press):
                shown.append(press)
        elif (
            (press == "reopen" and lead.status in OUTCOMES)
            or (press == "spam" and is_open(lead.status))
            or (press == "not_spam" and lead.status == "spam")
        ):
            shown.append(press)
    return tuple(shown)


def open_lead(lead_id: str, desk: Desk) -> Lead | None:
    """The lead for its page; the first opening marks it read (by whom, when)."""
    lead = desk.inbox.get(lead_id)
    if lead is None or lead.status == "canary":
        return None
    if lead.opened_at is None and desk.inbox.mark_opened(lead_id, at=utc_stamp(desk.now), by=desk.user.name):
        lead = desk.inbox.get(lead_id) or lead
    return lead


def press(lead_id: str, what: str, desk: Desk, *, retention_days: int) -> Done:
    """Apply one of the page's buttons."""
    at = utc_stamp(desk.now)
    try:
        if what == "reopen":
            return _done(reopen(lead_id, store=desk.inbox, at=at, by=desk.by))
        if what == "not_spam":
            return _promote(lead_id, desk, retention_days=retention_days)
        if what == "spam" or what in ACTIONS:
            to: Status = "spam" if what == "spam" else next(a for a in ACTIONS if a == what)
            return _done(change_status(lead_id, to, store=desk.inbox, at=at, by=desk.by))
    except LeadNotFound:
        return Done("gone")
    return Done("invalid")


def _promote(lead_id: str, desk: Desk, *, retention_days: int) -> Done:
    lead = desk.inbox.get(lead_id)
    if lead is None:
        return Done("gone")
    if lead.status != "spam":
        return Done("unchanged" if is_open(lead.status) else "refused", lead.status)
    status: Status = "notified" if lead.notified_at else "new"
    expires = int((desk.now + timedelta(days=retention_days)).timestamp())
    if desk.inbox.release_from_quarantine(lead_id, expires_at=expires, at=utc_stamp(desk.now), status=status, by=desk.by):
        return Done("changed", status)
    again = desk.inbox.get(lead_id)
    return Done("refused", again.status if again else None)


def _done(result: ChangeResult) -> Done:
    return Done(result.outcome, result.status)


def clean_note(text: str) -> str | None:
    """A note's text as kept: line ends normalized, other control characters dropped, trimmed; None
    when empty or longer than NOTE_MAX_CHARACTERS."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    dropped = {"Cc", "Cf", "Cs", "Co", "Cn"}
    kept = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) not in dropped)
    kept = kept.strip()
    if not kept or len(kept) > NOTE_MAX_CHARACTERS:
        return None
    return kept


def add_note(lead_id: str, text: str, desk: Desk) -> Done:
    kept = clean_note(text)
    if kept is None:
        return Done("invalid")
    if desk.inbox.get(lead_id) is None:
        return Done("gone")
    note = Note(at=utc_stamp(desk.now), by_sub=desk.user.sub, by_name=desk.user.name, text=kept)
    return Done("changed") if desk.inbox.add_note(lead_id, note, cap=NOTES_PER_LEAD) else Done("full")


# --- an urgent lead's pages, and the kind close's note -------------------------------------------------


@dataclass(frozen=True, slots=True)
class OnIt:
    """What "I'm on it" did: recorded now, already (someone had it), or gone; and, when recorded, the
    seconds from the lead's arrival (TimeToAcknowledge, counted once per lead)."""

    outcome: paging.AckOutcome
    seconds: float | None = None


def im_on_it(lead_id: str, *, store: AcknowledgeStore, by: Person, now: datetime) -> OnIt:
    """ "I'm on it" at the desk: `paging.acknowledge` with the user's name, as the signed link records "coordinator"."""
    at = utc_stamp(now)
    result = paging.acknowledge(lead_id, store=store, at=at, by=by.name)
    if result.outcome == "recorded" and result.lead is not None:
        return OnIt("recorded", paging.seconds_between(result.lead.created_at, at))
    return OnIt(result.outcome)


def acknowledged_by_outcome(lead: Lead, now: datetime) -> float | None:
    """After an outcome pressed at the desk (`lead` read again): when it was an urgent lead's first
    acknowledgement, the seconds from its arrival (TimeToAcknowledge); None otherwise."""
    if not paging.acknowledged_by_this_outcome(lead):
        return None
    return paging.seconds_between(lead.created_at, utc_stamp(now))


def ask_for_close_note(lead_id: str, *, store: CloseNoteStore, by: Person, now: datetime) -> CloseNoteRequest | None:
    """The close note's button: `close_note.request_close_note` by the desk user (the person function
    sends it); None when the lead is gone."""
    try:
        return request_close_note(lead_id, store=store, at=utc_stamp(now), by=by)
    except LeadNotFound:
        return None
