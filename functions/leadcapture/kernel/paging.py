"""Urgent pages: the text message an on-call phone gets, who has an urgent lead, and the page schedule.

An urgent lead (`Lead.urgent`, set at capture) is paged by text message (SNS, `adapters/sns.py`) to
every number of URGENT_PHONES, around the clock, until someone has it: it is *acknowledged* when
someone presses "I'm on it" (the signed link in the page and in the urgent email, or the desk) or
records any outcome. Until then it is paged again every URGENT_REPAGE_MINUTES, at most
URGENT_REPAGE_MAX times, and then escalated once (ESCALATION_EMAILS and the alarm topic).

The steps of one lead's paging are messages on one SQS queue (`PageRequest`): the notify function puts
step 1 on it at once, the urgent function sends each page and puts the next step on it, delayed to
the moment it is due. Steps 1 to URGENT_REPAGE_MAX + 1 are pages; the step after them is the
escalation. Every step is decided on the lead read again, and claimed with a conditional write that
fails once the lead is acknowledged: a page due while someone presses "I'm on it" sends nothing.

A page carries no personal or health information, whatever the person wrote: the practice's name,
"urgent consultation request", the lead's short reference and one link (the lead in the desk, or the
signed "I'm on it" link). Nothing of a lead's fields but its id, `urgent` and `trapped` reaches it.
"""

from __future__ import annotations

import dataclasses
import json
import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal, Protocol

from leadcapture.kernel.open_leads import MAX_PAGES
from leadcapture.kernel.status import OUTCOMES, is_open
from leadcapture.kernel.timestamps import parse_stamp, utc_stamp

if TYPE_CHECKING:
    from leadcapture.kernel.lead import Lead
    from leadcapture.kernel.ports import AcknowledgeStore, Mailroom, Texter

# --- the text -----------------------------------------------------------------------------------

TEXT = "{practice}: urgent consultation request, ref {reference}{about}. {link_label}: {link}"
# When no link could be made (the links' key unreadable): the page still goes, pointing at the email.
TEXT_WITHOUT_LINK = "{practice}: urgent consultation request, ref {reference}{about}. See the urgent email."
REPAGE = " (page {number} of {pages}, nobody has it yet)"
TRAPPED = ", caught by the spam trap: check"
LINK_LABELS = {"acknowledge": "I'm on it", "desk": "Open it"}
# SNS splits a text into segments (160 GSM characters, or 70 when one is not GSM); more than this is an error there.
MAX_TEXT = 1600


@dataclass(frozen=True, slots=True)
class PageLink:
    """Where a page points: the lead in the desk, or the signed "I'm on it" link (`to_desk` False)."""

    url: str
    to_desk: bool = False


def page_text(lead: Lead, *, number: int, pages: int, practice: str, link: PageLink | None) -> str:
    """Page `number` of `pages` about `lead`: the practice, "urgent consultation request", the reference, the link.

    The practice's name is configuration (PRACTICE_NAME); line breaks and control characters are
    taken out of it so that the text stays one line.
    """
    about = (TRAPPED if lead.trapped else "") + (REPAGE.format(number=number, pages=pages) if number > 1 else "")
    name = " ".join("".join(c if c.isprintable() else " " for c in practice).split())[:100]
    if link is None:
        return TEXT_WITHOUT_LINK.format(practice=name, reference=lead.reference, about=about)
    label = LINK_LABELS["desk" if link.to_desk else "acknowledge"]
    return TEXT.format(practice=name, reference=lead.reference, about=about, link_label=label, link=link.url)


def desk_link(desk_url: str, lead_id: str) -> str:
    """The lead in the desk (issue 21): `<DESK_URL>/leads/<id>`."""
    return f"{desk_url.rstrip('/')}/leads/{uuid.UUID(lead_id)}"


# --- who has it -----------------------------------------------------------------------------------


def acknowledged(lead: Lead) -> bool:
    """Someone has it: "I'm on it" was pressed, or an outcome was recorded (even if later reopened)."""
    return lead.acknowledged_at is not None or lead.status in OUTCOMES or any(change.status in OUTCOMES for change in lead.history)


def needs_paging(lead: Lead) -> bool:
    """An urgent lead still open that nobody has: the one kind of lead that is paged."""
    return lead.urgent and is_open(lead.status) and not acknowledged(lead)


AckOutcome = Literal["recorded", "already", "gone"]


@dataclass(frozen=True, slots=True)
class AckResult:
    outcome: AckOutcome
    # The lead after the attempt (None when it is gone).
    lead: Lead | None = None


