"""Capture a consultation request: validate it and store it as a new lead.

Plain domain code: takes a parsed submission and typed collaborators, knows nothing of Lambda
events or HTTP. The steps run in a fixed order so that the defences added around them (spam,
rate limit, duplicates) each have one place to go.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .consultation import Lead, validate_submission
from .errors import LeadExists

if TYPE_CHECKING:
    from .config import Settings
    from .leads import LeadStore

# A uuid4 collision is never expected; one more try covers it without a loop that could spin.
_PUT_ATTEMPTS = 2


@dataclass(frozen=True, slots=True)
class Receipt:
    """What the person is told: the lead's id, and whether to show crisis resources at once."""

    lead_id: str
    urgent: bool


def capture(
    submission: Mapping[str, object],
    *,
    store: LeadStore,
    settings: Settings,
    repeated: frozenset[str] = frozenset(),
    now: datetime | None = None,
) -> Receipt:
    """Validate and store one submission. Raises InvalidSubmission or StorageUnavailable."""
    request = validate_submission(submission, repeated=repeated)
    at = now or datetime.now(UTC)
    for attempt in range(_PUT_ATTEMPTS):
        lead = Lead.new(request, now=at, consent_version=settings.consent_version, retention_days=settings.retention_days)
        try:
            store.put_new(lead)
        except LeadExists:
            if attempt + 1 == _PUT_ATTEMPTS:
                raise
            continue
        return Receipt(lead.id, lead.urgent)
    raise AssertionError("unreachable")
