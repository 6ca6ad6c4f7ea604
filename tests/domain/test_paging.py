"""Urgent pages (issue 24): the text, who has a lead, the schedule, and each step on in-memory fakes.

The kernel's rules (kernel/paging.py, the "I'm on it" link), the notifier starting a lead's paging
(notify/domain/paging.py), the urgent function's steps (urgent/domain/pages.py) and the action link's
"I'm on it" (actions/domain/coordinator_actions.py).
"""

from __future__ import annotations

import base64
import dataclasses
import re
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from leadcapture.actions.domain.coordinator_actions import look, record
from leadcapture.actions.web import pages as action_pages
from leadcapture.intake.domain.contract import new_lead as lead_from_request
from leadcapture.intake.domain.contract import validate_submission
from leadcapture.kernel import action_links
from leadcapture.kernel.action_links import ACKNOWLEDGE, ACKNOWLEDGE_CODE, Refused, Verified, acknowledge_link, sign, verify
from leadcapture.kernel.errors import MailTransientError, PageRejected, PageTransientError, QueueUnavailable
from leadcapture.kernel.lead import Lead
from leadcapture.kernel.open_leads import PAGE_LEDGER_KINDS, page_kind, page_ledger_key
from leadcapture.kernel.paging import (
    PageLink,
    Pager,
    PageRequest,
    acknowledge,
    acknowledged,
    first_request,
    needs_paging,
    page_text,
)
from leadcapture.kernel.ports import Mailroom
from leadcapture.kernel.status import ACTIONS, StatusChange
from leadcapture.kernel.timestamps import utc_stamp
from leadcapture.notify.domain.notification import notify_coordinator
from leadcapture.notify.domain.paging import start_paging
from leadcapture.notify.settings import NotifySettings
from leadcapture.urgent.domain.pages import Delivery, StepResult, run_step
from leadcapture.urgent.settings import UrgentSettings
from tests.conftest import valid_lead
from tests.fakes import FakeLeads, FakeLinkKeys, FakeMailer, FakePageQueue, FakeSentEmails, FakeTexter
from tests.settings import make_settings

NOW = datetime(2026, 12, 11, 6, 0, tzinfo=UTC)  # Thursday 22:00 in Los Angeles: after hours
KEY = b"k" * 64
PHONES = "+12135550100,+12135550101"
BASE = "https://api.practice.example"
CRISIS = "I don't want to live anymore and I have a plan"
URGENT = make_settings(
    UrgentSettings,
    {"URGENT_PHONES": PHONES, "ACTIONS_BASE_URL": BASE, "PRACTICE_NAME": "Harbor Therapy", "ESCALATION_EMAILS": "manager@practice.example"},
)
INTERVAL = timedelta(minutes=10)


def new_lead(**fields: object) -> Lead:
    return lead_from_request(validate_submission(valid_lead(**fields)), now=NOW, consent_version="v1", retention_days=365)


def urgent_lead(**changes: object) -> Lead:
    lead = new_lead(message=CRISIS)
    assert lead.urgent
    return dataclasses.replace(lead, **changes)  # type: ignore[arg-type]


# --- the "I'm on it" link ------------------------------------------------------------------------


def test_im_on_it_has_a_code_of_its_own_outside_the_statuses_range() -> None:
    lead_id = str(uuid.uuid4())
    token = sign(lead_id, ACKNOWLEDGE, key=KEY, now=NOW)
    verified = verify(token, keys=[KEY], now=NOW)
    assert isinstance(verified, Verified) and (verified.lead_id, verified.action) == (lead_id, "acknowledge")
    raw = base64.urlsafe_b64decode(token + "==")
    assert raw[21] == ACKNOWLEDGE_CODE == 128
    assert len(ACTIONS) < 127, "statuses keep 1 to 127: an outcome appended to ACTIONS never takes 128"


