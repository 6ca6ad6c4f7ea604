"""Applying a status change to a stored lead (the rules are in `status.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from leadcapture.kernel.errors import LeadNotFound
from leadcapture.kernel.status import OUTCOMES, is_open

if TYPE_CHECKING:
    from leadcapture.kernel.ports import StatusStore
    from leadcapture.kernel.status import By, Status

Outcome = Literal["changed", "unchanged", "refused"]


@dataclass(frozen=True, slots=True)
class ChangeResult:
    outcome: Outcome
    # The status the lead has after the attempt.
    status: Status


def change_status(lead_id: str, to: Status, *, store: StatusStore, at: str, by: By) -> ChangeResult:
    """Move a lead to `to` when the table of allowed changes permits; LeadNotFound when there is no such lead.

    The write is conditional on the current status, so two changes racing cannot both apply a
    transition the table forbids.
    """
    if store.change_status(lead_id, to, at=at, by=by):
        return ChangeResult("changed", to)
    lead = store.get(lead_id)
    if lead is None:
        raise LeadNotFound(lead_id)
    return ChangeResult("unchanged" if lead.status == to else "refused", lead.status)


def reopen(lead_id: str, *, store: StatusStore, at: str, by: By) -> ChangeResult:
    """Undo a lead's outcome: back to the open status it had before it (`notified` when the history has
    none), into the open-leads index again; "unchanged" when it is open already. The history keeps both."""
    lead = store.get(lead_id)
    if lead is None:
        raise LeadNotFound(lead_id)
    if is_open(lead.status):
        return ChangeResult("unchanged", lead.status)
    if lead.status not in OUTCOMES:
        return ChangeResult("refused", lead.status)
    before: Status = next((change.status for change in reversed(lead.history) if is_open(change.status)), "notified")
    if store.change_status(lead_id, before, at=at, by=by, from_statuses=OUTCOMES):
        return ChangeResult("changed", before)
    again = store.get(lead_id)
    if again is None:
        raise LeadNotFound(lead_id)
    return ChangeResult("unchanged" if is_open(again.status) else "refused", again.status)
