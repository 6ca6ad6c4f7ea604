"""`leads stats` counts from the leads themselves: reminders, escalations and bounces apart."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from leadcapture.intake.domain.contract import new_lead, validate_submission
from leadcapture.kernel.figures import compute
from leadcapture.kernel.lead import Lead
from leadcapture.kernel.status import Status, StatusChange
from tests.conftest import valid_lead


def lead(**changes: object) -> Lead:
    base = new_lead(validate_submission(valid_lead()), now=datetime(2026, 12, 7, 18, tzinfo=UTC), consent_version="v", retention_days=1)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_reminders_escalations_and_bounces_are_counted_apart() -> None:
    reminded = lead(reminded_at="2026-12-08T17:00:00.000Z")
    escalated = lead(reminded_at="2026-12-08T17:00:00.000Z", escalated_at="2026-12-09T17:00:00.000Z")
    bounced = lead(status="bounced", history=(StatusChange("new", "2026-12-07T18:00:00.000Z", "form"),
                                              StatusChange("bounced", "2026-12-07T18:01:00.000Z", "ses")))  # fmt: skip
    stats = compute([reminded, escalated, bounced, lead()], zone=ZoneInfo("America/Los_Angeles"))
    assert (stats.reminders, stats.escalated, stats.bounced) == (2, 1, 1)


def test_the_median_time_to_contact_is_from_arrival_to_the_first_contact() -> None:
    contacted = lead(
        status="contacted",
        history=(
            StatusChange("new", "2026-12-07T18:00:00.000Z", "form"),
            StatusChange("contacted", "2026-12-07T20:00:00.000Z", "coordinator"),
        ),
    )
    stats = compute([contacted, lead()], zone=ZoneInfo("America/Los_Angeles"))
    assert stats.median_hours_to_contact == 2.0


def test_a_lead_closed_as_not_a_fit_or_no_response_is_not_contacted() -> None:
    # Issue 25, dead end 12: a lead closed as "not a fit" was counted as contacted, with a 0.0 h median.
    def closed_as(outcome: Status) -> Lead:
        history = (
            StatusChange("new", "2026-12-07T18:00:00.000Z", "form"),
            StatusChange(outcome, "2026-12-07T18:00:30.000Z", "coordinator"),
        )
        return lead(status=outcome, history=history)

    # `closed` too: before the outcomes were split it was how "not a fit / no response" was recorded.
    leads = [closed_as("not_a_fit"), closed_as("no_response"), closed_as("closed"), lead()]
    stats = compute(leads, zone=ZoneInfo("America/Los_Angeles"))
    assert stats.hours_to_contact == [] and stats.median_hours_to_contact is None
    (week,) = stats.by_week.values()
    assert (week["received"], week["contacted"]) == (4, 0)
    assert (stats.by_status["not_a_fit"], stats.by_status["no_response"]) == (1, 1)