@pytest.mark.parametrize("action", ACTIONS)
def test_every_link_signed_before_keeps_its_code(action: str) -> None:
    # The byte layout of links already emailed: an outcome's code is its 1-based place in ACTIONS.
    token = sign(str(uuid.uuid4()), action, key=KEY, now=NOW)  # type: ignore[arg-type]
    assert base64.urlsafe_b64decode(token + "==")[21] == ACTIONS.index(action) + 1
    verified = verify(token, keys=[KEY], now=NOW)
    assert isinstance(verified, Verified) and verified.action == action


@pytest.mark.parametrize("code", [0, len(ACTIONS) + 1, 127, 129, 255])
def test_codes_that_are_neither_a_status_nor_im_on_it_are_refused(code: int) -> None:
    head = action_links._HEAD.pack(1, action_links.key_id(KEY), uuid.uuid4().bytes, code, 2_000_000_000)
    token = action_links._b64(head + action_links._mac(KEY, head))
    assert verify(token, keys=[KEY], now=NOW) == Refused("unknown_action")


def test_the_acknowledge_link_is_a_signed_action_link_and_none_without_a_key() -> None:
    lead_id = str(uuid.uuid4())
    url = acknowledge_link(lead_id, NOW, base_url=BASE + "/", keys=FakeLinkKeys(current=KEY))
    assert url is not None and url.startswith(BASE + "/actions/")
    verified = verify(url.rsplit("/", 1)[1], keys=[KEY], now=NOW)
    assert isinstance(verified, Verified) and verified.action == ACKNOWLEDGE
    assert acknowledge_link(lead_id, NOW, base_url=BASE, keys=FakeLinkKeys(unavailable="ThrottlingException")) is None
    assert acknowledge_link(lead_id, NOW, base_url="", keys=FakeLinkKeys()) is None


def test_urgent_links_put_im_on_it_first() -> None:
    links = action_links.action_links(str(uuid.uuid4()), NOW, base_url=BASE, key=KEY, acknowledge=True)
    assert [label for label, _ in links] == ["I'm on it", "I've contacted them", "Consultation booked", "Not a fit", "No response"]


# --- the text --------------------------------------------------------------------------------------


def test_a_page_says_the_practice_urgent_the_reference_and_the_link_and_nothing_of_the_person() -> None:
    lead = urgent_lead()
    text = page_text(lead, number=1, pages=4, practice="Harbor Therapy", link=PageLink(f"{BASE}/actions/TOKEN"))
    assert text == f"Harbor Therapy: urgent consultation request, ref {lead.reference}. I'm on it: {BASE}/actions/TOKEN"
    for value in (lead.first_name, lead.last_name, lead.email, lead.phone, CRISIS, "live", "plan"):
        assert str(value) not in text


def test_a_repage_says_which_page_and_that_nobody_has_it() -> None:
    lead = urgent_lead()
    text = page_text(lead, number=3, pages=4, practice="Harbor Therapy", link=PageLink("https://x.example/a"))
    assert f"ref {lead.reference} (page 3 of 4, nobody has it yet). I'm on it: https://x.example/a" in text


def test_a_page_of_a_lead_caught_by_the_spam_trap_says_so() -> None:
    text = page_text(urgent_lead(trapped=True), number=1, pages=4, practice="P", link=PageLink("https://x.example/a"))
    assert ", caught by the spam trap: check. I'm on it:" in text


def test_with_a_desk_the_page_opens_the_lead_there() -> None:
    lead = urgent_lead()
    url = f"https://desk.practice.example/leads/{lead.id}"
    text = page_text(lead, number=1, pages=4, practice="P", link=PageLink(url, to_desk=True))
    assert text.endswith(f"Open it: {url}")


def test_a_page_without_a_link_points_at_the_email() -> None:
    assert page_text(urgent_lead(), number=1, pages=4, practice="P", link=None).endswith(". See the urgent email.")


def test_the_practice_name_cannot_break_the_text_into_lines() -> None:
    text = page_text(urgent_lead(), number=1, pages=4, practice="Harbor\r\nTherapy\x00 ", link=None)
    assert text.startswith("Harbor Therapy: urgent consultation request")
    assert text.isprintable()


# --- who has it -------------------------------------------------------------------------------------


