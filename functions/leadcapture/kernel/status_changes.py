"""Applying a status change to a stored lead (the rules are in `status.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from leadcapture.kernel.errors import LeadNotFound

if TYPE_CHECKING:
    from leadcapture.kernel.ports import StatusStore
    from leadcapture.kernel.status import Actor, Status

Outcome = Literal["changed", "unchanged", "refused"]


@dataclass(frozen=True, slots=True)
class ChangeResult:
    outcome: Outcome
    # The status the lead has after the attempt.
    status: Status


def change_status(lead_id: str, to: Status, *, store: StatusStore, at: str, by: Actor) -> ChangeResult:
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
