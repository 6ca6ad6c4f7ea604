"""Notify the coordinator of one new lead, at most once.

The lead is read again (consistently) before sending, so a redelivered stream record, or a lead
already handled, sends nothing. The send itself goes through `SentEmails` (an idempotency record
per lead), so a notifier that fails after SES accepted, and is redelivered, sends nothing new. The
message id is then recorded on the lead with a conditional update. SES refusing for good marks the
lead `notify_failed` instead of retrying forever; transient failures raise so the stream retries.

Quarantined (`spam`) leads are not emailed, except an urgent one: browser autofill can fill the
honeypot, and a person who may be in danger must reach someone now. That email says the lead was
caught by the spam trap; the lead stays `spam` (listed for review, short retention) with the
email recorded on it.

An urgent lead also goes at once to URGENT_EMAILS when that is set (the same email, through the
ledger under `urgent#<id>`), before the lead is marked: a retry after a failure in between still
sends it, and never twice. SES refusing that copy for good does not fail the lead: the
coordinators have theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from .coordinator_email import compose
from .errors import LeadNotFound, MailRejected
from .open_leads import ledger_key
from .timestamps import utc_stamp

if TYPE_CHECKING:
    from ..settings import Settings
    from .consultation import Lead
    from .ports import EmailSender, LeadRepository, SentEmailLedger

Outcome = Literal["sent", "already_notified", "not_emailed", "rejected"]


@dataclass(frozen=True, slots=True)
class NotifyResult:
    outcome: Outcome
    reason: str | None = None
    # The lead was emailed from quarantine (urgent and caught by the spam trap).
    quarantined: bool = False
    # The urgent copy to URGENT_EMAILS: None when not sent (not urgent, or no such address).
    urgent_copy: Literal["sent", "rejected"] | None = None


def notify_coordinator(
    lead_id: str,
    *,
    store: LeadRepository,
    mailer: EmailSender,
    sent: SentEmailLedger,
    settings: Settings,
    now: datetime | None = None,
) -> NotifyResult:
    """Email the coordinator about one lead. Raises MailTransientError / StorageUnavailable to retry."""
    lead = store.get(lead_id)
    if lead is None:
        raise LeadNotFound(lead_id)
    if lead.notified_at or lead.status == "notified":
        return NotifyResult("already_notified")
    quarantined = lead.status == "spam" and lead.urgent
    if lead.status != "new" and not quarantined:
        # Non-urgent spam and leads already refused by SES are never emailed from here.
        return NotifyResult("not_emailed", lead.status)
    urgent_copy = _send_urgent_copy(lead, mailer=mailer, sent=sent, settings=settings)
    try:
        message_id = sent.send_once(lead_id, lambda: mailer.send(compose(lead, settings)))
    except MailRejected as err:
        store.mark_notify_failed(lead_id, reason=err.code, at=utc_stamp(now))
        return NotifyResult("rejected", err.code, quarantined=quarantined, urgent_copy=urgent_copy)
    store.mark_notified(lead_id, message_id=message_id, at=utc_stamp(now), status=lead.status if quarantined else "notified")
    return NotifyResult("sent", quarantined=quarantined, urgent_copy=urgent_copy)


def _send_urgent_copy(lead: Lead, *, mailer: EmailSender, sent: SentEmailLedger, settings: Settings) -> Literal["sent", "rejected"] | None:
    """Urgent leads skip every wait: the same email to URGENT_EMAILS, once."""
    if not (lead.urgent and settings.urgent_emails):
        return None
    try:
        sent.send_once(ledger_key("urgent", lead.id), lambda: mailer.send(compose(lead, settings, to=settings.urgent_emails)))
    except MailRejected:
        return "rejected"
    return "sent"
