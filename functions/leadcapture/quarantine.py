"""Quarantined leads (honeypot filled): review them, and promote a real person's request.

A browser's autofill can fill the hidden `website` field, so a quarantined lead may be a real
person. Promoting sets it `new` with the normal retention and emails the coordinator at once
through the same `notify_coordinator` step: the stream only passes INSERT records to the notifier,
so the MODIFY of a promotion would never send the email on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from .errors import LeadNotFound
from .notification import NotifyResult, notify_coordinator

if TYPE_CHECKING:
    from .config import Settings
    from .idempotency import SentEmails
    from .leads import LeadStore
    from .mail import Mailer


@dataclass(frozen=True, slots=True)
class QuarantinedLead:
    """What a reviewer sees in a listing: no submitted value, only what helps to pick one to open."""

    id: str
    created_at: str
    expires_at: int
    urgent: bool
    channels: tuple[str, ...]
    message_chars: int


def quarantined(store: LeadStore) -> Iterator[QuarantinedLead]:
    for lead in store.scan():
        if lead.status == "spam":
            channels = tuple(name for name, value in (("email", lead.email), ("phone", lead.phone)) if value)
            yield QuarantinedLead(lead.id, lead.created_at, lead.expires_at, lead.urgent, channels, len(lead.message or ""))


def promote(
    lead_id: str, *, store: LeadStore, mailer: Mailer, sent: SentEmails, settings: Settings, now: datetime | None = None
) -> NotifyResult:
    """Release a quarantined lead and email the coordinator (once: a second promote sends nothing)."""
    lead = store.get(lead_id)
    if lead is None:
        raise LeadNotFound(lead_id)
    if lead.status == "spam":
        received = datetime.fromisoformat(lead.created_at.replace("Z", "+00:00"))
        expires_at = int((received + timedelta(days=settings.retention_days)).timestamp())
        stamp = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        store.release_from_quarantine(lead_id, expires_at=expires_at, at=stamp)
    return notify_coordinator(lead_id, store=store, mailer=mailer, sent=sent, settings=settings, now=now)
