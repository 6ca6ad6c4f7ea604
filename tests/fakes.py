"""In-memory fakes of the domain's ports (`leadcapture.kernel.ports` and each feature's `domain/ports.py`), for the domain tests.

Each behaves like its adapter in `leadcapture.adapters` where the domain can tell the difference
(conditional writes, once-only sends, replays, window counts), without AWS, sockets or mocks. The
integration suites prove the adapters themselves against moto.
"""

from __future__ import annotations

import dataclasses
import itertools
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from leadcapture.intake.domain.duplicates import SubmissionKey
from leadcapture.intake.domain.rate_limit import window_for
from leadcapture.intake.domain.receipt import Receipt
from leadcapture.intake.domain.turnstile import judge, token_of
from leadcapture.kernel.coordinator_email import Email
from leadcapture.kernel.errors import (
    DuplicateInFlight,
    IdempotencyKeyReused,
    LeadCaptureError,
    LeadExists,
    LinkKeyUnavailable,
    QueueUnavailable,
    RateLimited,
    StorageUnavailable,
    VerifierUnavailable,
)
from leadcapture.kernel.lead import Lead
from leadcapture.kernel.lookup import LookupKeys
from leadcapture.kernel.open_leads import FollowupKind, OpenLead
from leadcapture.kernel.paging import PageRequest
from leadcapture.kernel.status import By, Status, StatusChange, actor, is_open, reachable_from

if TYPE_CHECKING:
    from leadcapture.kernel.close_note import CloseNoteKind
    from leadcapture.kernel.lead import PersonEmail
    from leadcapture.kernel.ports import EmailEvent

_LEAD_FIELDS = frozenset(f.name for f in dataclasses.fields(Lead))


