"""EventBridge's 15-minute schedule, locally: `POST /_local/tick` with `{"now": "<ISO-8601 instant>"}`.

Nothing runs the followups function on a timer locally (a developer's clock is not the practice's
week): each tick builds the Scheduled Event EventBridge would send at that instant, and the answer
is what the function did (reminders and escalations by lead id, counts). Its emails land in the
outbox like any other.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from .runtime import ACCOUNT_ID

RULE_NAME = "followups-every-15-minutes"


class BadTick(ValueError):
    """The tick's body is not `{"now": "<ISO-8601 instant with an offset or Z>"}`; the message says why."""


def parse_tick(body: bytes) -> datetime:
    """The instant a tick asks for, in UTC; BadTick naming the field otherwise."""
    try:
        document = json.loads(body.decode("utf-8")) if body.strip() else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadTick('the body must be JSON: {"now": "2026-12-07T17:15:00-08:00"}') from None
    if not isinstance(document, dict) or "now" not in document:
        raise BadTick('now: is required ({"now": "2026-12-07T17:15:00-08:00"})')
    value = document["now"]
    if not isinstance(value, str):
        raise BadTick("now: must be a string holding an ISO-8601 instant")
    try:
        now = datetime.fromisoformat(value)
    except ValueError:
        raise BadTick("now: must be an ISO-8601 instant (2026-12-07T17:15:00Z or 2026-12-07T17:15:00-08:00)") from None
    if now.tzinfo is None or now.utcoffset() is None:
        raise BadTick("now: must carry a time zone offset or Z: an instant, not a wall-clock time")
    return now.astimezone(UTC)


def scheduled_event(now: datetime, region: str) -> dict[str, Any]:
    """The event an EventBridge schedule delivers at `now` (whole seconds, as EventBridge stamps it)."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT_ID,
        "time": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [f"arn:aws:events:{region}:{ACCOUNT_ID}:rule/{RULE_NAME}"],
        "detail": {},
    }
