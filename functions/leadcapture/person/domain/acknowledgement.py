"""The discreet acknowledgement: an email to the person who asked for one, saying their request arrived.

Off by default (`acknowledge`, a checkbox): an email a person did not expect can out them to whoever
reads their inbox. When asked for, it is sent once, for a lead that is stored and not quarantined,
from the leads stream's INSERT (person/handler.py), and only when:

- the lead is a person's request: never the heartbeat's canary, never a lead the spam trap caught
  (`spam`, or an urgent one kept as a lead with `trapped` set: a bot can type urgent words);
- the person did not say no to email (`email_ok`), and gave an address SES can send to;
- no other request from the same address was acknowledged within 24 hours (`AddressWindow`: a
  keyed hash of the address, never the address, in a record that expires): the form cannot be
  used to fill a stranger's inbox, and a person who sends twice gets one.

A replayed duplicate is the same lead (the form's idempotency), and the lead's own ledger record
(`acknowledgement#<id>`) sends it at most once however often the record is delivered. SES refusing
it for good is recorded on the lead (`acknowledgement_error`) and never retried.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from leadcapture.kernel.errors import MailRejected
from leadcapture.kernel.open_leads import ledger_key
from leadcapture.kernel.timestamps import utc_stamp
from leadcapture.person.domain import letters

if TYPE_CHECKING:
    from leadcapture.kernel.lead import Lead
    from leadcapture.person.domain.ports import PersonPost, PersonStore
    from leadcapture.person.settings import PersonSettings

# At most one acknowledgement per address in this many seconds.
WINDOW_SECONDS = 24 * 3600
# Keeps an address's hash apart from any other hash made with the same key (the rate limit's).
_LABEL = b"acknowledgement address\x00"

Outcome = Literal[
    "sent",
    "already_sent",  # acknowledged (or refused by SES) before: a redelivered record
    "not_asked",
    "heartbeat",
    "quarantined",
    "email_declined",
    "no_email",  # no address, or none SES can send to
    "recently_acknowledged",  # another request from this address was acknowledged within 24 hours
    "rejected",  # SES refused it for good (recorded on the lead)
    "gone",  # no such lead (forgotten before the record was read)
]


@dataclass(frozen=True, slots=True)
class Acknowledged:
    outcome: Outcome
    # SES's error code when it refused.
    reason: str | None = None


def address_key(address: str, key: bytes) -> str:
    """The keyed hash that stands for an address in the window's record (the address is never stored there)."""
    return hmac.new(key, _LABEL + address.lower().encode("utf-8"), hashlib.sha256).hexdigest()


def withheld(lead: Lead) -> Outcome | None:
    """Why this lead gets no acknowledgement (before the per-address window is asked), or None."""
    reasons: tuple[tuple[bool, Outcome], ...] = (
        (bool(lead.acknowledgement_sent_at or lead.acknowledgement_error), "already_sent"),
        (not lead.acknowledge, "not_asked"),
        (lead.status == "canary", "heartbeat"),
        (lead.status == "spam" or lead.trapped, "quarantined"),
        (lead.email_ok is False, "email_declined"),
        (letters.recipient(lead) is None, "no_email"),
    )
    return next((outcome for applies, outcome in reasons if applies), None)


def acknowledge(
    lead_id: str, *, store: PersonStore, post: PersonPost, settings: PersonSettings, now: datetime | None = None
) -> Acknowledged:
    """Send the lead's acknowledgement when it is owed. Raises StorageUnavailable / MailTransientError to be retried."""
    lead = store.get(lead_id)
    if lead is None:
        return Acknowledged("gone")
    reason = withheld(lead)
    to = letters.recipient(lead)
    if reason is not None or to is None:
        return Acknowledged(reason or "no_email")
    at = now or datetime.now(UTC)
    if not post.window.claim(to, lead_id=lead.id, now=at.timestamp()):
        return Acknowledged("recently_acknowledged")
    email = letters.acknowledgement(lead, settings, to=to)
    try:
        message_id = post.sent.send_once(ledger_key("acknowledgement", lead.id), lambda: post.mailer.send(email))
    except MailRejected as err:
        store.mark_acknowledged(lead.id, at=utc_stamp(at), error=err.code)
        return Acknowledged("rejected", err.code)
    store.mark_acknowledged(lead.id, at=utc_stamp(at), message_id=message_id)
    return Acknowledged("sent")
