"""What a practice manager asks of the leads: how many, how they are going, how fast someone called back.

One pass over the leads, memory bounded by the number of weeks and of contacted leads (one number
each), so it runs over the whole table.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo

from leadcapture.kernel.lead import Lead
from leadcapture.kernel.status import REACHED, Status
from leadcapture.kernel.timestamps import parse_stamp

# Spam and the heartbeat's canary are not requests from people.
NOT_REQUESTS: frozenset[Status] = frozenset({"spam", "canary"})


@dataclass
class Stats:
    by_status: Counter[str] = field(default_factory=Counter)
    # Monday of the week (practice time) -> received, contacted (reached by now), booked.
    by_week: dict[date, Counter[str]] = field(default_factory=dict)
    hours_to_contact: list[float] = field(default_factory=list)
    urgent: int = 0
    # The coordinator email bounced and went to the escalation address.
    bounced: int = 0
    # The follow-up schedule reminded the coordinator, then escalated a lead still open.
    reminders: int = 0
    escalated: int = 0
    # The person's side (issue 23): leads closed as not a fit / no response (by their status now), the
    # close notes sent for each (referred on; told the practice tried), and acknowledgements sent.
    not_a_fit: int = 0
    referred_on: int = 0
    never_answered: int = 0
    told_we_tried: int = 0
    acknowledged: int = 0

    @property
    def requests(self) -> int:
        return sum(n for status, n in self.by_status.items() if status not in NOT_REQUESTS)

    @property
    def median_hours_to_contact(self) -> float | None:
        return statistics.median(self.hours_to_contact) if self.hours_to_contact else None

    def weeks(self) -> list[tuple[date, Counter[str]]]:
        return sorted(self.by_week.items())


def week_of(stamp: str, zone: tzinfo) -> date:
    day = parse_stamp(stamp).astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def compute(leads: Iterable[Lead], *, zone: tzinfo) -> Stats:
    stats = Stats()
    for lead in leads:
        stats.by_status[lead.status] += 1
        if lead.status in NOT_REQUESTS:
            continue
        week = stats.by_week.setdefault(week_of(lead.created_at, zone), Counter())
        week["received"] += 1
        stats.urgent += lead.urgent
        statuses = {change.status for change in lead.history}
        # Contacted means someone spoke with the person: not a fit, no response or closed alone is not.
        if statuses & REACHED:
            week["contacted"] += 1
        if "booked" in statuses:
            week["booked"] += 1
        if "bounced" in statuses:
            stats.bounced += 1
        stats.reminders += lead.reminded_at is not None
        stats.escalated += lead.escalated_at is not None
        stats.not_a_fit += lead.status == "not_a_fit"
        stats.never_answered += lead.status == "no_response"
        sent = lead.close_note_sent_at is not None
        stats.referred_on += sent and lead.close_note == "not_a_fit"
        stats.told_we_tried += sent and lead.close_note == "no_response"
        stats.acknowledged += lead.acknowledgement_sent_at is not None
        first_contact = next((change.at for change in lead.history if change.status in REACHED), None)
        if first_contact is not None:
            waited = parse_stamp(first_contact) - parse_stamp(lead.created_at)
            stats.hours_to_contact.append(waited.total_seconds() / 3600)
    return stats
