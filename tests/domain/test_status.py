"""The status table: which changes are allowed, and what stays open for reminders."""

from __future__ import annotations

import pytest

from leadcapture.intake.domain.contract import new_lead, validate_submission
from leadcapture.kernel.status import ACTIONS, ALLOWED, OPEN, OUTCOMES, STATUSES, can_change, is_open, reachable_from
from leadcapture.kernel.status_changes import change_status, reopen
from tests.conftest import valid_lead
from tests.fakes import FakeLeads


def test_every_status_has_a_row_and_every_target_is_a_status() -> None:
    assert set(ALLOWED) == set(STATUSES)
    for targets in ALLOWED.values():
        assert targets <= set(STATUSES)


@pytest.mark.parametrize("start", ["new", "notified", "delivered", "bounced", "notify_failed"])
def test_the_coordinator_can_record_contact_from_any_open_status(start: str) -> None:
    for action in ACTIONS:
        assert can_change(start, action)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("contacted", "new"),
        ("contacted", "delivered"),
        ("booked", "bounced"),
        ("closed", "notified"),
        ("delivered", "notified"),
        ("bounced", "delivered"),
        ("spam", "contacted"),
        ("canary", "notified"),
        ("new", "delivered"),
    ],
)
def test_no_skipping_the_email_and_no_event_of_ses_undoes_an_outcome(start: str, to: str) -> None:
    assert not can_change(start, to)  # type: ignore[arg-type]


def test_a_status_is_never_its_own_change() -> None:
    for status in STATUSES:
        assert not can_change(status, status)


def test_open_means_nobody_has_reached_the_person_yet() -> None:
    assert {s for s in STATUSES if is_open(s)} == set(OPEN) == {"new", "notified", "delivered", "bounced", "notify_failed"}


def test_reachable_from_is_the_inverse_of_the_table() -> None:
    assert set(reachable_from("contacted")) == set(OPEN) | set(OUTCOMES) - {"contacted"}
    assert set(reachable_from("new")) == {"spam", "notify_failed"}
    assert reachable_from("canary") == ()


def test_the_outcomes_are_the_actions_and_none_is_open() -> None:
    assert set(OUTCOMES) == set(ACTIONS) == {"contacted", "booked", "not_a_fit", "no_response", "closed"}
    assert not OUTCOMES & OPEN


# --- a mistaken outcome is corrected (issue 25, dead end 10) -----------------------------------------


def _stored(status: str = "delivered") -> tuple[FakeLeads, str]:
    from dataclasses import replace
    from datetime import UTC, datetime

    from leadcapture.kernel.status import StatusChange

    lead = new_lead(validate_submission(valid_lead()), now=datetime(2026, 12, 7, 9, tzinfo=UTC), consent_version="v", retention_days=1)
    history = (
        *lead.history,
        StatusChange("notified", "2026-12-07T09:00:01.000Z", "notifier"),
        StatusChange("delivered", "2026-12-07T09:00:02.000Z", "ses"),
    )
    return FakeLeads(replace(lead, status=status, history=history)), lead.id  # type: ignore[arg-type]


@pytest.mark.parametrize("mistake", ["not_a_fit", "no_response", "closed", "booked"])
def test_a_mistaken_outcome_is_corrected_and_the_history_keeps_both(mistake: str) -> None:
    store, lead_id = _stored()
    assert change_status(lead_id, mistake, store=store, at="2026-12-07T10:00:00.000Z", by="coordinator").outcome == "changed"  # type: ignore[arg-type]
    assert change_status(lead_id, "contacted", store=store, at="2026-12-07T10:05:00.000Z", by="cli").outcome == "changed"
    lead = store.leads[lead_id]
    assert lead.status == "contacted"
    assert [(c.status, c.by) for c in lead.history[-2:]] == [(mistake, "coordinator"), ("contacted", "cli")]


def test_reopen_puts_a_lead_back_where_it_was_before_its_outcome() -> None:
    store, lead_id = _stored()
    change_status(lead_id, "contacted", store=store, at="2026-12-07T10:00:00.000Z", by="coordinator")
    result = reopen(lead_id, store=store, at="2026-12-07T10:05:00.000Z", by="coordinator")
    assert (result.outcome, result.status) == ("changed", "delivered")
    assert is_open(store.leads[lead_id].status)
    assert [c.status for c in store.leads[lead_id].history[-2:]] == ["contacted", "delivered"]
    again = reopen(lead_id, store=store, at="2026-12-07T10:06:00.000Z", by="coordinator")
    assert (again.outcome, again.status) == ("unchanged", "delivered")  # already open: nothing to reopen


def test_the_graph_goes_back_only_by_corrections_the_spam_review_or_the_redrive() -> None:
    def cycles_from(start: str, path: tuple[str, ...]) -> list[tuple[str, ...]]:
        found = []
        for nxt in ALLOWED[start]:  # type: ignore[index]
            if nxt in path:
                found.append((*path, nxt))
            else:
                found += cycles_from(nxt, (*path, nxt))
        return found

    # Among the outcomes every change is a correction; apart from them, a lead goes back only through
    # the spam review (marked spam, then promoted) or the redrive of a refused email.
    cycles = {frozenset(c[c.index(c[-1]) :]) for s in STATUSES for c in cycles_from(s, (s,))}
    assert all(c <= OUTCOMES or "spam" in c or c == {"new", "notify_failed"} for c in cycles), cycles