class FakeLeads:
    """The leads table (`adapters/leads_table.LeadStore`): every write conditional, as in DynamoDB."""

    def __init__(self, *leads: Lead) -> None:
        self.leads: dict[str, Lead] = {lead.id: lead for lead in leads}
        # The lookup index's hashes per lead id (the table keeps them as attributes of the lead).
        self.lookup: dict[str, LookupKeys] = {}
        # Set to an AWS error code to make every call fail as the table being unreachable does.
        self.unavailable: str | None = None

    def _reachable(self) -> None:
        if self.unavailable is not None:
            raise StorageUnavailable(self.unavailable)

    def put_new(self, lead: Lead, *, lookup: LookupKeys | None = None) -> None:
        self._reachable()
        if lead.id in self.leads:  # attribute_not_exists(id)
            raise LeadExists(lead.id)
        self.leads[lead.id] = lead
        if lookup:
            self.lookup[lead.id] = lookup

    def get(self, lead_id: str) -> Lead | None:
        self._reachable()
        return self.leads.get(lead_id)

    def mark_notified(self, lead_id: str, *, message_id: str, at: str, status: Status = "notified") -> bool:
        return self._mark(lead_id, status, at, notified_at=at, ses_message_id=message_id, notify_error=None)

    def mark_notify_failed(self, lead_id: str, *, reason: str, at: str) -> bool:
        # The table also keeps notify_failed_at, which a Lead read back does not carry.
        return self._mark(lead_id, "notify_failed", at, notify_error=reason)

    def _mark(self, lead_id: str, status: Status, at: str, **changes: object) -> bool:
        # attribute_exists(id) AND attribute_not_exists(notified_at) AND status <> notify_failed
        self._reachable()
        lead = self.leads.get(lead_id)
        if lead is None or lead.notified_at is not None or lead.status == "notify_failed":
            return False
        history = (*lead.history, StatusChange(status, at, "notifier"))
        self.leads[lead_id] = dataclasses.replace(lead, status=status, history=history, **changes)  # type: ignore[arg-type]
        return True

    def change_status(self, lead_id: str, to: Status, *, at: str, by: By, from_statuses: Collection[Status] | None = None) -> bool:
        # attribute_exists(id) AND status IN (every status `to` may be reached from, or `from_statuses`)
        self._reachable()
        lead = self.leads.get(lead_id)
        if lead is None or lead.status not in (from_statuses if from_statuses is not None else reachable_from(to)):
            return False
        # The table also sets `<to>_at`; the Lead carries the ones of SES's events (delivered_at).
        stamp = {f"{to}_at": at} if f"{to}_at" in _LEAD_FIELDS and from_statuses is None else {}
        self.leads[lead_id] = dataclasses.replace(lead, status=to, history=(*lead.history, StatusChange(to, at, *actor(by))), **stamp)  # type: ignore[arg-type]
        return True

    def mark_bounced(self, lead_id: str, *, bounce_type: str, at: str) -> bool:
        # attribute_exists(id) AND status IN (notified, delivered)
        self._reachable()
        lead = self.leads.get(lead_id)
        if lead is None or lead.status not in reachable_from("bounced"):
            return False
        history = (*lead.history, StatusChange("bounced", at, "ses"))
        self.leads[lead_id] = dataclasses.replace(lead, status="bounced", bounced_at=at, bounce_type=bounce_type, history=history)
        return True

    def record_email_event(self, lead_id: str, event: EmailEvent, *, at: str, bounce_type: str | None = None) -> bool:
        # attribute_exists(id) AND attribute_not_exists(<event>_at)
        self._reachable()
        lead = self.leads.get(lead_id)
        if lead is None or getattr(lead, f"{event}_at") is not None:
            return False
        extra = {"bounce_type": bounce_type} if bounce_type else {}
        self.leads[lead_id] = dataclasses.replace(lead, **{f"{event}_at": at}, **extra)  # type: ignore[arg-type]
        return True

    def mark_bounce_escalated(self, lead_id: str, *, message_id: str, at: str) -> bool:
        # attribute_exists(id) AND attribute_not_exists(bounce_escalation_message_id)
        self._reachable()
        lead = self.leads.get(lead_id)
        if lead is None or lead.bounce_escalation_message_id is not None:
            return False
        self.leads[lead_id] = dataclasses.replace(lead, bounce_escalated_at=at, bounce_escalation_message_id=message_id)
        return True

    def release_from_quarantine(self, lead_id: str, *, expires_at: int, at: str, status: Status = "new", by: By = "promotion") -> bool:
        # attribute_exists(id) AND status = spam; the table also keeps released_at.
        self._reachable()
        lead = self.leads.get(lead_id)
        if lead is None or lead.status != "spam":
            return False
        history = (*lead.history, StatusChange(status, at, *actor(by)))
        self.leads[lead_id] = dataclasses.replace(lead, status=status, expires_at=expires_at, history=history)
        return True

    def mark_urgent_on_second_look(self, lead_id: str, *, at: str, released_expires_at: int | None = None) -> bool:
        # attribute_exists(id) AND status = new (spam when released) AND urgent is not true; the table
        # also keeps urgent_at and released_at, which a Lead read back does not carry.
        self._reachable()
        lead = self.leads.get(lead_id)
        if lead is None or lead.urgent or lead.status != ("new" if released_expires_at is None else "spam"):
            return False
        history = (*lead.history, StatusChange("new", at, "second_look", event="urgent_on_second_look"))
        marked = dataclasses.replace(lead, urgent=True, urgent_by="second_look", history=history)
        if released_expires_at is not None:
            marked = dataclasses.replace(marked, status="new", trapped=True, expires_at=released_expires_at)
        self.leads[lead_id] = marked
        return True

    def open_leads(self, received_before: str) -> Iterator[OpenLead]:
        # The sparse index: open leads only, by created_at; escalated ones filtered out.
        self._reachable()
        found = [
            lead for lead in self.leads.values() if is_open(lead.status) and lead.created_at < received_before and lead.escalated_at is None
        ]
        for lead in sorted(found, key=lambda lead: lead.created_at):
            yield OpenLead(lead.id, lead.created_at, lead.reminded_at, lead.escalated_at)

    def mark_followup(self, lead_id: str, kind: FollowupKind, *, at: str, message_id: str | None, error: str | None = None) -> bool:
        # attribute_exists(id) AND attribute_not_exists(reminded_at | escalated_at); the table also
        # keeps the message id or error, which a Lead read back does not carry.
        self._reachable()
        lead = self.leads.get(lead_id)
        stamp = "reminded_at" if kind == "reminder" else "escalated_at"
        if lead is None or getattr(lead, stamp) is not None:
            return False
        self.leads[lead_id] = dataclasses.replace(lead, **{stamp: at})  # type: ignore[arg-type]
        return True

    def scan(self) -> Iterator[Lead]:
        self._reachable()
        yield from list(self.leads.values())

    # --- urgent pages, as adapters/leads/urgent.py conditions them ---

    def acknowledge(self, lead_id: str, *, at: str, by: str) -> bool:
        # attribute_exists(id) AND attribute_not_exists(acknowledged_at)
        self._reachable()
        lead = self.leads.get(lead_id)
        if lead is None or lead.acknowledged_at is not None:
            return False
        self.leads[lead_id] = dataclasses.replace(lead, acknowledged_at=at, acknowledged_by=by)
        return True

    def _pageable(self, lead: Lead | None) -> bool:
        # attribute_exists(id) AND attribute_not_exists(acknowledged_at) AND status IN (open statuses)
        return lead is not None and lead.acknowledged_at is None and is_open(lead.status)

    def claim_page(self, lead_id: str, number: int, *, at: str) -> bool:
        self._reachable()
        lead = self.leads.get(lead_id)
        if lead is None or not self._pageable(lead) or (lead.page_count or 0) >= number:
            return False
        first = {"paged_at": lead.paged_at or at} if number == 1 else {}
        self.leads[lead_id] = dataclasses.replace(lead, page_count=number, last_paged_at=at, **first)  # type: ignore[arg-type]
        return True

    def claim_page_escalation(self, lead_id: str, *, at: str) -> bool:
        self._reachable()
        lead = self.leads.get(lead_id)
        if lead is None or not self._pageable(lead) or lead.page_escalated_at is not None:
            return False
        self.leads[lead_id] = dataclasses.replace(lead, page_escalated_at=at)
        return True

    def mark_page_scheduled(self, lead_id: str, step: int) -> bool:
        self._reachable()
        lead = self.leads.get(lead_id)
        if lead is None or (lead.page_scheduled or 0) >= step:
            return False
        self.leads[lead_id] = dataclasses.replace(lead, page_scheduled=step)
        return True

    # --- the person's side (issue 23) ---

    def request_close_note(self, lead_id: str, kind: CloseNoteKind, *, at: str, by: By) -> bool:
        # attribute_exists(id) AND status = kind AND attribute_not_exists(close_note_requested_at)
        self._reachable()
        lead = self.leads.get(lead_id)
        if lead is None or lead.status != kind or lead.close_note_requested_at is not None:
            return False
        word, who = actor(by)
        history = (*lead.history, StatusChange(kind, at, word, who=who, event="close_note_requested"))
        self.leads[lead_id] = dataclasses.replace(lead, close_note=kind, close_note_requested_at=at, history=history)
        return True

    def mark_acknowledged(self, lead_id: str, *, at: str, message_id: str | None = None, error: str | None = None) -> bool:
        # attribute_exists(id) AND attribute_not_exists(acknowledgement_sent_at) AND attribute_not_exists(acknowledgement_error)
        self._reachable()
        lead = self.leads.get(lead_id)
        if lead is None or lead.acknowledgement_sent_at or lead.acknowledgement_error:
            return False
        if message_id is None:
            self.leads[lead_id] = dataclasses.replace(lead, acknowledgement_error=error)
        else:
            self.leads[lead_id] = dataclasses.replace(lead, acknowledgement_sent_at=at, acknowledgement_message_id=message_id)
        return True

    def mark_close_note_sent(
        self, lead_id: str, kind: CloseNoteKind, *, at: str, message_id: str | None = None, error: str | None = None
    ) -> bool:
        self._reachable()
        lead = self.leads.get(lead_id)
        if lead is None or lead.close_note_sent_at or lead.close_note_error:
            return False
        if message_id is None:
            self.leads[lead_id] = dataclasses.replace(lead, close_note_error=error)
            return True
        history = (*lead.history, StatusChange(kind, at, "notifier", event="close_note_sent"))
        self.leads[lead_id] = dataclasses.replace(lead, close_note_sent_at=at, close_note_message_id=message_id, history=history)
        return True

    def record_person_email_event(self, lead_id: str, kind: PersonEmail, event: str, *, at: str, bounce_type: str | None = None) -> bool:
        # attribute_exists(id) AND attribute_not_exists(<kind>_<event>_at)
        self._reachable()
        lead = self.leads.get(lead_id)
        if lead is None or getattr(lead, f"{kind}_{event}_at") is not None:
            return False
        extra = {f"{kind}_bounce_type": bounce_type} if bounce_type else {}
        self.leads[lead_id] = dataclasses.replace(lead, **{f"{kind}_{event}_at": at}, **extra)  # type: ignore[arg-type]
        return True