def test_an_urgent_open_lead_nobody_has_is_paged_and_nothing_else_is() -> None:
    assert needs_paging(urgent_lead())
    assert needs_paging(urgent_lead(trapped=True))  # caught by the spam trap: paged, marked so
    assert not needs_paging(new_lead())
    assert not needs_paging(urgent_lead(acknowledged_at=utc_stamp(NOW)))
    assert not needs_paging(urgent_lead(status="contacted"))
    assert not needs_paging(urgent_lead(status="spam"))


def test_any_outcome_ever_recorded_is_an_acknowledgement_even_reopened() -> None:
    reopened = urgent_lead(
        history=(StatusChange("not_a_fit", utc_stamp(NOW), "coordinator"), StatusChange("notified", utc_stamp(NOW), "cli"))
    )
    assert acknowledged(reopened) and not needs_paging(reopened)


def test_im_on_it_is_recorded_once() -> None:
    lead = urgent_lead()
    store = FakeLeads(lead)
    first = acknowledge(lead.id, store=store, at=utc_stamp(NOW), by="coordinator")
    assert first.outcome == "recorded" and first.lead is not None and first.lead.acknowledged_by == "coordinator"
    assert store.leads[lead.id].acknowledged_at == utc_stamp(NOW)
    assert acknowledge(lead.id, store=store, at=utc_stamp(NOW + INTERVAL), by="coordinator").outcome == "already"
    assert store.leads[lead.id].acknowledged_at == utc_stamp(NOW)
    assert acknowledge(str(uuid.uuid4()), store=store, at=utc_stamp(NOW), by="coordinator").outcome == "gone"


# --- the schedule -----------------------------------------------------------------------------------


def test_a_step_travels_as_json_and_anything_else_is_refused() -> None:
    request = PageRequest(str(uuid.uuid4()), 2, utc_stamp(NOW))
    assert PageRequest.from_json(request.to_json()) == request
    for bad in (
        "",
        "{}",
        "[]",
        '{"lead_id":"x","step":1,"due":"2026-12-11T06:00:00.000Z"}',
        request.to_json().replace('"step":2', '"step":0'),
    ):
        assert PageRequest.from_json(bad) is None


def test_steps_are_pages_then_one_escalation_each_due_an_interval_after_the_last() -> None:
    step: PageRequest | None = first_request(str(uuid.uuid4()), NOW)
    seen = []
    while step is not None:
        seen.append((step.step, step.kind(3), step.due))
        step = step.next(repage_max=3, interval=INTERVAL)
    assert seen == [(n, "page" if n <= 4 else "escalation", utc_stamp(NOW + (n - 1) * INTERVAL)) for n in range(1, 6)]


def test_a_step_is_held_until_it_is_due_at_most_fifteen_minutes() -> None:
    request = PageRequest(str(uuid.uuid4()), 2, utc_stamp(NOW + INTERVAL))
    assert request.delay_seconds(NOW) == 600
    assert request.delay_seconds(NOW + timedelta(seconds=599.5)) == 1
    assert request.delay_seconds(NOW + 2 * INTERVAL) == 0
    assert PageRequest(request.lead_id, 2, utc_stamp(NOW + timedelta(hours=1))).delay_seconds(NOW) == 900


def test_every_page_and_phone_has_a_ledger_kind_that_forget_finds() -> None:
    assert page_ledger_key(page_kind(1, 0), "L") == "page1#L"
    assert {page_kind(page, phone) for page in range(1, 7) for phone in range(5)} | {"urgent-escalation"} == set(PAGE_LEDGER_KINDS)


