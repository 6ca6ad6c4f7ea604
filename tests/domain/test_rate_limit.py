"""The rate limit's window maths: one counter per source and clock hour, and Retry-After.

The keyed hash of the source is tested with the counter in tests/unit/test_ratelimit.py.
"""

from __future__ import annotations

from leadcapture.intake.domain.rate_limit import TTL_SLACK_SECONDS, WINDOW_SECONDS, source_id, window_for

KEY = b"k" * 32
IP = "203.0.113.7"
# 2026-11-28 14:10:00 UTC: 600 s into the hour that starts at 14:00.
NOW = 1795875000.0
WINDOW_START = 1795874400
WINDOW_END = WINDOW_START + 3600


def test_the_window_is_the_clock_hour_and_its_item_outlives_it_a_little() -> None:
    window = window_for(IP, KEY, NOW)
    assert window.counter_key == f"{source_id(IP, KEY)}#{WINDOW_START}"
    assert (window.ends_at, window.expires_at) == (WINDOW_END, WINDOW_END + TTL_SLACK_SECONDS)


def test_every_moment_of_one_hour_shares_one_counter() -> None:
    keys = {window_for(IP, KEY, at).counter_key for at in (WINDOW_START, NOW, WINDOW_END - 0.001)}
    assert len(keys) == 1


def test_a_new_hour_is_a_new_counter() -> None:
    assert window_for(IP, KEY, WINDOW_END).counter_key == f"{source_id(IP, KEY)}#{WINDOW_END}"


def test_retry_after_is_the_seconds_to_the_window_end() -> None:
    assert window_for(IP, KEY, NOW).retry_after(NOW) == WINDOW_END - int(NOW) == WINDOW_SECONDS - 600


def test_retry_after_is_at_least_one_second() -> None:
    window = window_for(IP, KEY, NOW)
    assert window.retry_after(WINDOW_END - 0.2) == 1
    assert window.retry_after(WINDOW_END + 5) == 1
