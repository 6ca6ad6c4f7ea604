"""A lead's status: what has happened to it, which changes are allowed, and the history kept of them.

    new ──> notified ──> delivered ──┐
     │         │  └──> bounced ──────┤
     └──> notify_failed ─────────────┼──> contacted ──> booked ──> closed
    spam ──> new, or notified (promoted)          └──────────────────┴────────────┘

- `new`: stored, not emailed yet. `notified`: SES accepted the coordinator email. `delivered`:
  SES reported it delivered. `bounced`: it bounced or was rejected after sending (the email then
  goes to the escalation address). `notify_failed`: SES refused to send it.
- `contacted`, `booked`, `closed`: what the coordinator records (from the email's action links or
  the `leads` CLI). A lead is *open* until one of these; reminders follow open leads.
- `spam`: caught by the honeypot and kept in quarantine; promoting makes it `new`.
- `canary`: the heartbeat's synthetic submission; never changes.

`status_changes.change_status` applies a change. A change to the status a lead already has is
"unchanged", never an error: pressing a link twice
is harmless. A change the table does not allow is refused and changes nothing. Every change is
appended to the lead's history (status, when, by whom: a fixed word, never a person's data). The
history stays short because the graph has no way back, but for the redrive of a refused email.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from leadcapture.kernel.timestamps import parse_stamp

Status = Literal["new", "notified", "delivered", "bounced", "notify_failed", "contacted", "booked", "closed", "spam", "canary"]
STATUSES: tuple[Status, ...] = get_args(Status)

# What the coordinator records; each is also an action link in the email.
Action = Literal["contacted", "booked", "closed"]
ACTIONS: tuple[Action, ...] = get_args(Action)

# Who made a change: fixed words for the history.
Actor = Literal["form", "notifier", "ses", "coordinator", "cli", "promotion", "redrive"]

_HANDLED: frozenset[Status] = frozenset({"contacted", "booked", "closed"})


def _with_handled(*statuses: Status) -> frozenset[Status]:
    return frozenset(statuses) | _HANDLED


# Nobody has reached the person yet (and it is a real request).
OPEN: frozenset[Status] = frozenset({"new", "notified", "delivered", "bounced", "notify_failed"})

ALLOWED: dict[Status, frozenset[Status]] = {
    "new": _with_handled("notified", "notify_failed"),
    "notified": _with_handled("delivered", "bounced"),
    "delivered": _with_handled("bounced"),
    "bounced": _HANDLED,
    "notify_failed": _with_handled("new"),
    "contacted": frozenset({"booked", "closed"}),
    "booked": frozenset({"closed"}),
    "closed": frozenset(),
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


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One entry of a lead's history."""

    status: Status
    at: str
    by: Actor


# The metric (unit Seconds) that whatever records contact emits, once, when its change to
# `contacted` is "changed" (not "unchanged"): the actions function and the `leads` CLI.
# docs/deploy.md "Time to contact" reads the month's median from it.
TIME_TO_CONTACT_METRIC = "TimeToContact"


def seconds_to_contact(created_at: str, contacted_at: str) -> float:
    """Seconds from a lead's arrival to the moment it was marked contacted (both stored stamps)."""
    return max(0.0, (parse_stamp(contacted_at) - parse_stamp(created_at)).total_seconds())
