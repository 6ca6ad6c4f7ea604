"""What the open-leads index gives the follow-up scheduler: ids and times, never a person's data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

# A reminder to the coordinators at the promise; an escalation one business day later.
FollowupKind = Literal["reminder", "escalation"]
FOLLOWUP_KINDS: tuple[FollowupKind, ...] = get_args(FollowupKind)


@dataclass(frozen=True, slots=True)
class OpenLead:
    """One entry of the open-leads index (the table's sparse `open-leads` GSI)."""

    id: str
    created_at: str
    reminded_at: str | None = None
    escalated_at: str | None = None

    def done(self, kind: FollowupKind) -> bool:
        return (self.reminded_at if kind == "reminder" else self.escalated_at) is not None


# Every email about a lead besides the coordinator email, each sent once (a ledger record of its own):
# a new kind is added here, so that forgetting a person (`leads forget`) finds its records too.
# "acknowledgement" and "close_note" are the person's own emails (person/, issue 23).
LedgerKind = Literal["reminder", "escalation", "urgent", "acknowledgement", "close_note"]
LEDGER_KINDS: tuple[LedgerKind, ...] = get_args(LedgerKind)


def ledger_key(kind: LedgerKind, lead_id: str) -> str:
    """The sent-email ledger's key of an email about a lead other than the coordinator email."""
    return f"{kind}#{lead_id}"
