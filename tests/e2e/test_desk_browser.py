"""The desk in Chromium, through the local stack (issue 21's end-to-end must-show).

A coordinator signs in with password and authenticator code; a lead posted through the form is in
the inbox, unread, under the urgent one; opening it reads it; a note and "Contacted" are recorded
and the history says who and when; the same lead's email link still works and the desk shows its
result; signing out leaves nothing behind the back button or the old cookie. axe-core finds no
serious or critical violation on the sign-in, inbox and lead pages; the actions are pressed from
the keyboard; the inbox fits 360 px. The bad-input and header-injection corpora, shown on lead
pages, run no script.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from infra.local.users import totp_code
from tests import personal_data
from tests.e2e.conftest import RunningStack, lead_fields, stack_environment, start_stack, stop_stack
from tests.e2e.test_action_links_http import LINK
from tests.e2e.test_browser import fill
from tests.e2e.test_browser_languages import serious_violations
from tests.integration.test_header_injection import INJECTIONS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Dialog, Page

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
# What a script would do if one ran: the tests look for these traces.
SCRIPTS = [
    "<script>window.__ran = 1</script>",
    '"><img src=x onerror="window.__ran=1">',
    "</textarea><script>window.__ran=1</script>",
    "<svg onload=window.__ran=1>",
    "{{ 7 * 7 }} {% raw %}",
    "javascript:window.__ran=1",
    "<iframe srcdoc='<script>parent.__ran=1</script>'></iframe>",
]


@pytest.fixture(scope="module")
def desk_stack() -> Iterator[RunningStack]:
    # Its own stack: the corpus posts more leads than the per-source hourly limit allows.
    running = start_stack("--port", "0", env=stack_environment(RATE_LIMIT_PER_HOUR="0"))
    yield running
    assert stop_stack(running) == 0, running.console()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    # The desk's CSP refuses every script, axe-core's too: these pages run it with the CSP set aside,
    # so a value that escaped its escaping would run here as well (the CSP is the second wall).
    made = browser.new_context(viewport={"width": 1000, "height": 900}, bypass_csp=True)
    yield made
    made.close()


def user(stack: RunningStack, role: str = "coordinator") -> dict[str, str]:
    (found,) = [u for u in stack.get_json("/_local/users") if u["role"] == role]
    return dict(found)


def sign_in(page: Page, stack: RunningStack, person: dict[str, str]) -> None:
    """Email, Password, Sign in, then the authenticator's Code and Verify: from the keyboard."""
    page.goto(stack.url + "/desk/")
    page.get_by_label("Email").fill(person["email"])
    page.get_by_label("Password").fill(person["password"])
    page.get_by_role("button", name="Sign in").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Code").wait_for()
    page.get_by_label("Code").fill(totp_code(person["totp_secret"]))
    page.get_by_role("button", name="Verify").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="Inbox").wait_for()


def post_json(stack: RunningStack, fields: dict[str, Any]) -> None:
    body = json.dumps(fields).encode()
    answer = stack.request("POST", "/consultations", body, {"Content-Type": "application/json", "Origin": stack.url})
    assert answer.status == 201, answer


def lead_id(stack: RunningStack, tag: str) -> str:
    leads = stack.wait_for(lambda: stack.leads_with(tag))
    assert len(leads) == 1, leads
    return str(leads[0]["id"])