class FakeAddressWindow:
    """The acknowledgements' per-address window (`person/adapters/address_window.AddressWindowTable`)."""

    def __init__(self, *, key: bytes = b"a" * 32, seconds: int = 24 * 3600) -> None:
        self.key = key
        self.seconds = seconds
        # address hash -> (lead id, expires at)
        self.records: dict[str, tuple[str, float]] = {}
        self.unavailable: str | None = None

    def claim(self, address: str, *, lead_id: str, now: float) -> bool:
        from leadcapture.person.domain.acknowledgement import address_key

        if self.unavailable is not None:
            raise StorageUnavailable(self.unavailable)
        key = address_key(address, self.key)
        held = self.records.get(key)
        if held is not None and held[1] > now and held[0] != lead_id:
            return False
        self.records[key] = (lead_id, now + self.seconds)
        return True


class FakeMailer:
    """SES (`adapters/ses.SesMailer`): records what was sent; fails on demand, once per queued error."""

    def __init__(self) -> None:
        self.sent: list[Email] = []
        self.failures: list[LeadCaptureError] = []  # MailTransientError / MailRejected, raised in order
        self._ids = itertools.count(1)

    def send(self, email: Email) -> str:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(email)
        return f"message-{next(self._ids)}"


class FakeSentEmails:
    """The sent-email ledger (`adapters/idempotency.SentEmails`): one message id per lead, forever."""

    def __init__(self) -> None:
        self.message_ids: dict[str, str] = {}
        self.in_progress: set[str] = set()

    def send_once(self, lead_id: str, send: Callable[[], str]) -> str:
        if lead_id in self.message_ids:
            return self.message_ids[lead_id]
        if lead_id in self.in_progress:
            raise DuplicateInFlight("this lead's email is being sent")
        self.in_progress.add(lead_id)
        try:
            # A raising send leaves no record (Powertools deletes it), so the retry sends again.
            self.message_ids[lead_id] = send()
        finally:
            self.in_progress.discard(lead_id)
        return self.message_ids[lead_id]


