"""The status table: which changes are allowed, and what stays open for reminders."""

from __future__ import annotations

import pytest

from leadcapture.kernel.status import ACTIONS, ALLOWED, OPEN, STATUSES, can_change, is_open, reachable_from


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
        ("booked", "contacted"),
        ("closed", "contacted"),
        ("delivered", "notified"),
        ("bounced", "delivered"),
        ("spam", "contacted"),
        ("canary", "notified"),
        ("new", "delivered"),
    ],
)
def test_no_way_back_and_no_skipping_the_email(start: str, to: str) -> None:
    assert not can_change(start, to)  # type: ignore[arg-type]


def test_a_status_is_never_its_own_change() -> None:
    for status in STATUSES:
        assert not can_change(status, status)


def test_open_means_nobody_has_reached_the_person_yet() -> None:
    assert {s for s in STATUSES if is_open(s)} == set(OPEN) == {"new", "notified", "delivered", "bounced", "notify_failed"}


def test_reachable_from_is_the_inverse_of_the_table() -> None:
    assert set(reachable_from("contacted")) == {"new", "notified", "delivered", "bounced", "notify_failed"}
    assert set(reachable_from("new")) == {"spam", "notify_failed"}
    assert reachable_from("canary") == ()


def test_the_graph_has_no_cycle_but_the_redrive_of_a_refused_email() -> None:
    def cycles_from(start: str, path: tuple[str, ...]) -> list[tuple[str, ...]]:
        found = []
        for nxt in ALLOWED[start]:  # type: ignore[index]
            if nxt in path:
                found.append((*path, nxt))
            else:
                found += cycles_from(nxt, (*path, nxt))
        return found

    cycles = {frozenset(c[c.index(c[-1]) :]) for s in STATUSES for c in cycles_from(s, (s,))}
    assert cycles == {frozenset({"new", "notify_failed"})}
