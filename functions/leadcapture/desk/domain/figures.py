"""The figures page (managers, issue 22): the kernel's figures for this month and last, and their weekly chart.

The numbers are the kernel's (`kernel/figures.py`), the same as `leads stats` prints. The chart is
laid out here, on the server, as numbers for an inline SVG: bars of the requests received per week,
a scale of a few round numbers, each bar labelled with its week and its count (the page's table
says the same for a screen reader).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from leadcapture.kernel.figures import Figures, Week, Window, figures

if TYPE_CHECKING:
    from leadcapture.desk.domain.ports import LeadRecords
    from leadcapture.kernel.business_days import BusinessCalendar

# The chart's drawing area, in the SVG's own units (the style sheet scales it to the page's width).
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 20, 44
# A scale of at most this many steps, each a round number.
STEPS = 4


DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def opening_hours(calendar: BusinessCalendar) -> str:
    """The business hours the figures count, in words: "Mon, Tue, Wed, Thu, Fri, 09:00 to 17:00"."""
    days = ", ".join(DAY_NAMES[day] for day in sorted(calendar.days))
    return f"{days}, {calendar.opens:%H:%M} to {calendar.closes:%H:%M}, not on the practice's holidays"


def read(records: LeadRecords, calendar: BusinessCalendar, now: datetime) -> Figures:
    """This month's and last month's figures: the window's leads from the index, then the kernel's computation."""
    window = Window.around(now, calendar.zone)
    return figures(records.records(since=window.since, until=window.until), calendar=calendar, now=now)


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    # Where its labels go: the count above it, the week's first day under the axis.
    middle: float
    label: str
    count: int
    this_month: bool


@dataclass(frozen=True, slots=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    baseline: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]


def step_for(largest: int) -> int:
    """The smallest round step (1, 2, 5, 10, 20, 50, ...) that reaches `largest` in STEPS steps."""
    base = 1
    while True:
        for step in (base, 2 * base, 5 * base):
            if step * STEPS >= largest:
                return step
        base *= 10


def chart(result: Figures) -> Chart:
    weeks: tuple[Week, ...] = result.weeks
    step = step_for(max((w.received for w in weeks), default=0))
    top = step * STEPS
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    slot = plot_width / max(len(weeks), 1)
    bars = []
    for i, week in enumerate(weeks):
        height = plot_height * week.received / top
        x = LEFT + i * slot + slot * 0.15
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(baseline - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                middle=round(x + slot * 0.35, 1),
                label=f"{week.first_day.day} {week.first_day:%b}",
                count=week.received,
                this_month=week.first_day >= result.this_month.first_day,
            )
        )
    ticks = tuple(Tick(round(baseline - plot_height * n / STEPS, 1), n * step) for n in range(STEPS + 1))
    return Chart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, baseline, tuple(bars), ticks)
