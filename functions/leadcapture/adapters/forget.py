"""Forgetting a person (deletion on request): the one implementation `leads forget` and the desk's
"Forget a person" both run (issue 22).

What goes, for each of the person's leads (found through the lookup index, kernel/lookup.py): the
idempotency table's records that hold its id (its submission records and every sent-email record:
the coordinator email, reminders, escalations, urgent copies and pages, the bounce copy), then the
lead itself (its lookup hashes are attributes of it, so the index entries go with it), then any
dead letter of the SES events function that names it (adapters/dead_letters.py). Records first:
an interrupted run leaves the lead, so running again finds and finishes it. Counts only, never a value.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from leadcapture.adapters.dead_letters import remove_of_leads
from leadcapture.adapters.idempotency import is_submission_record

if TYPE_CHECKING:
    from leadcapture.adapters.idempotency import IdempotencyRecords


class Deletable(Protocol):
    def delete(self, lead_id: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class Plan:
    """What a forget will remove: each lead's id and the keys of its idempotency records."""

    records: dict[str, list[str]]

    @property
    def lead_ids(self) -> list[str]:
        return list(self.records)

    @property
    def submission_records(self) -> int:
        return sum(is_submission_record(key) for keys in self.records.values() for key in keys)

    @property
    def sent_email_records(self) -> int:
        return sum(not is_submission_record(key) for keys in self.records.values() for key in keys)


@dataclass(frozen=True, slots=True)
class Removed:
    leads: int
    submission_records: int
    sent_email_records: int
    # None: the SES events dead-letter queue was not searched (no queue named).
    dead_letters: int | None
    lead_ids: tuple[str, ...]


def plan(lead_ids: Collection[str], records: IdempotencyRecords) -> Plan:
    return Plan({lead_id: records.of_lead(lead_id) for lead_id in lead_ids})


def forget(
    planned: Plan, *, leads: Deletable, records: IdempotencyRecords, sqs: Any = None, dead_letter_queue_url: str | None = None
) -> Removed:
    submissions = sent = removed = 0
    for lead_id, keys in planned.records.items():
        for key in keys:
            records.delete(key)
            if is_submission_record(key):
                submissions += 1
            else:
                sent += 1
        removed += leads.delete(lead_id)
    dead_letters = None
    if dead_letter_queue_url and sqs is not None:
        dead_letters = remove_of_leads(sqs, dead_letter_queue_url, set(planned.lead_ids))
    return Removed(removed, submissions, sent, dead_letters, tuple(planned.lead_ids))


def counts(removed: Removed) -> dict[str, str | int]:
    """What the audit record of a forget keeps: how many of each, and the lead ids (never a value)."""
    return {
        "leads": removed.leads,
        "submission_records": removed.submission_records,
        "sent_email_records": removed.sent_email_records,
        "dead_letters": "not searched" if removed.dead_letters is None else removed.dead_letters,
        "lead_ids": ",".join(removed.lead_ids),
    }
