"""The one timestamp format we store: UTC, milliseconds, a `Z` suffix (`2026-12-02T09:30:00.000Z`)."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_stamp(at: datetime | None = None) -> str:
    """`at` (default: now) as a UTC millisecond stamp."""
    return (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_stamp(stamp: str) -> datetime:
    """A stored stamp back as an aware datetime."""
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
