"""The practice's figures: what a manager asks of the leads, for the desk's figures page and `leads stats`.

One computation for both (issue 22), so the page and the terminal never disagree. It reads only what
it needs of a lead (`Record`: when it came, its status, urgent or not, its history of statuses and
the "I'm on it" time), never a name, an email, a phone or a message. The definitions, which
docs/desk.md "The figures (managers)" states in words:

- A *month* is the practice's calendar month (PRACTICE_TIMEZONE); a lead counts in the month it arrived.
- *Received*: requests from people, every lead but spam and the heartbeat's canary.
- *Contacted*: the lead's history has a change to a status of `REACHED` (contacted, booked); the
  first such change is *the first contact*. A lead closed as not a fit or no response without one
  is not contacted.
- *Time to first contact*: the business hours (`BusinessCalendar.business_seconds`: opening hours
  of business days only) from arrival to the first contact; the month's median over its contacted leads.
- *Within the promise*: the first contact came at or before the lead's promise (`BusinessCalendar.promise`).
  The share is of the leads *due*: those whose promise has come by now, and those contacted in time
  before it came. A lead whose promise is still ahead and nobody has contacted yet counts neither way.
- *Outcomes*: the leads' statuses now.
- *Urgent*: received and urgent. *Acknowledged*: "I'm on it" on an urgent page (`acknowledged_at`),
  else the first outcome recorded; the time is in minutes from arrival, around the clock (an urgent
  request does not wait for opening hours); the month's median over its acknowledged urgent leads.

`compute` is `leads stats`'s pass over the whole table: the counts it has always printed, and the
two months' figures from the same `Tally` the desk uses.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from leadcapture.kernel.business_days import BusinessCalendar
from leadcapture.kernel.lead import Lead
from leadcapture.kernel.status import OPEN, OUTCOMES, REACHED, Status, StatusChange
from leadcapture.kernel.timestamps import parse_stamp, utc_stamp

# Spam and the heartbeat's canary are not requests from people.
NOT_REQUESTS: frozenset[Status] = frozenset({"spam", "canary"})
# What a lead's status now says of it, in the order the figures list them. `contacted`: reached, not booked.
Outcome = str
OUTCOME_WORDS: dict[Outcome, str] = {
    "booked": "Booked",
    "contacted": "Contacted, not booked",
    "not_a_fit": "Not a fit",
    "no_response": "No response",
    "closed": "Closed",
    "open": "Still open",
    "spam": "Spam (not counted as received)",
}


def outcome_of(status: Status) -> Outcome:
    return "open" if status in OPEN else status


# --- what the figures read of a lead ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Record:
    """A lead as the figures read it: no personal data (the desk reads just these attributes by key)."""

    created_at: str
    status: Status
    urgent: bool = False
    history: tuple[StatusChange, ...] = ()
    acknowledged_at: str | None = None

    @classmethod
    def of(cls, lead: Lead) -> Record:
        return cls(lead.created_at, lead.status, lead.urgent, lead.history, lead.acknowledged_at)

    def first(self, statuses: frozenset[Status]) -> str | None:
        """When the history first changed to one of `statuses` (events at a status are not changes)."""
        return next((c.at for c in self.history if c.status in statuses and c.event is None), None)


# --- the two months -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Window:
    """Last month and this month in the practice's time zone: their first days and the instant each starts."""

    last: date
    this: date
    next: date
    zone: tzinfo

    @classmethod
    def around(cls, now: datetime, zone: tzinfo) -> Window:
        this = now.astimezone(zone).date().replace(day=1)
        return cls(last=(this - timedelta(days=1)).replace(day=1), this=this, next=(this + timedelta(days=32)).replace(day=1), zone=zone)

    def start(self, day: date) -> datetime:
        return datetime.combine(day, time(0), tzinfo=self.zone)

    @property
    def since(self) -> str:
        """The stored stamp from which leads belong to the window (its first instant)."""
        return utc_stamp(self.start(self.last))

    @property
    def until(self) -> str:
        """The stored stamp of the first instant after the window."""
        return utc_stamp(self.start(self.next))

    def month_of(self, received: datetime) -> date | None:
        day = received.astimezone(self.zone).date()
        if self.last <= day < self.this:
            return self.last
        return self.this if self.this <= day < self.next else None


@dataclass(frozen=True, slots=True)
class Month:
    """One month's figures."""

    first_day: date
    received: int = 0
    contacted: int = 0
    due: int = 0
    within_promise: int = 0
    urgent: int = 0
    acknowledged: int = 0
    outcomes: dict[Outcome, int] = field(default_factory=dict)
    # Medians: None when nothing was measured.
    median_business_hours_to_contact: float | None = None
    median_minutes_to_acknowledge: float | None = None

    @property
    def name(self) -> str:
        return f"{self.first_day:%B %Y}"

    @property
    def share_within_promise(self) -> float | None:
        return self.within_promise / self.due if self.due else None


@dataclass(frozen=True, slots=True)
class Week:
    """Requests received in a week (weeks start Monday; the first starts on the window's first day)."""

    first_day: date
    received: int


@dataclass(frozen=True, slots=True)
class Figures:
    this_month: Month
    last_month: Month
    weeks: tuple[Week, ...]

    @property
    def months(self) -> tuple[Month, Month]:
        return self.this_month, self.last_month


@dataclass
class _Counts:
    received: int = 0
    contacted: int = 0
    due: int = 0
    within_promise: int = 0
    urgent: int = 0
    outcomes: Counter[Outcome] = field(default_factory=Counter)
    business_hours: list[float] = field(default_factory=list)
    minutes_to_acknowledge: list[float] = field(default_factory=list)

    def month(self, first_day: date) -> Month:
        return Month(
            first_day=first_day,
            received=self.received,
            contacted=self.contacted,
            due=self.due,
            within_promise=self.within_promise,
            urgent=self.urgent,
            acknowledged=len(self.minutes_to_acknowledge),
            outcomes={name: self.outcomes[name] for name in OUTCOME_WORDS},
            median_business_hours_to_contact=_median(self.business_hours),
            median_minutes_to_acknowledge=_median(self.minutes_to_acknowledge),
        )


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


