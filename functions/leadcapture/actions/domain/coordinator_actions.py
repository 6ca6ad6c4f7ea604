"""What opening an action link (`look`) and pressing its button (`record`) do.

Opening changes nothing: mail scanners and link previews open every link in an email. It says what
pressing would do. Pressing applies exactly what the signed token says, through
`status_changes.change_status` (conditional on the current status, so pressing twice, or two
coordinators at once, is harmless). Neither touches email: SES being down cannot stop a status
from being recorded.

"I'm on it" (an urgent lead's link, `action_links.ACKNOWLEDGE`) is no status: pressing it records who
has the lead (`paging.acknowledge`), and its pages stop. Recording an outcome on an urgent lead nobody
had yet acknowledges it too (`paging.acknowledged`); either is that lead's first acknowledgement once.

After "not a fit" or "no response" the page offers a second button, signed by the same token: ask
for the kind close's note to the person (`request_note`, through kernel/close_note.py). It records
the request on the lead; the person function sends the note. Never offered to a person who said no
to email or gave no address: the page says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from leadcapture.kernel.action_links import ACKNOWLEDGE, Refused, Verified, verify
from leadcapture.kernel.close_note import CLOSE_NOTE_KINDS, offer, request_close_note
from leadcapture.kernel.errors import LeadNotFound
from leadcapture.kernel.paging import acknowledge, acknowledged, acknowledged_by_this_outcome
from leadcapture.kernel.status import can_change
from leadcapture.kernel.status_changes import Outcome as ChangeOutcome
from leadcapture.kernel.status_changes import change_status
from leadcapture.kernel.timestamps import utc_stamp

if TYPE_CHECKING:
    from leadcapture.actions.domain.ports import ActionStore
    from leadcapture.kernel.action_links import LinkAction, Refusal
    from leadcapture.kernel.close_note import Offer
    from leadcapture.kernel.lead import Lead
    from leadcapture.kernel.ports import LinkKeys, StatusStore
    from leadcapture.kernel.status import Status

# confirm: the page with the button. recorded / already / not_allowed: after (or instead of) a press.
# note_requested / note_already / note_refused: after the second button (the close note).
Outcome = Literal["confirm", "recorded", "already", "not_allowed", "refused", "gone", "note_requested", "note_already", "note_refused"]
_AFTER_CHANGE: dict[ChangeOutcome, Outcome] = {"changed": "recorded", "unchanged": "already", "refused": "not_allowed"}


@dataclass(frozen=True, slots=True)
class ActionResult:
    outcome: Outcome
    action: LinkAction | None = None
    lead_id: str | None = None
    # The lead's status after the request, when it came in, its short reference and whether it reads
    # urgent: what tells two requests apart on a page that may be forwarded (no detail of the person).
    status: Status | None = None
    received_at: str | None = None
    refusal: Refusal | None = None
    reference: str | None = None
    urgent: bool = False
    # This press was the urgent lead's first acknowledgement ("I'm on it", or its first outcome): its
    # pages stop now, and the time from its arrival is counted once (TimeToAcknowledge).
    first_acknowledgement: bool = False
    # After "not a fit" or "no response": what the page may offer for the note to the person.
    note: Offer | None = None


def _note_offer(lead: Lead, action: LinkAction) -> Offer | None:
    return offer(lead) if action in CLOSE_NOTE_KINDS and lead.status == action else None


def look(token: str, *, keys: LinkKeys, store: StatusStore, now: datetime | None = None) -> ActionResult:
    """What pressing the link's button would do; reads only. LinkKeyUnavailable / StorageUnavailable raise."""
    verified = verify(token, keys=keys.keys(), now=now or datetime.now(UTC))
    if isinstance(verified, Refused):
        return ActionResult("refused", refusal=verified.reason)
    lead = store.get(verified.lead_id)
    if lead is None:
        return ActionResult("gone", verified.action, verified.lead_id)
    if verified.action == ACKNOWLEDGE:
        outcome: Outcome = "already" if acknowledged(lead) else "confirm"
    elif lead.status == verified.action:
        outcome = "already"
    elif can_change(lead.status, verified.action):
        outcome = "confirm"
    else:
        outcome = "not_allowed"
    return ActionResult(
        outcome, verified.action, lead.id, lead.status, lead.created_at, reference=lead.reference, urgent=lead.urgent,
        note=_note_offer(lead, verified.action) if outcome == "already" else None,
    )  # fmt: skip


def record(token: str, *, keys: LinkKeys, store: ActionStore, now: datetime | None = None) -> ActionResult:
    """Record the link's action on its lead, by the coordinator, now."""
    at = now or datetime.now(UTC)
    verified = verify(token, keys=keys.keys(), now=at)
    if isinstance(verified, Refused):
        return ActionResult("refused", refusal=verified.reason)
    if verified.action == ACKNOWLEDGE:
        return _acknowledge(verified, store=store, at=utc_stamp(at))
    try:
        result = change_status(verified.lead_id, verified.action, store=store, at=utc_stamp(at), by="coordinator")
    except LeadNotFound:
        return ActionResult("gone", verified.action, verified.lead_id)
    outcome = _AFTER_CHANGE[result.outcome]
    lead = store.get(verified.lead_id)
    if lead is None:
        return ActionResult("gone", verified.action, verified.lead_id)
    first = outcome == "recorded" and acknowledged_by_this_outcome(lead)
    return ActionResult(
        outcome,
        verified.action,
        lead.id,
        result.status,
        lead.created_at,
        reference=lead.reference,
        urgent=lead.urgent,
        first_acknowledgement=first,
        note=_note_offer(lead, verified.action),
    )


def _acknowledge(verified: Verified, *, store: ActionStore, at: str) -> ActionResult:
    """ "I'm on it", by the coordinator: recorded once (`paging.acknowledge`)."""
    result = acknowledge(verified.lead_id, store=store, at=at, by="coordinator")
    lead = result.lead
    if lead is None:
        return ActionResult("gone", verified.action, verified.lead_id)
    outcome: Outcome = "recorded" if result.outcome == "recorded" else "already"
    return ActionResult(
        outcome,
        verified.action,
        lead.id,
        lead.status,
        lead.created_at,
        reference=lead.reference,
        urgent=lead.urgent,
        first_acknowledgement=outcome == "recorded",
    )


_AFTER_NOTE: dict[str, Outcome] = {"requested": "note_requested", "already": "note_already", "refused": "note_refused"}


def request_note(token: str, *, keys: LinkKeys, store: ActionStore, now: datetime | None = None) -> ActionResult:
    """The second button: ask for the close note to the person, by the coordinator, now (the person function sends it)."""
    at = now or datetime.now(UTC)
    verified = verify(token, keys=keys.keys(), now=at)
    if isinstance(verified, Refused):
        return ActionResult("refused", refusal=verified.reason)
    if verified.action not in CLOSE_NOTE_KINDS:
        return ActionResult("note_refused", verified.action, verified.lead_id)
    try:
        asked = request_close_note(verified.lead_id, store=store, at=utc_stamp(at), by="coordinator")
    except LeadNotFound:
        return ActionResult("gone", verified.action, verified.lead_id)
    lead = store.get(verified.lead_id)
    if lead is None:
        return ActionResult("gone", verified.action, verified.lead_id)
    return ActionResult(
        _AFTER_NOTE[asked.outcome], verified.action, lead.id, lead.status, lead.created_at, reference=lead.reference,
        urgent=lead.urgent, note=asked.offer,
    )  # fmt: skip