def test_a_coordinator_works_a_lead_at_the_desk(desk_stack: RunningStack, context: BrowserContext, tag: str, output_dir: Path) -> None:
    stack = desk_stack
    page = context.new_page()
    # A lead through the form (the browser), and an urgent one that came in after it.
    page.goto(stack.url + "/")
    typed = lead_fields(tag + "o", first_name="Robin", last_name="Quinn")
    personal_data.remember_values(*typed.values(), "Robin Quinn", f"Left a voicemail Tuesday. {tag}")
    fill(page, typed)
    page.click("button[type=submit]")
    page.wait_for_selector("#thanks:not([hidden])")
    post_json(stack, {**lead_fields(tag + "u", first_name="Alex", last_name="Umber"), "consent": True,
                      "message": f"I keep thinking about suicide. {tag}u"})  # fmt: skip
    ordinary, urgent = lead_id(stack, tag + "o"), lead_id(stack, tag + "u")

    # Every desk page without a session leads to the sign-in page.
    page.goto(stack.url + f"/desk/leads/{ordinary}")
    assert urlsplit(page.url).path == "/desk/sign-in"
    assert serious_violations(page) == []
    # Signing in now would open that lead (test_email_detail_browser.py); this one starts at the inbox.
    context.clear_cookies()
    person = user(stack)
    sign_in(page, stack, person)
    assert serious_violations(page) == []

    # The urgent lead on top, the form's lead among the open ones; both unread.
    urgent_table = page.locator("table.leads").first
    assert "Urgent" in urgent_table.locator("caption").inner_text()
    assert urgent_table.locator("tr", has_text="Alex U.").count() == 1
    row = page.locator("table.leads tr", has_text="Robin Q.")
    assert row.count() == 1 and "Unread" in row.inner_text()
    page.screenshot(path=str(output_dir / "desk-inbox.png"), full_page=True)

    # 360 px wide: nothing wider than the screen.
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(output_dir / "desk-inbox-360.png"), full_page=True)
    page.set_viewport_size({"width": 1000, "height": 900})

    # Open it from the keyboard: it is read from now on.
    row.get_by_role("link", name="Robin Q.").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1).wait_for()
    assert urlsplit(page.url).path == f"/desk/leads/{ordinary}"
    assert page.get_by_text(f"Looking for help with stress at work. {tag}o").is_visible()
    assert serious_violations(page) == []

    # A note, then Contacted: both from the keyboard.
    page.get_by_role("textbox", name="Note").fill(f"Left a voicemail Tuesday. {tag}")
    page.get_by_role("button", name="Add note").focus()
    page.keyboard.press("Enter")
    page.get_by_role("status").wait_for()
    notes = page.locator("ol.notes").inner_text()
    assert f"Left a voicemail Tuesday. {tag}" in notes and person["name"] in notes
    page.get_by_role("button", name="Contacted", exact=True).focus()
    page.keyboard.press("Enter")
    page.get_by_role("status").wait_for()
    history = page.locator("ol.history").inner_text()
    assert re.search(rf"Contacted, \w{{3}} \d+ \w{{3}} \d{{4}}, \d\d:\d\d, by {person['name']} \(the desk\)", history), history
    assert serious_violations(page) == []
    page.screenshot(path=str(output_dir / "desk-lead.png"), full_page=True)
    page.goto(stack.url + "/desk/inbox")
    assert page.locator("table.leads tr", has_text="Robin Q.").count() == 0  # no longer open
    page.goto(stack.url + "/desk/inbox?show=contacted")
    contacted = page.locator("table.leads tr", has_text="Robin Q.")
    assert contacted.count() == 1 and "Unread" not in contacted.inner_text()

    # The urgent lead's email link still works, and the desk shows what it recorded.
    emails = [e for e in stack.emails_with(tag + "u") if e["html"]]
    links = {unescape(label): unescape(url) for url, label in LINK.findall(emails[0]["html"])}
    done = stack.request("POST", urlsplit(links["Consultation booked"]).path, b"", {"Content-Type": "application/x-www-form-urlencoded"})
    assert done.status == 200, done
    page.goto(stack.url + f"/desk/leads/{urgent}")
    assert "Booked" in page.locator("dl.facts").first.inner_text()
    assert "by an email link" in page.locator("ol.history").inner_text()

    # Sign out: the back button and the old cookie show nothing.
    cookie = next(c for c in context.cookies() if c["name"] == "desk")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    page.get_by_role("button", name="Sign out").focus()
    page.keyboard.press("Enter")
    page.get_by_text("You are signed out.").wait_for()
    page.go_back()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/desk/sign-in"
    assert tag not in page.content() and "Booked" not in page.content()
    old = stack.request("GET", f"/desk/leads/{urgent}", headers={"Cookie": f"desk={cookie['value']}"})
    assert old.status == 303 and old.headers["location"].startswith("/desk/sign-in")
    assert tag.encode() not in old.body


def test_the_bad_input_and_injection_corpora_run_no_script_on_a_lead_page(
    desk_stack: RunningStack, context: BrowserContext, tag: str
) -> None:
    stack = desk_stack
    values = [*SCRIPTS, *INJECTIONS]
    for i, value in enumerate(values):
        fields: dict[str, Any] = {**lead_fields(f"{tag}x{i}"), "consent": True, "message": f"{value} {tag}x{i}"}
        fields["utm_campaign"] = value[:300].replace("\r", " ").replace("\n", " ").replace("\x00", " ").replace("\u2028", " ")
        fields["utm_campaign"] = fields["utm_campaign"].replace("\u0085", " ")
        body = json.dumps(fields).encode()
        answer = stack.request("POST", "/consultations", body, {"Content-Type": "application/json", "Origin": stack.url})
        assert answer.status in {201, 422}, (i, answer)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    sign_in(page, stack, user(stack, "manager"))
    shown = 0
    for i in range(len(values)):
        found = stack.leads_with(f"{tag}x{i} ") or [lead for lead in stack.leads_with(f"{tag}x{i}") if lead["message"].endswith(f"x{i}")]
        for lead in found:
            page.goto(stack.url + f"/desk/leads/{lead['id']}")
            message = page.locator("dd.message")
            assert message.inner_text().strip().endswith(f"{tag}x{i}")
            # Text, not markup: no element came out of the value, and nothing ran.
            assert message.locator("*").count() == 0
            assert page.evaluate("document.scripts.length") == 0
            assert page.evaluate("window.__ran === undefined && (window.parent.__ran === undefined)")
            shown += 1
    assert shown >= len(SCRIPTS)
    assert dialogs == []


def test_a_wrong_password_is_refused_without_saying_which(desk_stack: RunningStack, context: BrowserContext) -> None:
    page = context.new_page()
    page.goto(desk_stack.url + "/desk/sign-in")
    page.get_by_label("Email").fill("nobody@practice.example")
    page.get_by_label("Password").fill("Not-the-password-1!")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("alert").wait_for()
    assert "do not match" in page.get_by_role("alert").inner_text()
    assert serious_violations(page) == []