def acknowledge(lead_id: str, *, store: AcknowledgeStore, at: str, by: str) -> AckResult:
    """Record that `by` has the lead ("I'm on it"): its pages stop. "already" when someone had it.

    One conditional write (`acknowledged_at` not yet set), so two presses at once record one; a page
    that comes due at that moment finds the stamp and sends nothing. `by` is a fixed word
    ("coordinator" for the signed link) or the desk user's name (as a history entry's `who`), never
    anything of the person who wrote.
    """
    lead = store.get(lead_id)
    if lead is None:
        return AckResult("gone")
    if acknowledged(lead):
        return AckResult("already", lead)
    if store.acknowledge(lead_id, at=at, by=by):
        return AckResult("recorded", dataclasses.replace(lead, acknowledged_at=at, acknowledged_by=by))
    again = store.get(lead_id)
    return AckResult("gone") if again is None else AckResult("already", again)


def acknowledged_by_this_outcome(lead: Lead) -> bool:
    """The outcome just recorded on `lead` (read after the write) is the first on an urgent lead nobody
    had pressed "I'm on it" for: it is that lead's first acknowledgement (its pages end, as a page step
    needs an open status), counted once in TIME_TO_ACKNOWLEDGE_METRIC, wherever it was recorded."""
    changes = [change for change in lead.history if change.event is None]
    outcomes = [change for change in changes if change.status in OUTCOMES]
    return lead.urgent and lead.acknowledged_at is None and len(outcomes) == 1 and changes[-1] is outcomes[0]


# The metric (unit Seconds) of an urgent lead's first acknowledgement ("I'm on it", or its first
# outcome), from its arrival: emitted once per lead by whatever recorded it (the action links, the desk).
TIME_TO_ACKNOWLEDGE_METRIC = "TimeToAcknowledge"


def seconds_between(earlier: str, later: str) -> float:
    """Seconds from one stored stamp to another (never negative): capture to first page, to acknowledgement."""
    return max(0.0, (parse_stamp(later) - parse_stamp(earlier)).total_seconds())


# --- the schedule ---------------------------------------------------------------------------------

StepKind = Literal["page", "escalation"]
# SQS delays a message at most this long.
MAX_DELAY_SECONDS = 900


@dataclass(frozen=True, slots=True)
class PageRequest:
    """One step of a lead's paging, as a message on the page queue: the lead id, the step and when it is
    due. Steps 1 to `repage_max + 1` are pages (step n is page n); the next one is the escalation."""

    lead_id: str
    step: int
    due: str

    def kind(self, repage_max: int) -> StepKind:
        return "page" if self.step <= repage_max + 1 else "escalation"

    def next(self, *, repage_max: int, interval: timedelta) -> PageRequest | None:
        """The step after this one, due `interval` after it (the schedule runs from the first page's due
        time, not from when a step ran); None after the escalation."""
        if self.kind(repage_max) == "escalation":
            return None
        return PageRequest(self.lead_id, self.step + 1, utc_stamp(parse_stamp(self.due) + interval))

    def delay_seconds(self, now: datetime) -> int:
        """How long SQS should hold it from `now`: until it is due, whole seconds, at most 15 minutes."""
        return max(0, min(MAX_DELAY_SECONDS, math.ceil((parse_stamp(self.due) - now).total_seconds())))

    def to_json(self) -> str:
        return json.dumps({"lead_id": self.lead_id, "step": self.step, "due": self.due}, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> PageRequest | None:
        """The request a message holds, or None when it holds anything else (never believed further)."""
        try:
            data = json.loads(text)
            request = cls(str(uuid.UUID(str(data["lead_id"]))), int(data["step"]), str(data["due"]))
            parse_stamp(request.due)
        except (ValueError, TypeError, KeyError):
            return None
        return request if 1 <= request.step <= MAX_STEPS else None


# Every page the settings allow, then the escalation.
MAX_STEPS = MAX_PAGES + 1


def first_request(lead_id: str, now: datetime) -> PageRequest:
    """Step 1, the first page, due at once."""
    return PageRequest(lead_id, 1, utc_stamp(now))


class PageQueue(Protocol):
    """The queue of paging steps (SQS): each step held until it is due."""

    def schedule(self, request: PageRequest, *, delay_seconds: int) -> None:
        """Put a step on the queue, delivered `delay_seconds` from now (at most 900); QueueUnavailable when it cannot."""


@dataclass(frozen=True, slots=True)
class Pager:
    """What the urgent pages go out through: the texts, the queue of the steps still to come, and the
    mailroom (the sent-message ledger that sends each page once, the "I'm on it" links' keys, the
    escalation email)."""

    texter: Texter
    queue: PageQueue
    mailroom: Mailroom
