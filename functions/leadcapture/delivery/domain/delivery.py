"""What SES reports after it accepted the coordinator email, recorded on the lead.

SES publishes Delivery, Bounce, Complaint, Reject and DeliveryDelay events for every email sent
through the configuration set (handlers/ses_events.py reads them). Each send is tagged with its
lead id, so an event names its lead without a scan; the event's message id must then be the one
recorded on that lead (the coordinator email's, or the escalation copy's) before anything changes.

- Delivery: `notified` becomes `delivered`; a lead already further on (contacted, quarantined)
  keeps its status and only gets `delivered_at`. The first delivery gives the time from capture.
- Bounce or Reject: `bounced` with the bounce type (from `notified` or `delivered`), then the same
  email, with a line saying the coordinator's copy bounced, goes once to ESCALATION_EMAILS, so a
  wrong coordinator address can no longer swallow leads in silence. Without ESCALATION_EMAILS the
  alarm on the bounce metric is the only sign. A lead someone already handled is not escalated.
- DeliveryDelay: `delivery_delayed_at`, no status change. Complaint: counted, no change.
- An event about the escalation copy changes nothing on the lead; its bounce is counted (alarm).
- An event about an email to the person (the acknowledgement, the close note: tagged `kind`,
  person/) is recorded on the lead apart from the coordinator email's (`<kind>_delivered_at`,
  `<kind>_bounced_at` with the bounce type, `<kind>_complaint_at`), never changes its status, is
  never escalated, and never counts toward the coordinator-bounce alarm.

Everything is idempotent: SES and EventBridge may deliver an event more than once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from leadcapture.kernel.action_links import links_for
from leadcapture.kernel.coordinator_email import Notice, compose
from leadcapture.kernel.errors import MailRejected
from leadcapture.kernel.lead import PERSON_EMAILS
from leadcapture.kernel.status import is_open
from leadcapture.kernel.status_changes import change_status
from leadcapture.kernel.timestamps import parse_stamp

if TYPE_CHECKING:
    from collections.abc import Sequence

    from leadcapture.delivery.domain.ports import DeliveryStore
    from leadcapture.delivery.settings import DeliverySettings as Settings
    from leadcapture.kernel.coordinator_email import Email
    from leadcapture.kernel.lead import Lead, PersonEmail
    from leadcapture.kernel.ports import Mailroom

EventType = Literal["Delivery", "Bounce", "Complaint", "Reject", "DeliveryDelay"]
EVENT_TYPES: tuple[EventType, ...] = ("Delivery", "Bounce", "Complaint", "Reject", "DeliveryDelay")

ESCALATION_NOTICE = "The coordinator's copy bounced: please make sure someone follows up."
ESCALATION_SUBJECT_PREFIX = "[Bounced] "
_ESCALATION = Notice(ESCALATION_NOTICE, ESCALATION_SUBJECT_PREFIX, key="bounce")

Outcome = Literal[
    "delivered",  # first delivery of the coordinator email recorded
    "bounced",  # first bounce/reject of the coordinator email recorded
    "delayed",  # first delay recorded
    "complaint",
    "already_recorded",  # a repeated event: nothing new
    "escalation_delivered",
    "escalation_bounced",
    "escalation_complaint",
    "escalation_delayed",
    "person_delivered",  # an email to the person (the acknowledgement, the close note), recorded apart
    "person_bounced",
    "person_complaint",
    "person_delayed",
    "unknown_lead",  # tagged with a lead id the table does not hold (expired, another stack)
    "unknown_message",  # the lead exists but the message id is none of its emails
]
Escalation = Literal["sent", "not_configured", "not_needed", "rejected"]


@dataclass(frozen=True, slots=True)
class SesEvent:
    """One SES email event, reduced to what the lead needs (no address, subject or header)."""

    type: EventType
    message_id: str
    lead_id: str
    # When it happened (SES's timestamp for the event), as a stored UTC stamp.
    at: str
    # Bounce: "Permanent/General", "Transient/MailboxFull", ...; Reject: "Reject".
    bounce_type: str | None = None
    # The `kind` tag of an email to the person (kernel/lead.py PersonEmail); None for the practice's emails.
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class DeliveryResult:
    outcome: Outcome
    escalation: Escalation = "not_needed"
    # Seconds from capture to the first delivery (outcome "delivered").
    seconds_to_delivery: float | None = None
    # The SES error code when the escalation copy was refused.
    reason: str | None = None


def escalation_email(lead: Lead, settings: Settings, links: Sequence[tuple[str, str]] | None = ()) -> Email:
    """The coordinator email again, to ESCALATION_EMAILS, opening with the bounce notice, with its action links."""
    return compose(lead, settings, links, to=settings.escalation_emails, notice=_ESCALATION)


def record_ses_event(event: SesEvent, *, store: DeliveryStore, mailroom: Mailroom, settings: Settings) -> DeliveryResult:
    """Record one SES event on its lead. Raises StorageUnavailable / MailTransientError to be retried.

    The mailroom's ledger is the escalation copies' (one per lead, whatever the coordinator email's
    ledger holds). With its link keys and ACTIONS_BASE_URL set, a bounce's escalation copy carries
    the action links (signed from the event's time), so whoever reads it can record the call from the email.
    """
    lead = store.get(event.lead_id)
    if lead is None:
        return DeliveryResult("unknown_lead")
    if lead.ses_message_id and event.message_id == lead.ses_message_id:
        return _coordinator_email(event, lead, store=store, mailroom=mailroom, settings=settings)
    if lead.bounce_escalation_message_id and event.message_id == lead.bounce_escalation_message_id:
        return DeliveryResult(_ESCALATION_OUTCOMES[event.type])
    person = _person_email(event, lead)
    if person is not None:
        return _person_event(event, person, store)
    return DeliveryResult("unknown_message")


def _person_email(event: SesEvent, lead: Lead) -> PersonEmail | None:
    """Which email to the person this event is about (its kind tag, confirmed by the message id), or None."""
    sent: dict[PersonEmail, str | None] = {
        "acknowledgement": lead.acknowledgement_message_id,
        "close_note": lead.close_note_message_id,
    }
    return next((kind for kind in PERSON_EMAILS if sent[kind] == event.message_id and event.kind in {kind, None}), None)


_PERSON_OUTCOMES: dict[EventType, Outcome] = {
    "Delivery": "person_delivered",
    "Bounce": "person_bounced",
    "Reject": "person_bounced",
    "Complaint": "person_complaint",
    "DeliveryDelay": "person_delayed",
}
_PERSON_FIELDS: dict[EventType, str] = {"Delivery": "delivered", "Bounce": "bounced", "Reject": "bounced", "Complaint": "complaint"}


def _person_event(event: SesEvent, kind: PersonEmail, store: DeliveryStore) -> DeliveryResult:
    """Recorded on the lead once, apart from the coordinator email's; no status change, no escalation."""
    field = _PERSON_FIELDS.get(event.type)
    bounce_type = (event.bounce_type or event.type) if field == "bounced" else None
    if field is not None and not store.record_person_email_event(event.lead_id, kind, field, at=event.at, bounce_type=bounce_type):
        return DeliveryResult("already_recorded")
    return DeliveryResult(_PERSON_OUTCOMES[event.type])


_ESCALATION_OUTCOMES: dict[EventType, Outcome] = {
    "Delivery": "escalation_delivered",
    "Bounce": "escalation_bounced",
    "Reject": "escalation_bounced",
    "Complaint": "escalation_complaint",
    "DeliveryDelay": "escalation_delayed",
}


def _coordinator_email(event: SesEvent, lead: Lead, *, store: DeliveryStore, mailroom: Mailroom, settings: Settings) -> DeliveryResult:
    if event.type == "Delivery":
        return _delivered(event, lead, store)
    if event.type == "DeliveryDelay":
        first = store.record_email_event(lead.id, "delivery_delayed", at=event.at)
        return DeliveryResult("delayed" if first else "already_recorded")
    if event.type == "Complaint":
        return DeliveryResult("complaint")
    # Bounce or Reject: the coordinator did not get it.
    bounce_type = event.bounce_type or event.type
    first = store.mark_bounced(lead.id, bounce_type=bounce_type, at=event.at) or store.record_email_event(
        lead.id, "bounced", at=event.at, bounce_type=bounce_type
    )
    escalation, reason = _escalate(lead, store=store, mailroom=mailroom, settings=settings, at=event.at)
    return DeliveryResult("bounced" if first else "already_recorded", escalation, reason=reason)


def _delivered(event: SesEvent, lead: Lead, store: DeliveryStore) -> DeliveryResult:
    if lead.delivered_at is not None:
        return DeliveryResult("already_recorded")
    changed = change_status(lead.id, "delivered", store=store, at=event.at, by="ses").outcome == "changed"
    # Not `notified` any more (contacted, bounced by another recipient, quarantined): the fact only.
    if not changed and not store.record_email_event(lead.id, "delivered", at=event.at):
        return DeliveryResult("already_recorded")
    seconds = (parse_stamp(event.at) - parse_stamp(lead.created_at)).total_seconds()
    return DeliveryResult("delivered", seconds_to_delivery=max(seconds, 0.0))


def _escalate(lead: Lead, *, store: DeliveryStore, mailroom: Mailroom, settings: Settings, at: str) -> tuple[Escalation, str | None]:
    # Someone already reached the person (or closed it): nobody needs to be told now.
    if not (is_open(lead.status) or lead.status == "spam"):
        return "not_needed", None
    if not settings.escalation_emails:
        return "not_configured", None
    if lead.bounce_escalated_at is not None:
        return "sent", None
    # A key that cannot be read sends the copy without links; the email says so (as notify does).
    links, _ = links_for(lead.id, parse_stamp(at), base_url=settings.actions_base_url, keys=mailroom.link_keys)
    try:
        # Once per lead, however often the event comes: the ledger keeps the message id.
        message_id = mailroom.sent.send_once(lead.id, lambda: mailroom.mailer.send(escalation_email(lead, settings, links)))
    except MailRejected as err:
        return "rejected", err.code
    store.mark_bounce_escalated(lead.id, message_id=message_id, at=at)
    return "sent", None