@dataclass
class _Record:
    digest: str
    receipt: Receipt | None = None  # None while the step is running


class FakeDeduplicator:
    """Submission records (`adapters/idempotency.Deduplicator`), checked in Powertools' order.

    An existing record is first validated against the digest (another submission under the same
    key: IdempotencyKeyReused), then by status (running: DuplicateInFlight; done: replayed).
    """

    def __init__(self) -> None:
        self.records: dict[str, _Record] = {}

    def begin(self, key: SubmissionKey) -> None:
        """Leave a record in progress, as a request still running elsewhere does."""
        self.records[key.key] = _Record(key.digest)

    def once(self, key: SubmissionKey, step: Callable[[], Receipt]) -> Receipt:
        record = self.records.get(key.key)
        if record is not None:
            if record.digest != key.digest:
                raise IdempotencyKeyReused("Idempotency-Key was already used for a different submission")
            if record.receipt is None:
                raise DuplicateInFlight("the same submission is being handled")
            return dataclasses.replace(record.receipt, replayed=True)
        self.begin(key)
        try:
            receipt = step()
        except Exception:
            del self.records[key.key]  # nothing cached: a retry runs the step again
            raise
        self.records[key.key].receipt = receipt
        return receipt


class FakeRateLimiter:
    """The per-source counter (`adapters/rate_counter.RateCounter`) with the domain's window rules."""

    def __init__(self, limit: int, *, now: float = 1_795_875_000.0, key: bytes = b"k" * 32) -> None:
        self.limit = limit
        self.now = now
        self.key = key
        self.counts: dict[str, int] = {}

    def hit(self, source_ip: str | None) -> int | None:
        if self.limit <= 0 or not source_ip:
            return None
        window = window_for(source_ip, self.key, self.now)
        count = self.counts[window.counter_key] = self.counts.get(window.counter_key, 0) + 1
        if count > self.limit:
            raise RateLimited(retry_after=window.retry_after(self.now))
        return count


