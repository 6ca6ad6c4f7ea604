"""The example form in a real browser (Debian's chromium driven by Playwright) against the local stack.

With JavaScript on and off: fill and submit, see the thank-you state, the field errors of a bad
email, the crisis resources for a crisis message, and the email in the outbox with the right
Reply-To. Screenshots of the form and the outbox go to test-output/ for people to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from tests.e2e.conftest import RunningStack, lead_fields

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def fill(page: Page, fields: dict[str, str]) -> None:
    for name in ("first_name", "last_name", "email", "phone", "message"):
        page.fill(f"#{name}", fields[name])
    for name in ("preferred_contact", "best_time", "session_for"):
        page.check(f"input[name={name}][value={fields[name]}]")
    page.check("#consent")


def email_for(stack: RunningStack, tag: str) -> dict[str, Any]:
    emails = stack.emails_with(tag)
    assert len(emails) == 1, emails
    return emails[0]


def test_form_with_javascript_shows_thanks_and_the_email_reaches_the_outbox(
    stack: RunningStack, page: Page, tag: str, output_dir: Path
) -> None:
    page.goto(stack.url + "/?utm_source=newsletter")
    fields = lead_fields(tag)
    fill(page, fields)
    page.screenshot(path=str(output_dir / "form.png"), full_page=True)
    page.click("button[type=submit]")

    page.wait_for_selector("#thanks:not([hidden])")
    assert page.is_hidden("#consultation")
    assert page.is_hidden("#crisis-now")
    assert page.evaluate("document.activeElement.id") == "thanks"

    email = email_for(stack, tag)
    assert email["reply_to"] == fields["email"]
    assert email["subject"] == "New consultation request: Sam R."
    lead = stack.leads_with(tag)[0]
    assert lead["attribution"]["utm_source"] == "newsletter"
    assert lead["attribution"]["page_url"] == stack.url + "/?utm_source=newsletter"

    page.goto(stack.url + "/_local/outbox")
    assert page.get_by_text("New consultation request: Sam R.").first.is_visible()
    page.screenshot(path=str(output_dir / "outbox.png"), full_page=True)


def test_form_without_javascript_posts_and_follows_to_the_thank_you_page(stack: RunningStack, page_without_js: Page, tag: str) -> None:
    page = page_without_js
    page.goto(stack.url + "/")
    fields = lead_fields(tag)
    fill(page, fields)
    page.click("button[type=submit]")

    page.wait_for_url(stack.url + "/thank-you")
    assert page.get_by_role("heading", name="Thank you. Your request was received.").is_visible()
    assert page.is_hidden("#crisis-now")
    assert email_for(stack, tag)["reply_to"] == fields["email"]


def test_a_bad_email_is_shown_next_to_its_field(stack: RunningStack, page: Page, tag: str) -> None:
    page.goto(stack.url + "/")
    fill(page, lead_fields(tag, email="sam@@example"))
    page.click("button[type=submit]")

    error = page.wait_for_selector("#error-email")
    assert error is not None and error.is_visible()
    assert "valid email address" in error.inner_text()
    email = page.locator("#email")
    assert email.get_attribute("aria-invalid") == "true"
    assert "error-email" in (email.get_attribute("aria-describedby") or "").split()
    assert page.evaluate("document.activeElement.id") == "email"
    assert page.is_visible("#consultation")
    assert stack.leads_with(tag) == []

    page.fill("#email", f"sam.{tag}@example.com")
    page.click("button[type=submit]")
    page.wait_for_selector("#thanks:not([hidden])")
    assert page.locator("#email").get_attribute("aria-invalid") is None
    assert len(stack.leads_with(tag)) == 1


def test_a_crisis_message_shows_the_crisis_resources_at_once(stack: RunningStack, page: Page, tag: str) -> None:
    page.goto(stack.url + "/")
    fill(page, lead_fields(tag, message=f"I keep thinking about suicide. {tag}"))
    page.click("button[type=submit]")

    crisis = page.wait_for_selector("#crisis-now:not([hidden])")
    assert crisis is not None
    assert "988" in crisis.inner_text()
    assert page.locator("#crisis-now a[href='tel:988']").count() == 1
    assert page.locator("#crisis-now a[href='tel:911']").count() == 1
    assert email_for(stack, tag)["subject"].startswith("[URGENT] ")


def test_a_crisis_message_without_javascript_lands_on_the_crisis_thank_you_page(
    stack: RunningStack, page_without_js: Page, tag: str
) -> None:
    page = page_without_js
    page.goto(stack.url + "/")
    fill(page, lead_fields(tag, message=f"I have been hurting myself. {tag}"))
    page.click("button[type=submit]")

    page.wait_for_url(stack.url + "/thank-you?crisis=1")
    assert page.is_visible("#crisis-now")
    assert "988" in page.inner_text("#crisis-now")


def test_a_double_click_stores_one_lead(stack: RunningStack, page: Page, tag: str) -> None:
    page.goto(stack.url + "/")
    fill(page, lead_fields(tag))
    page.dblclick("button[type=submit]")
    page.wait_for_selector("#thanks:not([hidden])")
    assert len(stack.leads_with(tag)) == 1


def test_the_form_is_accessible_and_always_shows_the_crisis_line(stack: RunningStack, page: Page) -> None:
    page.goto(stack.url + "/")
    unlabelled = page.evaluate(
        """() => Array.from(document.querySelectorAll('input:not([type=hidden]), textarea, select'))
             .filter(el => !el.closest('.hp') && el.labels.length === 0).map(el => el.name)"""
    )
    assert unlabelled == []
    for group in ("preferred_contact", "best_time", "session_for"):
        assert page.locator(f"fieldset:has(input[name={group}]) > legend").count() == 1
    autocomplete = {name: page.get_attribute(f"#{name}", "autocomplete") for name in ("first_name", "last_name", "email", "phone")}
    assert autocomplete == {"first_name": "given-name", "last_name": "family-name", "email": "email", "phone": "tel"}

    honeypot = page.locator("#website")
    assert honeypot.get_attribute("autocomplete") == "off"
    assert honeypot.get_attribute("tabindex") == "-1"
    assert page.locator(".hp").get_attribute("aria-hidden") == "true"
    assert not honeypot.is_visible() or page.evaluate("document.querySelector('#website').getBoundingClientRect().right < 0")

    notice = "If you are in crisis, call or text 988, or call 911. This form is not monitored around the clock."
    assert page.get_by_text(notice).is_visible()
    assert page.locator("a[href^='tel:+1']").first.is_visible()

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


def test_the_coordinator_records_contact_from_the_outbox_email(stack: RunningStack, page: Page, tag: str, output_dir: Path) -> None:
    """A lead is emailed; "I've contacted them" opened from the outbox shows a confirmation page that
    changes nothing; its button records the status, which the leads viewer then shows with its history."""
    page.goto(stack.url + "/")
    fill(page, lead_fields(tag))
    page.click("button[type=submit]")
    page.wait_for_selector("#thanks:not([hidden])")
    email_for(stack, tag)
    lead = stack.notified_lead(tag)

    page.goto(stack.url + "/_local/outbox")
    email = page.frame_locator(f"article:has(pre:has-text('{tag}')) iframe")
    with page.context.expect_page() as opened:
        email.get_by_role("link", name="I've contacted them").click()
    confirm = opened.value
    confirm.wait_for_load_state()
    assert confirm.url.startswith(stack.url + "/actions/")
    heading = confirm.get_by_role("heading", level=1)
    assert heading.inner_text() == "Record “I've contacted them”?"
    button = confirm.get_by_role("button", name="Record “I've contacted them”")
    assert button.is_visible()
    assert stack.leads_with(tag) == [lead]  # opening the link changed nothing
    confirm.screenshot(path=str(output_dir / "action-confirm.png"), full_page=True)

    button.focus()
    assert confirm.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("none", "")
    button.click()
    confirm.wait_for_load_state()
    assert confirm.get_by_role("heading", level=1).inner_text() == "Recorded: “I've contacted them”"
    confirm.screenshot(path=str(output_dir / "action-recorded.png"), full_page=True)

    (after,) = stack.leads_with(tag)
    assert after["status"] == "contacted"
    assert [(c["status"], c["by"]) for c in after["history"]][-1] == ("contacted", "coordinator")
    page.goto(stack.url + "/_local/leads")
    row = page.locator("tr", has_text=tag)
    assert "contacted" in row.locator("td").nth(1).inner_text()
    assert "contacted" in row.locator("td").nth(2).inner_text() and "coordinator" in row.locator("td").nth(2).inner_text()


def test_a_changed_action_link_is_refused_in_the_browser_without_javascript(stack: RunningStack, page_without_js: Page, tag: str) -> None:
    import re

    page = page_without_js
    page.goto(stack.url + "/")
    fill(page, lead_fields(tag))
    page.click("button[type=submit]")
    page.wait_for_url(stack.url + "/thank-you")
    url = re.findall(r"http://\S+/actions/[A-Za-z0-9_-]{56}", email_for(stack, tag)["text"])[2]
    lead = stack.notified_lead(tag)

    changed = url[:-1] + ("A" if url[-1] != "A" else "B")
    answer = page.goto(changed)
    assert answer is not None and answer.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "This link is not valid"
    assert page.locator("button").count() == 0
    assert stack.leads_with(tag) == [lead]

    page.goto(url)  # the real one works with JavaScript off: a plain form post
    page.get_by_role("button").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Recorded: “Not a fit”"
    assert stack.leads_with(tag)[0]["status"] == "not_a_fit"
