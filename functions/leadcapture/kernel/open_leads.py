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


# Urgent pages (kernel/paging.py): each page to each on-call phone is sent once (a record of its own, so
# a retry after one phone's failure never texts the others again), and the escalation email once. Every
# key a lead can have is listed, so that forgetting a person (`leads forget`) finds these records too.
URGENT_ESCALATION_KIND = "urgent-escalation"
# The most pages (the first and URGENT_REPAGE_MAX re-pages, at most 5) and on-call phones (URGENT_PHONES)
# the settings allow: kernel/settings/paging.py holds them to these.
MAX_PAGES = 6
MAX_PHONES = 5


def page_kind(page: int, phone: int) -> str:
    """The ledger kind of page `page` (1-based) to the `phone`-th number (0-based): `page1`, `page1.2`."""
    return f"page{page}" if phone == 0 else f"page{page}.{phone}"


PAGE_LEDGER_KINDS: tuple[str, ...] = (
    URGENT_ESCALATION_KIND,
    *(page_kind(page, phone) for page in range(1, MAX_PAGES + 1) for phone in range(MAX_PHONES)),
)


def page_ledger_key(kind: str, lead_id: str) -> str:
    """The sent-message ledger's key of a page or the urgent escalation (`page1#<lead id>`)."""
    return f"{kind}#{lead_id}"