@dataclass
class FakeVerifier:
    """Turnstile (`adapters/siteverify.TurnstileVerifier`) with siteverify's answers looked up by token.

    A token passes once; the same token again passes only with the same idempotency key (a retry of
    the same submission), otherwise siteverify answers `timeout-or-duplicate`, as Cloudflare does.
    """

    answers: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    hostnames: tuple[str, ...] = ("practice.example",)
    action: str = "consultation"
    unavailable: str | None = None
    calls: list[tuple[str, str | None, uuid.UUID]] = field(default_factory=list)
    _spent: dict[str, uuid.UUID] = field(default_factory=dict)

    def verify(self, token: object, *, remote_ip: str | None, idempotency_key: uuid.UUID) -> None:
        sent = token_of(token)
        if self.unavailable is not None:
            raise VerifierUnavailable(self.unavailable)
        self.calls.append((sent, remote_ip, idempotency_key))
        answer = self.answers.get(sent, {"success": False, "error-codes": ["invalid-input-response"]})
        if self._spent.get(sent, idempotency_key) != idempotency_key:
            answer = {"success": False, "error-codes": ["timeout-or-duplicate"]}
        judge(answer, hostnames=self.hostnames, action=self.action)
        self._spent[sent] = idempotency_key


@dataclass
class FakeLinkKeys:
    """The action link keys (`adapters/link_keys.SecretLinkKeys`): current first, then previous, read lazily.

    `rotate()` does what `put-secret-value` does: the current key becomes the previous one.
    """

    current: bytes = b"c" * 64
    previous: bytes | None = None
    unavailable: str | None = None
    reads: int = 0

    def keys(self) -> Iterator[bytes]:
        for key in (self.current, self.previous):
            if self.unavailable is not None:
                raise LinkKeyUnavailable(self.unavailable)
            if key is not None:
                self.reads += 1
                yield key

    def rotate(self, new: bytes) -> None:
        self.current, self.previous = new, self.current


def good_answer(hostname: str = "practice.example", action: str = "consultation") -> dict[str, object]:
    """What siteverify answers for a token solved on our page."""
    return {"success": True, "hostname": hostname, "action": action, "error-codes": []}


if TYPE_CHECKING:
    # mypy holds each fake to its port.
    from leadcapture.delivery.domain.ports import DeliveryStore
    from leadcapture.followups.domain.ports import FollowupStore
    from leadcapture.intake.domain import ports as intake
    from leadcapture.kernel import ports
    from leadcapture.kernel.close_note import CloseNoteStore
    from leadcapture.notify.domain.ports import QuarantineStore
    from leadcapture.person.domain.ports import AddressWindow, PersonStore

    _writer: intake.LeadWriter = FakeLeads()
    _quarantine: QuarantineStore = FakeLeads()
    _delivery: DeliveryStore = FakeLeads()
    _followups: FollowupStore = FakeLeads()
    _mailer: ports.EmailSender = FakeMailer()
    _sent: ports.SentEmailLedger = FakeSentEmails()
    _deduplicator: intake.Deduplicator = FakeDeduplicator()
    _limiter: intake.RateLimiter = FakeRateLimiter(1)
    _verifier: intake.TokenVerifier = FakeVerifier()
    _link_keys: ports.LinkKeys = FakeLinkKeys()
    _person: PersonStore = FakeLeads()
    _close_notes: CloseNoteStore = FakeLeads()
    _window: AddressWindow = FakeAddressWindow()


class FakeTexter:
    """SNS text messages (`adapters/sns.SnsTexter`): records what was sent; fails on demand, once per queued error."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []  # (phone, text)
        self.failures: list[LeadCaptureError] = []  # PageTransientError / PageRejected, raised in order
        self._ids = itertools.count(1)

    def send(self, phone: str, text: str) -> str:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((phone, text))
        return f"sms-{next(self._ids)}"


class FakePageQueue:
    """The page queue (`adapters/page_queue.SqsPageQueue`): every step put on it, with its delay."""

    def __init__(self) -> None:
        self.scheduled: list[tuple[PageRequest, int]] = []
        self.unavailable: str | None = None

    def schedule(self, request: PageRequest, *, delay_seconds: int) -> None:
        if self.unavailable is not None:
            raise QueueUnavailable(self.unavailable)
        self.scheduled.append((request, delay_seconds))
