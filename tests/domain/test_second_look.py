"""The second look (notify/domain/second_look.py): a lead the lists left calm, flagged by the model, is
marked urgent once and notified as urgent; nothing else is touched, and no flag is ever cleared.

The model here is hand-set (one word weighs everything), so the rules are tested apart from the
shipped weights, which tests/unit/test_second_look.py checks.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from leadcapture.intake.domain.contract import new_lead as lead_from_request
from leadcapture.intake.domain.contract import validate_submission
from leadcapture.intake.domain.triage import reads_like_crisis
from leadcapture.kernel.coordinator_email import SPAM_TRAP_HEADING
from leadcapture.kernel.errors import LeadNotFound, StorageUnavailable
from leadcapture.kernel.lead import Lead
from leadcapture.kernel.ports import Mailroom
from leadcapture.kernel.status import StatusChange
from leadcapture.kernel.timestamps import parse_stamp, utc_stamp
from leadcapture.notify.domain.notification import notify_coordinator
from leadcapture.notify.domain.paging import start_paging
from leadcapture.notify.domain.second_look import LookResult, SecondLook, look_again
from leadcapture.notify.settings import NotifySettings
from tests.conftest import valid_lead
from tests.fakes import FakeLeads, FakeMailer, FakePageQueue, FakeSentEmails
from tests.settings import make_settings

SETTINGS = make_settings(
    NotifySettings,
    {
        "COORDINATOR_EMAILS": "coordinator@practice.example",
        "SENDER_EMAIL": "forms@practice.example",
        "URGENT_EMAILS": "oncall@practice.example",
    },
)
NOW = datetime(2026, 12, 7, 18, 5, tzinfo=UTC)
LATER = NOW + timedelta(seconds=3)
# "pelican" is this model's crisis word: the phrase lists know nothing of it.
MODEL = SecondLook(bias=-6.0, weights={"w:pelican": 12.0}, threshold=0.9)
FLAGGED = "Most nights I think about the pelican and where it ends."
CALM = "We would like couples counselling on Tuesdays."
RETENTION_DAYS = 365


def new_lead(message: str = FLAGGED, **changes: object) -> Lead:
    lead = lead_from_request(validate_submission(valid_lead(message=message)), now=NOW, consent_version="v1", retention_days=30)
    return replace(lead, **changes)  # type: ignore[arg-type]


class Notifier:
    """The notifier's steps for one lead, in the handler's order: second look, first page, email."""

    def __init__(self, lead: Lead) -> None:
        self.lead_id = lead.id
        self.store = FakeLeads(lead)
        self.mailer = FakeMailer()
        self.sent = FakeSentEmails()
        self.queue = FakePageQueue()
        self.loads = 0

    def model(self) -> SecondLook:
        self.loads += 1
        return MODEL

    def look(self) -> LookResult:
        return look_again(self.lead_id, store=self.store, model=self.model, retention_days=RETENTION_DAYS, now=LATER)

    def run(self) -> str:
        looked = self.look()
        start_paging(self.lead_id, store=self.store, queue=self.queue, now=LATER)
        mailroom = Mailroom(self.mailer, self.sent)
        return notify_coordinator(looked.lead or self.lead_id, store=self.store, mailroom=mailroom, settings=SETTINGS, now=LATER).outcome

    @property
    def lead(self) -> Lead:
        return self.store.leads[self.lead_id]


def test_the_models_word_is_one_the_lists_leave_calm() -> None:
    # Otherwise these tests would say nothing of a second stage.
    assert not reads_like_crisis(FLAGGED)
    assert MODEL.flags(FLAGGED) and not MODEL.flags(CALM)


def test_a_flagged_lead_is_marked_urgent_by_the_second_look_and_notified_as_urgent() -> None:
    notifier = Notifier(new_lead())
    assert notifier.look().outcome == "flagged"
    lead = notifier.lead
    assert (lead.urgent, lead.urgent_by, lead.status, lead.trapped) == (True, "second_look", "new", False)
    assert lead.history[-1] == StatusChange("new", utc_stamp(LATER), "second_look", event="urgent_on_second_look")

    start_paging(notifier.lead_id, store=notifier.store, queue=notifier.queue, now=LATER)
    assert [request.step for request, _ in notifier.queue.scheduled] == [1]
    mailroom = Mailroom(notifier.mailer, notifier.sent)
    assert notify_coordinator(notifier.lead_id, store=notifier.store, mailroom=mailroom, settings=SETTINGS, now=LATER).urgent_copy == "sent"
    assert {(e.subject, e.to) for e in notifier.mailer.sent} == {
        ("[URGENT] New consultation request: Sam R.", ("coordinator@practice.example",)),
        ("[URGENT] New consultation request: Sam R.", ("oncall@practice.example",)),
    }
    assert notifier.lead.status == "notified"


def test_the_lead_it_returns_is_the_lead_as_marked_so_the_email_needs_no_second_read() -> None:
    notifier = Notifier(new_lead())
    looked = notifier.look()
    assert looked.lead == notifier.lead
    notifier.store.unavailable = "ServiceUnavailable"  # a read now would fail: the email must not need one
    mailroom = Mailroom(notifier.mailer, notifier.sent)
    with pytest.raises(StorageUnavailable):  # marking it notified is a write, which fails
        notify_coordinator(looked.lead or notifier.lead_id, store=notifier.store, mailroom=mailroom, settings=SETTINGS, now=LATER)
    assert [e.subject for e in notifier.mailer.sent] == ["[URGENT] New consultation request: Sam R."] * 2


def test_a_calm_lead_is_untouched_and_notified_as_it_was() -> None:
    notifier = Notifier(new_lead(CALM))
    before = notifier.lead
    assert notifier.look() == LookResult("calm", before)
    assert notifier.lead == before
    assert notifier.run() == "sent"
    assert [e.subject for e in notifier.mailer.sent] == ["New consultation request: Sam R."]
    assert notifier.queue.scheduled == []
    assert not notifier.lead.urgent and notifier.lead.urgent_by is None


def test_an_urgent_lead_is_not_looked_at_and_keeps_its_flag() -> None:
    notifier = Notifier(new_lead(urgent=True))
    before = notifier.lead
    assert notifier.look().outcome == "not_looked"
    assert notifier.lead == before  # urgent_by stays None: the lists flagged it
    assert notifier.loads == 0


def test_no_flag_is_ever_cleared_even_when_the_model_would_not_flag() -> None:
    notifier = Notifier(new_lead(CALM, urgent=True))
    assert notifier.run() == "sent"
    assert notifier.lead.urgent
    assert [e.subject for e in notifier.mailer.sent] == ["[URGENT] New consultation request: Sam R."] * 2


@pytest.mark.parametrize(
    "changes",
    [{"status": "canary"}, {"status": "notified"}, {"status": "notify_failed"}, {"status": "contacted"}, {"message": None}],
    ids=["canary", "notified", "notify_failed", "contacted", "no message"],
)
def test_canaries_handled_leads_and_empty_messages_are_never_looked_at(changes: dict[str, object]) -> None:
    notifier = Notifier(replace(new_lead(), **changes))  # type: ignore[arg-type]
    before = notifier.lead
    assert notifier.look().outcome == "not_looked"
    assert notifier.lead == before
    assert notifier.loads == 0  # the weights are not even read


def test_a_flagged_quarantined_lead_is_released_as_an_urgent_trapped_lead() -> None:
    notifier = Notifier(new_lead(status="spam"))
    looked = notifier.look()
    assert (looked.outcome, looked.released) == ("flagged", True)
    lead = notifier.lead
    assert (lead.status, lead.urgent, lead.trapped, lead.urgent_by) == ("new", True, True, "second_look")
    # Kept as long as any lead, from its arrival (it was stored with the spam retention).
    assert lead.expires_at == int((parse_stamp(lead.created_at) + timedelta(days=RETENTION_DAYS)).timestamp())
    assert lead.history[-1] == StatusChange("new", utc_stamp(LATER), "second_look", event="urgent_on_second_look")

    mailroom = Mailroom(notifier.mailer, notifier.sent)
    result = notify_coordinator(looked.lead or notifier.lead_id, store=notifier.store, mailroom=mailroom, settings=SETTINGS, now=LATER)
    assert (result.outcome, result.trapped) == ("sent", True)
    assert all(e.subject.startswith("[URGENT] ") for e in notifier.mailer.sent) and len(notifier.mailer.sent) == 2
    assert SPAM_TRAP_HEADING in notifier.mailer.sent[0].text


def test_a_calm_quarantined_lead_stays_in_quarantine_and_is_not_emailed() -> None:
    notifier = Notifier(new_lead(CALM, status="spam"))
    before = notifier.lead
    assert notifier.run() == "not_emailed"
    assert notifier.lead == before
    assert notifier.mailer.sent == []


def test_a_redelivered_record_marks_nothing_twice_and_sends_once() -> None:
    notifier = Notifier(new_lead())
    assert notifier.run() == "sent"
    marked = notifier.lead
    assert notifier.run() == "already_notified"
    assert notifier.lead == marked
    assert [c.event for c in notifier.lead.history].count("urgent_on_second_look") == 1
    assert len(notifier.mailer.sent) == 2  # the coordinators' and the urgent copy, once each
    assert len(notifier.queue.scheduled) == 1


def test_a_redelivery_after_the_mark_but_before_the_email_sends_the_urgent_email_once() -> None:
    notifier = Notifier(new_lead())
    notifier.look()
    assert notifier.look().outcome == "not_looked"  # the retry sees the mark
    assert notifier.run() == "sent"
    assert [e.subject for e in notifier.mailer.sent] == ["[URGENT] New consultation request: Sam R."] * 2
    assert [c.event for c in notifier.lead.history].count("urgent_on_second_look") == 1


def test_a_lead_marked_urgent_between_the_read_and_the_mark_is_not_marked_again() -> None:
    notifier = Notifier(new_lead())

    def urgent_meanwhile() -> SecondLook:
        notifier.store.leads[notifier.lead_id] = replace(notifier.lead, urgent=True)
        return MODEL

    looked = look_again(notifier.lead_id, store=notifier.store, model=urgent_meanwhile, retention_days=RETENTION_DAYS, now=LATER)
    assert looked == LookResult("raced", None)
    assert notifier.lead.urgent_by is None
    assert "urgent_on_second_look" not in [c.event for c in notifier.lead.history]


def test_a_storage_error_raises_to_retry_the_record_and_the_retry_marks_once() -> None:
    notifier = Notifier(new_lead())
    notifier.store.unavailable = "ProvisionedThroughputExceededException"
    with pytest.raises(StorageUnavailable):
        notifier.look()
    assert notifier.store.leads[notifier.lead_id].urgent is False
    notifier.store.unavailable = None
    assert notifier.run() == "sent"
    assert notifier.lead.urgent and [c.event for c in notifier.lead.history].count("urgent_on_second_look") == 1


def test_a_storage_error_on_the_mark_itself_raises_too() -> None:
    notifier = Notifier(new_lead())

    def table_down() -> SecondLook:
        notifier.store.unavailable = "ServiceUnavailable"
        return MODEL

    with pytest.raises(StorageUnavailable):
        look_again(notifier.lead_id, store=notifier.store, model=table_down, retention_days=RETENTION_DAYS, now=LATER)
    assert not notifier.store.leads[notifier.lead_id].urgent


def test_an_unknown_lead_is_an_error() -> None:
    notifier = Notifier(new_lead())
    notifier.lead_id = "no-such-lead"
    with pytest.raises(LeadNotFound):
        notifier.look()
