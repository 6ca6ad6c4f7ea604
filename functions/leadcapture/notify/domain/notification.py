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

With urgent pages on (URGENT_PHONES), an urgent lead's email (the coordinators' and the copy) carries
"I'm on it" first among its links: pressing it stops the pages (kernel/paging.py).

A heartbeat canary is never emailed: reaching this point is the proof the heartbeat looks for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from leadcapture.kernel.action_links import links_for
from leadcapture.kernel.coordinator_email import compose
from leadcapture.kernel.errors import LeadNotFound, MailRejected
from leadcapture.kernel.open_leads import ledger_key
from leadcapture.kernel.timestamps import utc_stamp

if TYPE_CHECKING:
    from leadcapture.kernel.lead import Lead
    from leadcapture.kernel.ports import Mailroom
    from leadcapture.notify.domain.ports import NotifyStore
    from leadcapture.notify.settings import NotifySettings as Settings

# "heartbeat": a canary (domain/heartbeat.py) came through the stream; nobody is emailed.
Outcome = Literal["sent", "already_notified", "not_emailed", "rejected", "heartbeat"]


@dataclass(frozen=True, slots=True)
class NotifyResult:
    outcome: Outcome
    reason: str | None = None
    # The lead was emailed from quarantine (urgent and caught by the spam trap).
    # An urgent request caught by the spam trap (kept as a lead, emailed with a note saying so).
    trapped: bool = False
    # The email went without its action links: their key could not be read (the error code).
    links_missing: str | None = None
    # The urgent copy to URGENT_EMAILS: None when not sent (not urgent, or no such address).
    urgent_copy: Literal["sent", "rejected"] | None = None


def notify_coordinator(
    which: str | Lead, *, store: NotifyStore, mailroom: Mailroom, settings: Settings, now: datetime | None = None
) -> NotifyResult:
    """Email the coordinator about one lead. Raises MailTransientError / StorageUnavailable to retry.

    With the mailroom's link keys and ACTIONS_BASE_URL set, the email carries the signed action
    links. When the key cannot be read the email goes without them (and says so): a person asking
    for help reaching the coordinator matters more than the links, which the leads tool stands in for.

    `which`: the lead's id, read here, or the lead as the step before just read it (consistently: the
    second look), which saves reading it again.
    """
    lead_id, lead = (which, store.get(which)) if isinstance(which, str) else (which.id, which)
    if lead is None:
        raise LeadNotFound(lead_id)
    if lead.status == "canary":
        return NotifyResult("heartbeat")
    if lead.notified_at or lead.status == "notified":
        return NotifyResult("already_notified")
    if lead.status != "new":
        # Spam and leads already refused by SES are never emailed from here. (An urgent request
        # caught by the honeypot is no spam: it is stored `new`, with `trapped` set.)
        return NotifyResult("not_emailed", lead.status)
    paged = lead.urgent and bool(settings.urgent_phones)
    links, links_missing = links_for(
        lead.id, now or datetime.now(UTC), base_url=settings.actions_base_url, keys=mailroom.link_keys, acknowledge=paged
    )
    urgent_copy = _send_urgent_copy(lead, links, mailroom=mailroom, settings=settings)
    try:
        message_id = mailroom.sent.send_once(
            lead_id, lambda: mailroom.mailer.send(compose(lead, settings, links, to=settings.coordinator_emails))
        )
    except MailRejected as err:
        store.mark_notify_failed(lead_id, reason=err.code, at=utc_stamp(now))
        return NotifyResult("rejected", err.code, trapped=lead.trapped, links_missing=links_missing, urgent_copy=urgent_copy)
    store.mark_notified(lead_id, message_id=message_id, at=utc_stamp(now))
    return NotifyResult("sent", trapped=lead.trapped, links_missing=links_missing, urgent_copy=urgent_copy)


def _send_urgent_copy(
    lead: Lead, links: list[tuple[str, str]] | None, *, mailroom: Mailroom, settings: Settings
) -> Literal["sent", "rejected"] | None:
    """Urgent leads skip every wait: the same email (action links included) to URGENT_EMAILS, once."""
    if not (lead.urgent and settings.urgent_emails):
        return None
    try:
        mailroom.sent.send_once(
            ledger_key("urgent", lead.id), lambda: mailroom.mailer.send(compose(lead, settings, links, to=settings.urgent_emails))
        )
    except MailRejected:
        return "rejected"
    return "sent"
