"""Quarantined leads (honeypot filled): review them, and promote a real person's request.

A browser's autofill can fill the hidden `website` field, so a quarantined lead may be a real
person. Promoting sets it `new` with the normal retention and emails the coordinator at once
through the same `notify_coordinator` step: the stream only passes INSERT records to the notifier,
so the MODIFY of a promotion would never send the email on its own. An urgent quarantined lead was
emailed on arrival (`domain/notification.py`): promoting it keeps it, as `notified`, and sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from leadcapture.kernel.errors import LeadNotFound
from leadcapture.kernel.timestamps import parse_stamp, utc_stamp
from leadcapture.notify.domain.notification import NotifyResult, notify_coordinator

if TYPE_CHECKING:
    from leadcapture.kernel.lead import Lead
    from leadcapture.kernel.ports import Mailroom
    from leadcapture.kernel.status import Status
    from leadcapture.notify.domain.ports import QuarantineStore
    from leadcapture.notify.settings import NotifySettings as Settings


@dataclass(frozen=True, slots=True)
class QuarantinedLead:
    """What a reviewer sees in a listing: no submitted value, only what helps to pick one to open."""

    id: str
    created_at: str
    expires_at: int
    urgent: bool
    channels: tuple[str, ...]
    message_chars: int


def quarantined(store: QuarantineStore) -> Iterator[QuarantinedLead]:
    for lead in store.scan():
        if lead.status == "spam":
            channels = tuple(name for name, value in (("email", lead.email), ("phone", lead.phone)) if value)
            yield QuarantinedLead(lead.id, lead.created_at, lead.expires_at, lead.urgent, channels, len(lead.message or ""))


def release(lead_id: str, *, store: QuarantineStore, retention_days: int, now: datetime | None = None) -> Lead:
    """Take a quarantined lead out of quarantine with the normal retention (nothing when it is not there).

    Returns the lead as it was. The coordinator email is the caller's next step: `promote` sends it
    here; the `leads` tool hands the lead to the deployed notify function, which sends with its own settings.
    """
    lead = store.get(lead_id)
    if lead is None:
        raise LeadNotFound(lead_id)
    if lead.status == "spam":
        expires_at = int((parse_stamp(lead.created_at) + timedelta(days=retention_days)).timestamp())
        # An urgent quarantined lead was emailed already: it is released as `notified`, not re-sent.
        status: Status = "notified" if lead.notified_at else "new"
        store.release_from_quarantine(lead_id, expires_at=expires_at, at=utc_stamp(now), status=status)
    return lead


def promote(lead_id: str, *, store: QuarantineStore, mailroom: Mailroom, settings: Settings, retention_days: int) -> NotifyResult:
    """Release a quarantined lead, kept `retention_days` from its arrival, and email the coordinator
    now (once: a second promote sends nothing)."""
    release(lead_id, store=store, retention_days=retention_days)
    return notify_coordinator(lead_id, store=store, mailroom=mailroom, settings=settings)
