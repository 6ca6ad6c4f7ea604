"""Urgent pages through the local stack (issue 24): texts in /_local/sms, re-pages by POST /_local/tick or
on their own, "I'm on it" from a text's link, the escalation in the outbox.

A stack of its own: ticking an hour ahead would run every urgent lead's steps of a shared one.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from tests.e2e.conftest import RunningStack, lead_fields, stack_environment, start_stack, stop_stack

from leadcapture.kernel.lead import reference
from leadcapture.kernel.timestamps import parse_stamp, utc_stamp

if TYPE_CHECKING:
    from playwright.sync_api import Page

JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}
PHONES = ["+12135550100", "+12135550101"]
INTERVAL = timedelta(minutes=10)
CRISIS = "I don't want to live anymore and I have a plan."
LINK = re.compile(r"I'm on it: (http://\S+)$")


@pytest.fixture(scope="module")
def paging() -> Iterator[RunningStack]:
    env = stack_environment(URGENT_PHONES=",".join(PHONES), ESCALATION_EMAILS="manager@practice.example")
    running = start_stack("--port", "0", env=env)
    yield running
    assert stop_stack(running) == 0, running.console()


def post(stack: RunningStack, tag: str, **fields: str) -> str:
    answer = stack.request("POST", "/consultations", json.dumps({**lead_fields(tag, **fields), "consent": True}).encode(), JSON_HEADERS)
    assert answer.status == 201, answer
    return str(answer.json()["id"])


def texts_about(stack: RunningStack, lead_id: str) -> list[dict[str, str]]:
    """The texts about one lead (found by its reference), oldest first."""
    marker = f"ref {reference(lead_id)}"
    return [t for t in reversed(stack.get_json("/_local/sms")) if marker in t["text"]]


def wait_for_texts(stack: RunningStack, lead_id: str, count: int, timeout: float = 10.0) -> list[dict[str, str]]:
    """The texts about one lead once there are at least `count` (what there is at the timeout otherwise)."""

    def enough() -> list[dict[str, str]]:
        found = texts_about(stack, lead_id)
        return found if len(found) >= count else []

    return list(stack.wait_for(enough, timeout)) or texts_about(stack, lead_id)


def tick(stack: RunningStack, now: datetime) -> dict[str, Any]:
    answer = stack.request("POST", "/_local/tick", json.dumps({"now": now.isoformat()}).encode(), JSON_HEADERS)
    assert answer.status == 200, answer
    document: dict[str, Any] = answer.json()
    return document


def steps_for(report: dict[str, Any], lead_id: str) -> list[str]:
    return [step["step"] for step in report["pages"] if step["lead_id"] == lead_id]


def lead(stack: RunningStack, lead_id: str) -> dict[str, Any]:
    (found,) = [lead for lead in stack.get_json("/_local/leads") if lead["id"] == lead_id]
    return dict(found)


def test_an_urgent_post_texts_every_on_call_phone_within_5_seconds_of_the_answer(paging: RunningStack, tag: str) -> None:
    started = time.monotonic()
    lead_id = post(paging, tag, message=f"{CRISIS} {tag}")
    answered = time.monotonic()
    texts = wait_for_texts(paging, lead_id, len(PHONES), timeout=5.0)
    texted = time.monotonic()
    assert sorted(t["to"] for t in texts) == PHONES, texts
    assert texted - answered < 5.0, f"the first page came {texted - answered:.2f} s after the answer"
    print(f"first page {texted - answered:.2f} s after the answer ({texted - started:.2f} s after the post)")
    for text in texts:
        assert set(text) >= {"to", "text", "time"}
        assert text["text"].startswith(f"Lakeside Counseling: urgent consultation request, ref {reference(lead_id)}. I'm on it: http://")
        assert tag not in text["text"] and "Sam" not in text["text"] and "live" not in text["text"]
        parse_stamp(text["time"])
    # The console names lead ids and steps, never a text's link (a capability) nor a number.
    token = urlsplit(LINK.search(texts[0]["text"])[1]).path.rsplit("/", 1)[1]  # type: ignore[index]
    assert token not in paging.console() and PHONES[1] not in paging.console()


def test_unacknowledged_it_is_texted_exactly_max_times_more_on_time_then_escalated_once(paging: RunningStack, tag: str) -> None:
    lead_id = post(paging, tag, message=f"{CRISIS} {tag}")
    wait_for_texts(paging, lead_id, len(PHONES))
    first = lead(paging, lead_id)
    created, paged_at = parse_stamp(first["created_at"]), parse_stamp(first["paged_at"])
    assert first["page_count"] == 1

    # Step 2 is due one interval after step 1 was put on the queue (between the capture and the first text).
    assert steps_for(tick(paging, created + INTERVAL - timedelta(seconds=1)), lead_id) == []
    assert steps_for(tick(paging, paged_at + INTERVAL), lead_id) == ["2"]
    due = parse_stamp(lead(paging, lead_id)["last_paged_at"])  # a ticked step runs as of its due time
    assert created + INTERVAL <= due <= paged_at + INTERVAL
    for step in ("3", "4"):
        assert steps_for(tick(paging, due + INTERVAL - timedelta(milliseconds=1)), lead_id) == []
        due += INTERVAL
        assert steps_for(tick(paging, due), lead_id) == [step]
        assert lead(paging, lead_id)["last_paged_at"] == utc_stamp(due)
    assert len(texts_about(paging, lead_id)) == 4 * len(PHONES)
    assert [re.search(r"\(page (\d) of 4", t["text"]) is not None for t in texts_about(paging, lead_id)] == [False] * 2 + [True] * 6

    # One interval after the last text, nobody having it: the escalation, once, and no more texts.
    assert steps_for(tick(paging, due + INTERVAL - timedelta(milliseconds=1)), lead_id) == []
    assert steps_for(tick(paging, due + INTERVAL), lead_id) == ["5"]
    assert steps_for(tick(paging, due + 6 * INTERVAL), lead_id) == []
    assert len(texts_about(paging, lead_id)) == 4 * len(PHONES)
    stored = lead(paging, lead_id)
    assert (stored["page_count"], stored["page_escalated_at"]) == (4, utc_stamp(due + INTERVAL))
    escalations = [e for e in paging.emails_with(tag) if e["subject"].startswith("[URGENT] Unacknowledged: ")]
    assert [e["to"] for e in escalations] == [["manager@practice.example"]]
    assert "paged 4 time(s)" in escalations[0]["text"] and "I'm on it" in escalations[0]["text"]


def test_pressing_im_on_it_from_the_text_stops_every_further_page(paging: RunningStack, tag: str) -> None:
    lead_id = post(paging, tag, message=f"{CRISIS} {tag}")
    (text, *_) = wait_for_texts(paging, lead_id, len(PHONES))
    link = LINK.search(text["text"])[1]  # type: ignore[index]
    path = urlsplit(link).path
    confirm = paging.request("GET", path)
    assert confirm.status == 200 and "Record “I&#x27;m on it”?" in confirm.text and "URGENT" in confirm.text
    assert lead(paging, lead_id).get("acknowledged_at") is None  # opening the link changes nothing
    pressed = paging.request("POST", path, b"", FORM_HEADERS)
    assert pressed.status == 200 and "have stopped" in pressed.text
    stored = lead(paging, lead_id)
    assert stored["acknowledged_by"] == "coordinator" and stored["status"] in {"notified", "delivered"}

    report = tick(paging, parse_stamp(stored["paged_at"]) + 8 * INTERVAL)
    assert steps_for(report, lead_id) == ["2"]  # the step came due, found someone has it, and ended the chain
    assert len(texts_about(paging, lead_id)) == len(PHONES)
    assert lead(paging, lead_id)["page_count"] == 1 and "page_escalated_at" not in lead(paging, lead_id)
    assert not [e for e in paging.emails_with(tag) if "Unacknowledged" in e["subject"]]
    assert "Already recorded" in paging.request("POST", path, b"", FORM_HEADERS).text


def test_a_lead_that_is_not_urgent_pages_nobody(paging: RunningStack, tag: str) -> None:
    lead_id = post(paging, tag)
    paging.notified_lead(tag)
    tick(paging, datetime.now().astimezone() + 8 * INTERVAL)
    assert texts_about(paging, lead_id) == []
    assert not {"paged_at", "page_count", "page_scheduled"} & set(lead(paging, lead_id))


def test_an_urgent_request_caught_by_the_spam_trap_is_paged_marked_so(paging: RunningStack, tag: str) -> None:
    lead_id = post(paging, tag, message=f"{CRISIS} {tag}", website="http://autofill.example")
    assert lead(paging, lead_id)["trapped"] is True
    texts = wait_for_texts(paging, lead_id, len(PHONES))
    assert all(", caught by the spam trap: check. I'm on it: " in t["text"] for t in texts)


def test_the_texts_page_shows_each_text_with_its_link(paging: RunningStack, tag: str) -> None:
    lead_id = post(paging, tag, message=f"{CRISIS} {tag}")
    wait_for_texts(paging, lead_id, len(PHONES))
    html = paging.request("GET", "/_local/sms", headers={"Accept": "text/html"}).text
    assert "<h1>Text messages</h1>" in html and f"ref {reference(lead_id)}" in html and 'target="_blank"' in html


@pytest.mark.browser
def test_im_on_it_pressed_in_a_browser_stops_the_pages(paging: RunningStack, tag: str, page: Page) -> None:
    lead_id = post(paging, tag, message=f"{CRISIS} {tag}")
    (text, *_) = wait_for_texts(paging, lead_id, len(PHONES))
    page.goto(LINK.search(text["text"])[1])  # type: ignore[index]
    page.get_by_role("button", name="Record “I'm on it”").click()
    assert page.locator("h1").inner_text() == "Recorded: “I'm on it”"
    tick(paging, parse_stamp(lead(paging, lead_id)["paged_at"]) + 8 * INTERVAL)
    assert len(texts_about(paging, lead_id)) == len(PHONES)


def test_re_pages_come_on_their_own_when_due() -> None:
    # A minute is too long to wait in a test: 0.03 minutes (1.8 s) between texts, one re-page.
    env = stack_environment(URGENT_PHONES=PHONES[0], URGENT_REPAGE_MINUTES="0.03", URGENT_REPAGE_MAX="1")
    running = start_stack("--port", "0", env=env)
    try:
        answer = running.request(
            "POST", "/consultations", json.dumps({**lead_fields("own"), "message": CRISIS, "consent": True}).encode(), JSON_HEADERS
        )
        lead_id = str(answer.json()["id"])
        texts = wait_for_texts(running, lead_id, 2, timeout=10.0)
        first, second = (parse_stamp(t["time"]) for t in texts[:2])
        assert timedelta(seconds=1.5) <= second - first <= timedelta(seconds=4), (first, second)
        escalated = running.wait_for(lambda: lead(running, lead_id).get("page_escalated_at"), timeout=10.0)
        assert escalated and lead(running, lead_id)["page_count"] == 2
        # The console line comes when the invocation has returned, a moment after its write.
        assert running.wait_for(lambda: f"page queue: step 3 of lead {lead_id} ran" in running.console())
    finally:
        assert stop_stack(running) == 0, running.console()