# --- settings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phones", "problem"),
    [
        ("2135550100", "not an E.164 number"),
        ("+1 213 555 0100", "not an E.164 number"),
        ("+1213555010", "not a valid phone number"),
        ("+12135550100,+12135550100", "listed twice"),
        (",".join(f"+1213555010{i}" for i in range(6)), "at most 5"),
    ],
)
def test_urgent_phones_are_e164_numbers_checked_at_start(phones: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        make_settings(UrgentSettings, {"URGENT_PHONES": phones})


def test_paging_needs_its_queue_and_takes_a_repage_interval_sqs_can_hold() -> None:
    with pytest.raises(ValidationError, match="URGENT_PAGES_QUEUE_URL is required while URGENT_PHONES is set"):
        make_settings(NotifySettings, {"URGENT_PHONES": PHONES, "URGENT_PAGES_QUEUE_URL": ""})
    assert make_settings(NotifySettings, {"URGENT_PAGES_QUEUE_URL": ""}).urgent_phones == ()  # off: nothing needed
    for minutes in ("0", "16"):
        with pytest.raises(ValidationError):
            make_settings(UrgentSettings, {"URGENT_REPAGE_MINUTES": minutes})
    with pytest.raises(ValidationError):
        make_settings(UrgentSettings, {"URGENT_REPAGE_MAX": "6"})
    with pytest.raises(ValidationError, match="DESK_URL"):
        make_settings(UrgentSettings, {"DESK_URL": "desk.practice.example"})
    defaults = make_settings(UrgentSettings)
    assert (defaults.repage_interval, defaults.urgent_repage_max, defaults.desk_url) == (INTERVAL, 3, "")


# --- the notifier starts it ---------------------------------------------------------------------


def test_the_notifier_puts_the_first_page_on_the_queue_at_once_and_once() -> None:
    lead = urgent_lead()
    store, queue = FakeLeads(lead), FakePageQueue()
    assert start_paging(lead.id, store=store, queue=queue, now=NOW) == "started"
    assert queue.scheduled == [(PageRequest(lead.id, 1, utc_stamp(NOW)), 0)]
    assert store.leads[lead.id].page_scheduled == 1
    assert start_paging(lead.id, store=store, queue=queue, now=NOW) == "already"  # the stream's retry of the lead
    assert len(queue.scheduled) == 1


def test_the_notifier_pages_nobody_about_a_lead_that_is_not_urgent() -> None:
    lead = new_lead()
    queue = FakePageQueue()
    assert start_paging(lead.id, store=FakeLeads(lead), queue=queue, now=NOW) == "not_paged"
    assert queue.scheduled == []


def test_a_queue_down_raises_for_the_retry_and_records_nothing() -> None:
    lead = urgent_lead()
    store, queue = FakeLeads(lead), FakePageQueue()
    queue.unavailable = "ServiceUnavailable"
    with pytest.raises(QueueUnavailable):
        start_paging(lead.id, store=store, queue=queue, now=NOW)
    assert store.leads[lead.id].page_scheduled is None


@pytest.mark.parametrize(("phones", "first"), [(PHONES, "I'm on it"), ("", "I've contacted them")])
def test_the_urgent_email_carries_im_on_it_first_while_paging_is_on(phones: str, first: str) -> None:
    lead = urgent_lead()
    settings = make_settings(
        NotifySettings, {"URGENT_PHONES": phones, "ACTIONS_BASE_URL": BASE, "URGENT_EMAILS": "oncall@practice.example"}
    )
    mailer = FakeMailer()
    notify_coordinator(
        lead.id, store=FakeLeads(lead), mailroom=Mailroom(mailer, FakeSentEmails(), FakeLinkKeys(current=KEY)), settings=settings, now=NOW
    )
    assert len(mailer.sent) == 2  # the urgent copy and the coordinators'
    for email in mailer.sent:
        assert re.findall(r"^- ([^:]+):", email.text, flags=re.MULTILINE)[0] == first


# --- the urgent function's steps --------------------------------------------------------------------


class Outside:
    """The urgent function's ports with one lead stored, and a step runner that delivers as SQS does."""

    def __init__(self, lead: Lead, settings: UrgentSettings = URGENT) -> None:
        self.lead_id = lead.id
        self.settings = settings
        self.store = FakeLeads(lead)
        self.texter, self.queue, self.mailer, self.sent = FakeTexter(), FakePageQueue(), FakeMailer(), FakeSentEmails()

    @property
    def pager(self) -> Pager:
        return Pager(self.texter, self.queue, Mailroom(self.mailer, self.sent, FakeLinkKeys(current=KEY)))

    @property
    def lead(self) -> Lead:
        return self.store.leads[self.lead_id]

    def run(self, request: PageRequest, *, at: datetime | None = None, redelivered: bool = False) -> StepResult:
        delivery = Delivery(request, at or datetime.fromisoformat(request.due.replace("Z", "+00:00")), redelivered)
        return run_step(delivery, store=self.store, pager=self.pager, settings=self.settings)

    def run_all(self) -> list[StepResult]:
        """Step 1, then every step the previous one scheduled, each at its due time."""
        results, done = [self.run(first_request(self.lead_id, NOW))], 0
        while len(self.queue.scheduled) > done:
            request, _ = self.queue.scheduled[done]
            done += 1
            results.append(self.run(request))
        return results


def test_page_one_texts_every_on_call_phone_and_schedules_the_re_page() -> None:
    outside = Outside(urgent_lead())
    result = outside.run(first_request(outside.lead_id, NOW))
    assert (result.outcome, result.sent, result.retry) == ("paged", 2, None)
    assert [phone for phone, _ in outside.texter.sent] == ["+12135550100", "+12135550101"]
    text = outside.texter.sent[0][1]
    assert text.startswith(f"Harbor Therapy: urgent consultation request, ref {outside.lead.reference}. I'm on it: {BASE}/actions/")
    verified = verify(text.rsplit("/", 1)[1], keys=[KEY], now=NOW)
    assert isinstance(verified, Verified) and (verified.lead_id, verified.action) == (outside.lead_id, "acknowledge")
    assert outside.queue.scheduled == [(PageRequest(outside.lead_id, 2, utc_stamp(NOW + INTERVAL)), 600)]
    assert (outside.lead.page_count, outside.lead.paged_at, outside.lead.page_scheduled) == (1, utc_stamp(NOW), 2)
    assert result.to_first_page == 0.0


def test_unacknowledged_it_is_re_paged_exactly_max_times_then_escalated_once() -> None:
    outside = Outside(urgent_lead())
    results = outside.run_all()
    assert [(r.outcome, r.kind) for r in results] == [("paged", "page")] * 4 + [("escalated", "escalation")]
    assert len(outside.texter.sent) == 4 * 2
    numbers = [re.search(r"\(page (\d) of 4, nobody has it yet\)", text) for _, text in outside.texter.sent[::2]]
    assert [found[1] if found else "first" for found in numbers] == ["first", "2", "3", "4"]
    assert [r.next_due for r in results] == [utc_stamp(NOW + n * INTERVAL) for n in range(1, 5)] + [None]
    assert results[-1].escalated and results[-1].emailed is True
    [email] = outside.mailer.sent
    assert email.to == ("manager@practice.example",)
    assert email.subject == "[URGENT] Unacknowledged: New consultation request: Sam R."
    assert "paged 4 time(s)" in email.text and "I'm on it" in email.text
    assert outside.lead.page_escalated_at == utc_stamp(NOW + 4 * INTERVAL)


def test_no_re_page_and_no_escalation_with_re_pages_set_to_zero() -> None:
    outside = Outside(urgent_lead(), make_settings(UrgentSettings, {"URGENT_PHONES": PHONES, "URGENT_REPAGE_MAX": "0"}))
    assert [r.outcome for r in outside.run_all()] == ["paged", "escalated"]
    assert len(outside.texter.sent) == 2


@pytest.mark.parametrize("how", ["im_on_it", "contacted", "marked_spam"])
def test_once_someone_has_it_the_next_step_sends_and_schedules_nothing(how: str) -> None:
    outside = Outside(urgent_lead())
    outside.run(first_request(outside.lead_id, NOW))
    (step2, _), texts = outside.queue.scheduled[0], len(outside.texter.sent)
    if how == "im_on_it":
        acknowledge(outside.lead_id, store=outside.store, at=utc_stamp(NOW + timedelta(minutes=3)), by="coordinator")
    else:
        outside.store.change_status(outside.lead_id, "contacted" if how == "contacted" else "spam", at=utc_stamp(NOW), by="coordinator")
    assert outside.run(step2).outcome == "stopped"
    assert len(outside.texter.sent) == texts and len(outside.queue.scheduled) == 1 and outside.mailer.sent == []


class AcknowledgedWhileDue(FakeLeads):
    """Someone presses "I'm on it" between the step's read of the lead and its claim of the page."""

    def claim_page(self, lead_id: str, number: int, *, at: str) -> bool:
        self.acknowledge(lead_id, at=at, by="coordinator")
        return super().claim_page(lead_id, number, at=at)


def test_a_re_page_due_while_the_lead_is_being_acknowledged_sends_nothing() -> None:
    outside = Outside(urgent_lead())
    outside.run(first_request(outside.lead_id, NOW))
    step2, _ = outside.queue.scheduled[0]
    racing = AcknowledgedWhileDue(outside.lead)
    result = run_step(Delivery(step2, NOW + INTERVAL), store=racing, pager=outside.pager, settings=URGENT)
    assert (result.outcome, result.sent) == ("stopped", 0)
    assert len(outside.texter.sent) == 2 and len(outside.queue.scheduled) == 1
    assert racing.leads[outside.lead_id].page_count == 1


def test_a_phone_that_fails_for_a_moment_is_retried_alone_and_no_page_goes_twice() -> None:
    outside = Outside(urgent_lead())
    outside.texter.failures = [PageTransientError("Throttled")]  # the first phone's first attempt
    step1 = first_request(outside.lead_id, NOW)
    first = outside.run(step1)
    assert (first.sent, type(first.retry)) == (1, PageTransientError)
    assert len(outside.queue.scheduled) == 1  # the schedule goes on
    again = outside.run(step1, redelivered=True)  # SQS delivers the step again after its visibility timeout
    assert (again.outcome, again.sent, again.retry) == ("paged", 1, None)
    assert sorted(phone for phone, _ in outside.texter.sent) == ["+12135550100", "+12135550101"]
    assert len(outside.queue.scheduled) == 1  # not scheduled twice
    assert outside.run(step1, redelivered=True).sent == 0


def test_sns_down_for_every_phone_sends_nothing_twice_once_it_is_back() -> None:
    outside = Outside(urgent_lead())
    step1 = first_request(outside.lead_id, NOW)
    outside.texter.failures = [PageTransientError("InternalError"), PageTransientError("InternalError")]
    assert outside.run(step1).sent == 0
    for _ in range(3):
        outside.run(step1, redelivered=True)
    assert len(outside.texter.sent) == 2


def test_a_number_sns_refuses_for_good_is_counted_and_the_others_are_paged() -> None:
    outside = Outside(urgent_lead())
    outside.texter.failures = [PageRejected("InvalidParameter")]
    result = outside.run(first_request(outside.lead_id, NOW))
    assert (result.sent, result.refused, result.retry) == (1, ["InvalidParameter"], None)


def test_a_second_copy_of_a_step_is_dropped_and_an_overtaken_one_is_stale() -> None:
    outside = Outside(urgent_lead())
    step1 = first_request(outside.lead_id, NOW)
    outside.run(step1)
    assert outside.run(step1).outcome == "duplicate"  # put on the queue twice by a retried notifier
    step2, _ = outside.queue.scheduled[0]
    outside.run(step2)
    assert outside.run(step1, redelivered=True).outcome == "stale"
    assert len(outside.texter.sent) == 4 and len(outside.queue.scheduled) == 2


def test_pages_ignore_business_hours() -> None:
    sunday_3am = datetime(2026, 12, 13, 3, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    outside = Outside(urgent_lead())
    assert outside.run(first_request(outside.lead_id, sunday_3am)).sent == 2


def test_a_lead_caught_by_the_spam_trap_is_paged_marked_so() -> None:
    outside = Outside(urgent_lead(trapped=True))
    outside.run(first_request(outside.lead_id, NOW))
    assert all("caught by the spam trap: check" in text for _, text in outside.texter.sent)


def test_with_a_desk_the_page_links_to_the_lead_there() -> None:
    settings = make_settings(UrgentSettings, {"URGENT_PHONES": PHONES, "DESK_URL": "https://desk.practice.example/"})
    outside = Outside(urgent_lead(), settings)
    outside.run(first_request(outside.lead_id, NOW))
    assert outside.texter.sent[0][1].endswith(f"Open it: https://desk.practice.example/leads/{outside.lead_id}")


def test_paging_off_sends_nothing_and_a_lead_that_is_not_urgent_is_never_paged() -> None:
    off = Outside(urgent_lead(), make_settings(UrgentSettings))
    assert off.run(first_request(off.lead_id, NOW)).outcome == "off"
    calm = Outside(new_lead())
    assert calm.run(first_request(calm.lead_id, NOW)).outcome == "stopped"
    assert off.texter.sent == calm.texter.sent == []


def test_without_escalation_addresses_the_escalation_is_still_recorded_and_counted() -> None:
    settings = make_settings(UrgentSettings, {"URGENT_PHONES": PHONES, "URGENT_REPAGE_MAX": "0"})
    outside = Outside(urgent_lead(), settings)
    last = outside.run_all()[-1]
    assert (last.outcome, last.escalated, last.emailed) == ("escalated", True, None)
    assert outside.mailer.sent == []


def test_an_escalation_retried_after_ses_failed_is_emailed_once_and_counted_once() -> None:
    settings = make_settings(UrgentSettings, {"URGENT_PHONES": PHONES, "URGENT_REPAGE_MAX": "0", "ESCALATION_EMAILS": "m@practice.example"})
    outside = Outside(urgent_lead(), settings)
    outside.run(first_request(outside.lead_id, NOW))
    escalation, _ = outside.queue.scheduled[0]
    outside.mailer.failures = [MailTransientError("Throttling")]
    first = outside.run(escalation)
    assert first.escalated and isinstance(first.retry, MailTransientError)
    again = outside.run(escalation, redelivered=True)
    assert (again.outcome, again.escalated, again.emailed) == ("escalated", False, True)
    assert len(outside.mailer.sent) == 1
    assert outside.run(escalation).outcome == "duplicate"


# --- "I'm on it" from the link ----------------------------------------------------------------------


def test_the_link_confirms_then_records_im_on_it_once() -> None:
    lead = urgent_lead()
    store, keys = FakeLeads(lead), FakeLinkKeys(current=KEY)
    token = sign(lead.id, ACKNOWLEDGE, key=KEY, now=NOW)
    looked = look(token, keys=keys, store=store, now=NOW)
    assert (looked.outcome, looked.action, looked.urgent) == ("confirm", "acknowledge", True)
    assert store.leads[lead.id].acknowledged_at is None  # opening changes nothing
    pressed = record(token, keys=keys, store=store, now=NOW)
    assert (pressed.outcome, pressed.first_acknowledgement) == ("recorded", True)
    assert (store.leads[lead.id].acknowledged_at, store.leads[lead.id].acknowledged_by) == (utc_stamp(NOW), "coordinator")
    assert store.leads[lead.id].status == lead.status  # not a status
    again = record(token, keys=keys, store=store, now=NOW)
    assert (again.outcome, again.first_acknowledgement) == ("already", False)
    page = action_pages.for_result(pressed, ZoneInfo("America/Los_Angeles"))
    assert page.title == "Recorded: “I'm on it”" and "have stopped" in page.body and "URGENT" in page.body


def test_the_first_outcome_on_an_urgent_lead_nobody_had_is_its_acknowledgement() -> None:
    lead = urgent_lead(status="notified")
    store, keys = FakeLeads(lead), FakeLinkKeys(current=KEY)
    contacted = record(sign(lead.id, "contacted", key=KEY, now=NOW), keys=keys, store=store, now=NOW)
    assert (contacted.outcome, contacted.first_acknowledgement) == ("recorded", True)
    booked = record(sign(lead.id, "booked", key=KEY, now=NOW), keys=keys, store=store, now=NOW)
    assert (booked.outcome, booked.first_acknowledgement) == ("recorded", False)
    im_on_it = look(sign(lead.id, ACKNOWLEDGE, key=KEY, now=NOW), keys=keys, store=store, now=NOW)
    assert im_on_it.outcome == "already"
