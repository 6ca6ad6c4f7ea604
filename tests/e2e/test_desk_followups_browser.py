"""The desk's "I'm on it" and the close note in Chromium, through the local stack (issues 23 and 24 at the desk).

An urgent lead is texted to the on-call phones; a coordinator signs in, sees it marked "nobody has
it yet", opens it and presses "I'm on it" from the keyboard: the next paging step (POST /_local/tick)
sends no text. A lead set to "not a fit" at the desk offers the referral note; pressing it records
the request, and the person function sends the note (the outbox). axe-core finds no serious or
critical violation on either page, before and after each press.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from tests import personal_data
from tests.e2e.conftest import RunningStack, lead_fields, stack_environment, start_stack, stop_stack
from tests.e2e.test_browser_languages import serious_violations
from tests.e2e.test_desk_browser import sign_in, user
from tests.e2e.test_urgent_pages_http import CRISIS, INTERVAL, PHONES, lead, steps_for, texts_about, tick, wait_for_texts

from leadcapture.kernel.timestamps import parse_stamp

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser
JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}


@pytest.fixture(scope="module")
def desk_paging() -> Iterator[RunningStack]:
    # A stack of its own: a tick runs every urgent lead's due steps.
    running = start_stack("--port", "0", env=stack_environment(URGENT_PHONES=",".join(PHONES)))
    yield running
    assert stop_stack(running) == 0, running.console()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    # axe-core is a script, and the desk's CSP allows none: the pages are checked with the CSP set aside.
    made = browser.new_context(viewport={"width": 1000, "height": 900}, bypass_csp=True)
    yield made
    made.close()


def post(stack: RunningStack, tag: str, **fields: str) -> str:
    values = {**lead_fields(tag, **fields), "consent": True}
    personal_data.remember_values(*(v for v in values.values() if isinstance(v, str)))
    answer = stack.request("POST", "/consultations", json.dumps(values).encode(), JSON_HEADERS)
    assert answer.status == 201, answer
    return str(answer.json()["id"])


def press(page: Page, name: str) -> None:
    """A button of the page, from the keyboard; then the page it leads to says what was done."""
    page.get_by_role("button", name=name, exact=True).focus()
    page.keyboard.press("Enter")
    page.get_by_role("status").wait_for()


def test_im_on_it_at_the_desk_stops_the_next_page(desk_paging: RunningStack, context: BrowserContext, tag: str, output_dir: Path) -> None:
    stack = desk_paging
    lead_id = post(stack, tag, first_name="Alex", last_name="Umber", message=f"{CRISIS} {tag}", preferred_contact="text", sms_consent="on",
                   voicemail_ok="no", best_time="evening")  # fmt: skip
    wait_for_texts(stack, lead_id, len(PHONES))
    person = user(stack)
    page = context.new_page()
    sign_in(page, stack, person)
    row = page.locator("table.leads tr", has_text="Alex U.")
    assert "URGENT · nobody has it yet" in row.inner_text()
    assert serious_violations(page) == []

    row.get_by_role("link", name="Alex U.").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1).wait_for()
    assert urlsplit(page.url).path == f"/desk/leads/{lead_id}"
    reach = page.locator("section.reach").inner_text()
    assert "Prefers text · no voicemail · evenings" in reach
    pages = page.locator("section", has=page.get_by_role("heading", name="Text messages to the on-call phones")).inner_text()
    assert "Texted to the on-call phones once" in pages and "Nobody has it yet." in pages
    assert serious_violations(page) == []
    page.screenshot(path=str(output_dir / "desk-urgent.png"), full_page=True)

    press(page, "I'm on it")
    assert "Its text messages to the on-call phones have stopped" in page.get_by_role("status").inner_text()
    assert page.get_by_role("button", name="I'm on it").count() == 0
    assert f"pressed by {person['name']} at the desk" in page.locator("main").inner_text()
    assert serious_violations(page) == []
    stored = lead(stack, lead_id)
    assert stored["acknowledged_by"] == person["name"] and stored["page_count"] == 1

    # The next paging step comes due, finds someone has it, and sends nothing; nor does any after it.
    report = tick(stack, parse_stamp(stored["paged_at"]) + 8 * INTERVAL)
    assert steps_for(report, lead_id) == ["2"]
    assert len(texts_about(stack, lead_id)) == len(PHONES)
    assert lead(stack, lead_id)["page_count"] == 1 and "page_escalated_at" not in lead(stack, lead_id)
    page.goto(stack.url + "/desk/inbox")
    assert "nobody has it yet" not in page.locator("table.leads tr", has_text="Alex U.").inner_text()
    # Its console says ids and outcomes, never the person.
    console = stack.console()
    assert f"sam.{tag}@example.com" not in console and CRISIS not in console


def to_person(stack: RunningStack, tag: str) -> list[dict[str, Any]]:
    return list(stack.wait_for(lambda: [e for e in stack.get_json("/_local/outbox") if e["to"] == [f"sam.{tag}@example.com"]]))


def test_not_a_fit_at_the_desk_offers_the_referral_note_and_the_person_function_sends_it(
    desk_paging: RunningStack, context: BrowserContext, tag: str
) -> None:
    stack = desk_paging
    lead_id = post(stack, tag, first_name="Robin", last_name="Quinn")
    stack.notified_lead(tag)
    person = user(stack)
    page = context.new_page()
    sign_in(page, stack, person)
    page.goto(stack.url + f"/desk/leads/{lead_id}")
    assert page.get_by_role("button", name="Send them the referral note").count() == 0  # open: nothing to offer
    press(page, "Not a fit")
    note = page.locator("section", has=page.get_by_role("heading", name="Note to them"))
    assert "1-800-662-4357" in note.inner_text()
    assert serious_violations(page) == []

    press(page, "Send them the referral note")
    assert "The note to them is on its way" in page.get_by_role("status").inner_text()
    assert page.get_by_role("button", name="Send them the referral note").count() == 0
    assert serious_violations(page) == []
    [sent] = to_person(stack, tag)
    assert sent["subject"] == "About your request" and "1-800-662-4357" in str(sent["text"])
    stored = stack.wait_for(lambda: [x for x in stack.leads_with(tag) if x.get("close_note_sent_at")])[0]
    events = [(c["event"], c.get("who")) for c in stored["history"] if "event" in c]
    assert events == [("close_note_requested", person["name"]), ("close_note_sent", None)]
    page.reload()
    history = page.locator("ol.history").inner_text()
    assert "Note to them asked for" in history and f"by {person['name']} (the desk)" in history and "Note to them sent" in history
    assert "Sent " in page.locator("section", has=page.get_by_role("heading", name="Note to them")).inner_text()
    assert serious_violations(page) == []
    assert len(to_person(stack, tag)) == 1
