"""One step of an urgent lead's paging, as the page queue delivers it: a page, or the escalation.

For every step the lead is read again (consistently). A lead someone has ("I'm on it", or an outcome
recorded), or that is no longer open, ends its paging there: nothing is sent and nothing scheduled.

A page (step n):
1. is claimed on the lead with a conditional write (`page_count` becomes n, only while nobody has the
   lead and page n was not claimed): a page due while someone presses "I'm on it" sends nothing;
2. goes to each on-call phone through the sent-message ledger under `page<n>[.<phone>]#<id>`, so a
   retry after one phone's failure texts only the phones still owed, and no page is sent twice;
3. puts the next step on the queue, due URGENT_REPAGE_MINUTES after this one's due time (the schedule
   runs from the first page, not from when a step ran), and records it (`page_scheduled`).
The step after the last re-page is the escalation: claimed once (`page_escalated_at`), emailed once to
ESCALATION_EMAILS (the ledger's `urgent-escalation#<id>`), and counted, which raises an alarm.

The queue delivers at least once, and a step retried after a failure is delivered again: a step whose
page is already claimed is carried on (the ledger sends only what is owed) when it is a redelivery,
and dropped as a duplicate when it is a first delivery (a second copy put on the queue by a retry).
Pages ignore business hours: an urgent lead is paged at 3 a.m. on a Sunday as at noon on a Monday.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from leadcapture.kernel.action_links import acknowledge_link, links_for
from leadcapture.kernel.coordinator_email import Notice, compose, local_time
from leadcapture.kernel.errors import (
    DuplicateInFlight,
    LeadCaptureError,
    MailRejected,
    MailTransientError,
    PageRejected,
    PageTransientError,
)
from leadcapture.kernel.open_leads import URGENT_ESCALATION_KIND, page_kind, page_ledger_key
from leadcapture.kernel.paging import PageLink, desk_link, needs_paging, page_text, seconds_between
from leadcapture.kernel.timestamps import parse_stamp, utc_stamp

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from leadcapture.kernel.lead import Lead
    from leadcapture.kernel.paging import Pager, PageRequest, StepKind
    from leadcapture.urgent.domain.ports import PageStore
    from leadcapture.urgent.settings import UrgentSettings as Settings

# paged / escalated: the step ran. stopped: someone has the lead, or it is closed. duplicate / stale: a
# second copy of a step, or a step overtaken by a later one. gone: no such lead. off: no URGENT_PHONES.
Outcome = Literal["paged", "escalated", "stopped", "duplicate", "stale", "gone", "off"]

ESCALATION_NOTICE = (
    "Urgent and nobody has it: the on-call phones were paged {pages} time(s) since {since} and nobody pressed"
    " “I'm on it”. Please make sure someone reaches out now, and press it."
)
ESCALATION_SUBJECT_PREFIX = "Unacknowledged: "


@dataclass(frozen=True, slots=True)
class Delivery:
    """A step as the queue delivered it: the request, the time it runs at, and whether it is a redelivery
    (a retry of a step that failed, or timed out, before)."""

    request: PageRequest
    now: datetime
    redelivered: bool = False


@dataclass
class StepResult:
    """What one step did, by lead id and error codes only (the handler counts and logs it)."""

    outcome: Outcome
    kind: StepKind
    # Texts sent by this run (the ledger's new sends), and the error codes of phones that refused for good.
    sent: int = 0
    refused: list[str] = field(default_factory=list)
    # Seconds from the lead's arrival to its first text, when this run sent it (once per lead).
    to_first_page: float | None = None
    # This run escalated the lead (once per lead); whether the escalation email went (None: nobody to email).
    escalated: bool = False
    emailed: bool | None = None
    # The next step's due time, when one is scheduled.
    next_due: str | None = None
    # A failure to retry the step for, after the rest of it was done (a phone, the queue, SES).
    retry: LeadCaptureError | None = None


def run_step(delivery: Delivery, *, store: PageStore, pager: Pager, settings: Settings) -> StepResult:
    """One step. StorageUnavailable raises (the step is retried); a failure after the step's claim is
    returned as `retry`, once everything else of the step was done."""
    request = delivery.request
    kind = request.kind(settings.urgent_repage_max)
    if not settings.urgent_phones:
        return StepResult("off", kind)
    lead = store.get(request.lead_id)
    if lead is None:
        return StepResult("gone", kind)
    if not needs_paging(lead):
        return StepResult("stopped", kind)
    if kind == "escalation":
        return _escalate(lead, delivery, store=store, pager=pager, settings=settings)
    return _page(lead, delivery, store=store, pager=pager, settings=settings)


def _page(lead: Lead, delivery: Delivery, *, store: PageStore, pager: Pager, settings: Settings) -> StepResult:
    number, at = delivery.request.step, utc_stamp(delivery.now)
    claimed = lead.page_count or 0
    if claimed > number:
        return StepResult("stale", "page")
    if claimed < number and not store.claim_page(lead.id, number, at=at):
        again = store.get(lead.id)
        if again is None:
            return StepResult("gone", "page")
        if not needs_paging(again):
            return StepResult("stopped", "page")
        if (again.page_count or 0) != number:
            return StepResult("stale", "page")
        claimed, lead = number, again
    if claimed == number and not delivery.redelivered:
        return StepResult("duplicate", "page")
    result = StepResult("paged", "page")
    link = _link(lead, delivery, pager, settings)
    text = page_text(lead, number=number, pages=settings.urgent_repage_max + 1, practice=settings.practice_name, link=link)
    for index, phone in enumerate(settings.urgent_phones):
        key = page_ledger_key(page_kind(number, index), lead.id)
        try:
            sent = _send_once(pager, key, _texting(pager, phone, text))
        except PageRejected as err:
            result.refused.append(err.code)
            continue
        except (PageTransientError, DuplicateInFlight) as err:
            result.retry = err
            continue
        result.sent += sent
        if sent and number == 1 and index == 0:
            result.to_first_page = seconds_between(lead.created_at, at)
    # The schedule goes on whatever SNS answered: the next page tries again.
    result.next_due, failed = _schedule_next(lead, delivery, store=store, pager=pager, settings=settings)
    result.retry = result.retry or failed
    return result


def _link(lead: Lead, delivery: Delivery, pager: Pager, settings: Settings) -> PageLink | None:
    if settings.desk_url:
        return PageLink(desk_link(settings.desk_url, lead.id), to_desk=True)
    url = acknowledge_link(lead.id, delivery.now, base_url=settings.actions_base_url, keys=pager.mailroom.link_keys)
    return PageLink(url) if url else None


def _texting(pager: Pager, phone: str, text: str) -> Callable[[], str]:
    return lambda: pager.texter.send(phone, text)


def _send_once(pager: Pager, key: str, send: Callable[[], str]) -> int:
    """Send through the ledger; 1 when this call sent it, 0 when it had been sent before."""
    fresh: list[str] = []

    def sending() -> str:
        fresh.append(key)
        return send()

    pager.mailroom.sent.send_once(key, sending)
    return len(fresh)


def _schedule_next(
    lead: Lead, delivery: Delivery, *, store: PageStore, pager: Pager, settings: Settings
) -> tuple[str | None, LeadCaptureError | None]:
    """Put the next step on the queue, once: (its due time, or None after the last; the failure, if any)."""
    following = delivery.request.next(repage_max=settings.urgent_repage_max, interval=settings.repage_interval)
    if following is None:
        return None, None
    if (lead.page_scheduled or 0) >= following.step:
        return following.due, None
    try:
        pager.queue.schedule(following, delay_seconds=following.delay_seconds(delivery.now))
        store.mark_page_scheduled(lead.id, following.step)
    except LeadCaptureError as err:
        return following.due, err
    return following.due, None


def _escalate(lead: Lead, delivery: Delivery, *, store: PageStore, pager: Pager, settings: Settings) -> StepResult:
    at = utc_stamp(delivery.now)
    result = StepResult("escalated", "escalation", escalated=store.claim_page_escalation(lead.id, at=at))
    if not result.escalated:
        again = store.get(lead.id)
        if again is None:
            return StepResult("gone", "escalation")
        if not needs_paging(again) or again.page_escalated_at is None:
            return StepResult("stopped", "escalation")
        if not delivery.redelivered:
            return StepResult("duplicate", "escalation")
        lead = again
    if not settings.escalation_emails:
        return result
    links, _ = links_for(lead.id, delivery.now, base_url=settings.actions_base_url, keys=pager.mailroom.link_keys, acknowledge=True)
    since = local_time(lead.paged_at or lead.created_at, settings.zone)
    pages, first = lead.page_count or 0, parse_stamp(lead.paged_at or lead.created_at)
    worded = (("pages", pages), ("since", first))
    notice = Notice(ESCALATION_NOTICE.format(pages=pages, since=since), ESCALATION_SUBJECT_PREFIX, "unacknowledged", worded)
    email = compose(lead, settings, links, to=settings.escalation_emails, notice=notice)
    try:
        pager.mailroom.sent.send_once(page_ledger_key(URGENT_ESCALATION_KIND, lead.id), lambda: pager.mailroom.mailer.send(email))
    except MailRejected:
        result.emailed = False
    except (MailTransientError, DuplicateInFlight) as err:
        result.retry = err
    else:
        result.emailed = True
    return result
