"""Notify the coordinator of one new lead, at most once.

The lead is read again (consistently) before sending, so a redelivered stream record, or a lead
already handled, sends nothing. The send itself goes through `SentEmails` (an idempotency record
per lead), so a notifier that fails after SES accepted, and is redelivered, sends nothing new. The
message id is then recorded on the lead with a conditional update. SES refusing for good marks the
lead `notify_failed` instead of retrying forever; transient failures raise so the stream retries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from .errors import LeadNotFound, MailRejected
from .mail import compose

if TYPE_CHECKING:
    from .config import Settings
    from .idempotency import SentEmails
    from .leads import LeadStore
    from .mail import Mailer

Outcome = Literal["sent", "already_notified", "not_emailed", "rejected"]


@dataclass(frozen=True, slots=True)
class NotifyResult:
    outcome: Outcome
    reason: str | None = None


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def notify_coordinator(
    lead_id: str, *, store: LeadStore, mailer: Mailer, sent: SentEmails, settings: Settings, now: datetime | None = None
) -> NotifyResult:
    """Email the coordinator about one lead. Raises MailTransientError / StorageUnavailable to retry."""
    lead = store.get(lead_id)
    if lead is None:
        raise LeadNotFound(lead_id)
    if lead.notified_at or lead.status == "notified":
        return NotifyResult("already_notified")
    if lead.status != "new":
        # Quarantined spam and leads already refused by SES are never emailed from here.
        return NotifyResult("not_emailed", lead.status)
    try:
        message_id = sent.send_once(lead_id, lambda: mailer.send(compose(lead, settings)))
    except MailRejected as err:
        store.mark_notify_failed(lead_id, reason=err.code, at=_stamp(now))
        return NotifyResult("rejected", err.code)
    store.mark_notified(lead_id, message_id=message_id, at=_stamp(now))
    return NotifyResult("sent")