class Tally:
    """The two months' figures, one record at a time (memory: a number or two per lead of the window)."""

    def __init__(self, calendar: BusinessCalendar, now: datetime) -> None:
        self.calendar, self.now = calendar, now
        self.window = Window.around(now, calendar.zone)
        self._counts = {self.window.last: _Counts(), self.window.this: _Counts()}
        self._weeks: Counter[date] = Counter()

    def add(self, record: Record) -> None:
        if record.status == "canary":
            return
        received = parse_stamp(record.created_at)
        month = self.window.month_of(received)
        if month is None:
            return
        counts = self._counts[month]
        counts.outcomes[outcome_of(record.status)] += 1
        if record.status in NOT_REQUESTS:
            return
        counts.received += 1
        day = received.astimezone(self.calendar.zone).date()
        self._weeks[max(day - timedelta(days=day.weekday()), self.window.last)] += 1
        promise = self.calendar.promise(received)
        contact = record.first(REACHED)
        in_time = contact is not None and parse_stamp(contact) <= promise
        if contact is not None:
            counts.contacted += 1
            counts.business_hours.append(self.calendar.business_seconds(received, parse_stamp(contact)) / 3600)
        if promise <= self.now or in_time:
            counts.due += 1
            counts.within_promise += in_time
        if record.urgent:
            counts.urgent += 1
            acknowledged = record.acknowledged_at or record.first(OUTCOMES)
            if acknowledged is not None:
                waited = (parse_stamp(acknowledged) - received).total_seconds()
                counts.minutes_to_acknowledge.append(max(waited, 0.0) / 60)

    def result(self) -> Figures:
        w = self.window
        weeks, monday = [], w.last
        this_week = self.now.astimezone(w.zone).date()
        while monday < w.next and monday <= this_week:
            weeks.append(Week(monday, self._weeks[monday]))
            monday = monday - timedelta(days=monday.weekday()) + timedelta(days=7)
        return Figures(self._counts[w.this].month(w.this), self._counts[w.last].month(w.last), tuple(weeks))


def figures(records: Iterable[Record], *, calendar: BusinessCalendar, now: datetime) -> Figures:
    tally = Tally(calendar, now)
    for record in records:
        tally.add(record)
    return tally.result()


# --- the figures in words: the desk's table and the terminal's, the same strings -----------------------


def _hours(value: float | None) -> str:
    return "none contacted" if value is None else f"{value:.1f} business hours"


def _minutes(value: float | None) -> str:
    return "none acknowledged" if value is None else f"{value:.0f} minutes"


def _share(month: Month) -> str:
    share = month.share_within_promise
    return "none due yet" if share is None else f"{month.within_promise} of {month.due} due ({share:.0%})"


def lines(month: Month) -> list[tuple[str, str]]:
    """Each figure of a month as (what it is, its value in words)."""
    return [
        ("Requests received", str(month.received)),
        ("Contacted", str(month.contacted)),
        ("Median time to first contact", _hours(month.median_business_hours_to_contact)),
        ("Contacted within the promise", _share(month)),
        *((words, str(month.outcomes.get(name, 0))) for name, words in OUTCOME_WORDS.items()),
        ("Urgent requests", str(month.urgent)),
        ("Urgent requests acknowledged", f"{month.acknowledged} of {month.urgent}"),
        ("Median time to acknowledge an urgent request", _minutes(month.median_minutes_to_acknowledge)),
    ]


def table(result: Figures) -> list[tuple[str, str, str]]:
    """(figure, this month, last month), row by row."""
    this, last = lines(result.this_month), lines(result.last_month)
    return [(label, value, last[i][1]) for i, (label, value) in enumerate(this)]


# --- `leads stats`: the whole table in one pass -------------------------------------------------------


@dataclass
class Stats:
    by_status: Counter[str] = field(default_factory=Counter)
    # Monday of the week (practice time) -> received, contacted (reached by now), booked.
    by_week: dict[date, Counter[str]] = field(default_factory=dict)
    # Business hours from arrival to the first contact (as the figures measure it), per contacted lead.
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
    # This month's and last month's figures (the desk's figures page), when `compute` was given `now`.
    months: Figures | None = None

    @property
    def requests(self) -> int:
        return sum(n for status, n in self.by_status.items() if status not in NOT_REQUESTS)

    @property
    def median_hours_to_contact(self) -> float | None:
        return _median(self.hours_to_contact)

    def weeks(self) -> list[tuple[date, Counter[str]]]:
        return sorted(self.by_week.items())


def week_of(stamp: str, zone: tzinfo) -> date:
    day = parse_stamp(stamp).astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def compute(leads: Iterable[Lead], *, zone: tzinfo, calendar: BusinessCalendar | None = None, now: datetime | None = None) -> Stats:
    """`leads stats` in one pass over every lead; with `now`, this month's and last month's figures too."""
    calendar = calendar or BusinessCalendar(zone)
    tally = Tally(calendar, now) if now is not None else None
    stats = Stats()
    for lead in leads:
        if tally is not None:
            tally.add(Record.of(lead))
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
        first_contact = Record.of(lead).first(REACHED)
        if first_contact is not None:
            waited = calendar.business_seconds(parse_stamp(lead.created_at), parse_stamp(first_contact))
            stats.hours_to_contact.append(waited / 3600)
    if tally is not None:
        stats.months = tally.result()
    return stats
