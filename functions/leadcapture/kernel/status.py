"""A lead's status: what has happened to it, which changes are allowed, and the history kept of them.

    new ──> notified ──> delivered ──┐
     │         │  └──> bounced ──────┤          ┌─ contacted ─ booked ─┐
     └──> notify_failed ─────────────┼────────> │  not_a_fit  no_response │ (any of them to any other: a correction)
    spam ──> new, or notified (promoted)        └──────── closed ────────┘
    any open status ──> spam (marked by a person); an outcome ──> reopened to the open status it left

- `new`: stored, not emailed yet. `notified`: SES accepted the coordinator email. `delivered`:
  SES reported it delivered. `bounced`: it bounced or was rejected after sending (the email then
  goes to the escalation address). `notify_failed`: SES refused to send it.
- The outcomes a person records (the email's action links, the desk, the `leads` tool):
  `contacted`, `booked`, `not_a_fit` (the practice cannot help; the person may be sent a referral
  note), `no_response` (the practice tried and nobody answered), `closed`. A lead is *open* until
  one of these; reminders follow open leads. A mistaken outcome is corrected by recording the right
  one, or undone by reopening the lead (`status_changes.reopen`): the history keeps both.
- `spam`: caught by the honeypot and kept in quarantine; promoting makes it `new`. An *urgent*
  request caught by the honeypot is never `spam`: it is a real request until a person says
  otherwise, kept open with `Lead.trapped` set.
- `canary`: the heartbeat's synthetic submission; never changes.

`status_changes.change_status` applies a change. A change to the status a lead already has is
"unchanged", never an error: pressing a link twice is harmless. A change the table does not allow
is refused and changes nothing. Every change is appended to the lead's history (status, when, by
whom: a fixed word, never a person's data). No event of SES moves a lead out of an outcome: the
delivery statuses are reachable from open statuses only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from leadcapture.kernel.timestamps import parse_stamp

Status = Literal[
    "new",
    "notified",
    "delivered",
    "bounced",
    "notify_failed",
    "contacted",
    "booked",
    "not_a_fit",
    "no_response",
    "closed",
    "spam",
    "canary",
]
STATUSES: tuple[Status, ...] = get_args(Status)

# The outcomes a person records. The order is part of every action link ever signed (a link carries
# its action as its place here): new ones are added at the end, never in between.
Action = Literal["contacted", "booked", "closed", "not_a_fit", "no_response"]
ACTIONS: tuple[Action, ...] = get_args(Action)

# Who made a change: fixed words for the history.
# `desk`: a signed-in person at the desk (issue 21), whose name the history keeps as `who`.
# `second_look`: the notifier's crisis model, marking a lead urgent (notify/domain/second_look.py).
Actor = Literal["form", "notifier", "ses", "coordinator", "cli", "promotion", "redrive", "desk", "second_look"]


@dataclass(frozen=True, slots=True)
class Person:
    """Someone signed in at the desk making a change: the history says `desk` and keeps their name (`who`)."""

    name: str


# Who makes a change: a fixed word, or a person at the desk.
By = Actor | Person


def actor(by: By) -> tuple[Actor, str | None]:
    """The history's `by` word and `who` for a change made by `by`."""
    return ("desk", by.name) if isinstance(by, Person) else (by, None)


OUTCOMES: frozenset[Status] = frozenset(ACTIONS)
# Someone spoke with the person: what "contacted" means in the figures (not a fit or no response is not).
REACHED: frozenset[Status] = frozenset({"contacted", "booked"})


def _open_to(*statuses: Status) -> frozenset[Status]:
    """An open status's changes: its own, every outcome, and a person's "spam"."""
    return frozenset(statuses) | OUTCOMES | {"spam"}


# Nobody has reached the person yet (and it is a real request).
OPEN: frozenset[Status] = frozenset({"new", "notified", "delivered", "bounced", "notify_failed"})

ALLOWED: dict[Status, frozenset[Status]] = {
    "new": _open_to("notified", "notify_failed"),
    "notified": _open_to("delivered", "bounced"),
    "delivered": _open_to("bounced"),
    "bounced": _open_to(),
    "notify_failed": _open_to("new"),
    # An outcome may become any other: a mistake corrected (reopening is `status_changes.reopen`).
    **{outcome: OUTCOMES - {outcome} for outcome in ACTIONS},
    # Promoted: `new`, or `notified` when it was urgent and already emailed from the quarantine.
    "spam": frozenset({"new", "notified", "closed"}),
    "canary": frozenset(),
}


def can_change(current: Status, to: Status) -> bool:
    return to in ALLOWED[current]


def reachable_from(to: Status) -> tuple[Status, ...]:
    """Every status from which `to` may be reached (the condition of the table's write)."""
    return tuple(s for s in STATUSES if to in ALLOWED[s])


def is_open(status: Status) -> bool:
    return status in OPEN


# What a history entry records besides a status change (the status is then the lead's, unchanged):
# the kind close's note asked for, and sent (kernel/close_note.py); marked urgent by the notifier's
# second look (notify/domain/second_look.py; a quarantined lead is released to `new` by the same entry).
HistoryEvent = Literal["close_note_requested", "close_note_sent", "urgent_on_second_look"]


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One entry of a lead's history: a change of status, or (`event` set) an event at the status it had."""

    status: Status
    at: str
    by: Actor
    # Who at the desk made it: the signed-in user's name as set in Cognito (None for the fixed words).
    # Shown on the desk's lead page; never logged.
    who: str | None = None
    event: HistoryEvent | None = None


# The metric (unit Seconds) that whatever records contact emits, once, when its change to
# `contacted` is "changed" (not "unchanged"): the actions function and the `leads` CLI.
# docs/deploy.md "Time to contact" reads the month's median from it.
TIME_TO_CONTACT_METRIC = "TimeToContact"


def seconds_to_contact(created_at: str, contacted_at: str) -> float:
    """Seconds from a lead's arrival to the moment it was marked contacted (both stored stamps)."""
    return max(0.0, (parse_stamp(contacted_at) - parse_stamp(created_at)).total_seconds())
