"""The minimal coordinator email in Chromium, through the local stack at its own defaults (issue 22).

A lead posted through the API is emailed at EMAIL_DETAIL=minimal: the outbox shows a notice that holds
none of what the person typed, with a link to the lead in the desk. Followed from the outbox in a
browser that is not signed in, the link leads to the sign-in page; after password and authenticator
code the coordinator lands on that lead's page, not in the inbox.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from infra.local.users import totp_code
from tests import personal_data
from tests.e2e.conftest import RunningStack, lead_fields, stack_environment, start_stack, stop_stack

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def minimal_stack() -> Iterator[RunningStack]:
    # The stack's own EMAIL_DETAIL (the default, minimal) and DESK_URL (its own /desk).
    running = start_stack("--port", "0", env=stack_environment(EMAIL_DETAIL=None, DESK_URL=None))
    yield running
    assert stop_stack(running) == 0, running.console()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    made = browser.new_context(viewport={"width": 1000, "height": 900})
    yield made
    made.close()


def the_email_of(stack: RunningStack, lead_id: str) -> dict[str, Any]:
    emails = stack.wait_for(lambda: [e for e in stack.get_json("/_local/outbox") if lead_id in json.dumps(e)])
    assert len(emails) == 1, emails
    return dict(emails[0])


def test_the_minimal_email_names_nobody_and_its_desk_link_opens_the_lead_after_sign_in(
    minimal_stack: RunningStack, context: BrowserContext, tag: str
) -> None:
    stack = minimal_stack
    message = f"Since the accident I cannot sleep and I keep having panic attacks. {tag}"
    fields = lead_fields(tag, first_name="Rosalind", last_name="Okonkwo-Hale", phone="+1 (213) 555-0143")
    typed: dict[str, object] = {**fields, "consent": True}
    typed["message"] = message
    personal_data.remember_values(*(v for v in typed.values() if isinstance(v, str)), "Rosalind Okonkwo-Hale")
    answer = stack.request("POST", "/consultations", json.dumps(typed).encode(), {"Content-Type": "application/json", "Origin": stack.url})
    assert answer.status == 201, answer
    (lead,) = stack.wait_for(lambda: stack.leads_with(tag))
    lead_id = str(lead["id"])

    # The outbox's email: a notice, none of the person's values anywhere in it.
    email = the_email_of(stack, lead_id)
    desk_link = f"{stack.url}/desk/leads/{lead_id}"
    assert email["reply_to"] is None
    assert email["subject"].startswith("New consultation request · ref ")
    assert desk_link in email["text"] and desk_link in email["html"]
    shown = json.dumps(email, ensure_ascii=False)
    for value in ("Rosalind", "Okonkwo", str(typed["email"]), "555-0143", "2135550143", "panic attacks", tag):
        assert value not in shown, value

    # Followed from the outbox page in a browser that is not signed in.
    page = context.new_page()
    page.goto(stack.url + "/_local/outbox")
    frame = page.frame_locator("iframe").first
    with context.expect_page() as opened:
        frame.get_by_role("link", name=desk_link).click()
    desk = opened.value
    desk.wait_for_load_state()
    assert urlsplit(desk.url).path == "/desk/sign-in"

    (person,) = [u for u in stack.get_json("/_local/users") if u["role"] == "coordinator"]
    desk.get_by_label("Email").fill(person["email"])
    desk.get_by_label("Password").fill(person["password"])
    desk.get_by_role("button", name="Sign in").click()
    desk.get_by_label("Code").fill(totp_code(person["totp_secret"]))
    desk.get_by_role("button", name="Verify").click()
    desk.wait_for_url(f"**/desk/leads/{lead_id}")
    assert urlsplit(desk.url).path == f"/desk/leads/{lead_id}"
    # That lead's page, with what the email left out.
    assert desk.get_by_text(message).is_visible()
    assert "Rosalind" in desk.locator("h1").inner_text()
