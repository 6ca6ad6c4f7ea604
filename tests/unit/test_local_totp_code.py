"""The local authenticator's code never straddles moto's 30 s window (a stack once failed to start on it)."""

from __future__ import annotations

import time

import pytest
from infra.local import users

SECRET = "asdfasdfasdf"


def test_a_code_asked_for_in_a_windows_last_seconds_waits_for_the_next_window(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1_800_000_029.0]  # one second before a window ends
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    monkeypatch.setattr(time, "time", lambda: clock[0])
    monkeypatch.setattr(time, "sleep", sleep)
    code = users.totp_code(SECRET)
    assert slept and clock[0] >= 1_800_000_030
    assert code == users.totp_code(SECRET, at=1_800_000_030)


def test_a_code_asked_for_early_in_a_window_is_that_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: 1_800_000_005.0)
    monkeypatch.setattr(time, "sleep", lambda seconds: pytest.fail(f"slept {seconds}"))
    assert users.totp_code(SECRET) == users.totp_code(SECRET, at=1_800_000_005)
