"""The figures page's chart (desk/domain/figures.py): a round scale, a bar per week, this month's apart."""

from __future__ import annotations

from datetime import date

import pytest

from leadcapture.desk.domain.figures import HEIGHT, STEPS, TOP, chart, opening_hours, step_for
from leadcapture.kernel.business_days import BusinessCalendar
from leadcapture.kernel.figures import Figures, Month, Week
from tests.domain.test_figures import LA


@pytest.mark.parametrize(("largest", "step"), [(0, 1), (3, 1), (4, 1), (5, 2), (8, 2), (9, 5), (20, 5), (21, 10), (170, 50), (401, 200)])
def test_the_scale_is_round_and_reaches_the_largest_week(largest: int, step: int) -> None:
    assert step_for(largest) == step and step * STEPS >= largest


def test_a_bar_per_week_as_tall_as_its_count() -> None:
    weeks = (Week(date(2026, 11, 1), 0), Week(date(2026, 11, 30), 4), Week(date(2026, 12, 7), 8))
    drawn = chart(Figures(Month(date(2026, 12, 1)), Month(date(2026, 11, 1)), weeks))
    assert [b.count for b in drawn.bars] == [0, 4, 8] and [b.label for b in drawn.bars] == ["1 Nov", "30 Nov", "7 Dec"]
    assert [b.this_month for b in drawn.bars] == [False, False, True]
    zero, half, full = drawn.bars
    assert zero.height == 0 and full.y == TOP and half.height == full.height / 2  # the scale tops at 8 (step 2)
    assert drawn.baseline == full.y + full.height < HEIGHT
    assert [t.value for t in drawn.ticks] == [0, 2, 4, 6, 8]
    assert all(bar.x + bar.width <= drawn.right for bar in drawn.bars)


def test_the_business_hours_in_words() -> None:
    assert opening_hours(BusinessCalendar(LA)) == "Mon, Tue, Wed, Thu, Fri, 09:00 to 17:00, not on the practice's holidays"
