"""Issue 23's fields in both example forms, in Chromium: filled by their accessible labels with
JavaScript on and off, stored, worded at the top of the coordinator email, acknowledged in the
person's language; no serious axe-core violation with them filled, and on the action page's offer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import TYPE_CHECKING

import pytest
from tests.e2e.conftest import RunningStack
from tests.e2e.test_browser_languages import serious_violations

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Words:
    """One example form's accessible names, and where it lands."""

    path: str
    first: str
    last: str
    email: str
    phone: str
    prefers: tuple[str, str]  # (the group's legend, the choice's label)
    times: tuple[str, ...]
    voicemail: tuple[str, str]
    email_ok: tuple[str, str]
    sms: str
    acknowledge: str
    consent: str
    send: str
    thanks: str
    subject: str


ENGLISH = Words(
    "/", "First name (required)", "Last name (required)", "Email", "Phone",
    ("How would you like us to reach you?", "Text message"), ("Morning", "Evening"),
    ("May we leave you a voicemail?", "No, please don't"), ("May we email you?", "Yes"),
    "You may contact me by text message", "Email me a short note that my request arrived",
    "I agree to be contacted about my request", "Request my free consultation", "/thank-you", "Your request was received",
)  # fmt: skip
SPANISH = Words(
    "/es/", "Nombre (obligatorio)", "Apellidos", "Correo electrónico", "Teléfono",
    ("¿Cómo prefiere que le contactemos?", "Mensaje de texto"), ("Mañana", "Noche"),
    ("¿Podemos dejarle un mensaje de voz?", "No, por favor"), ("¿Podemos escribirle por correo electrónico?", "Sí"),
    "Pueden contactarme por mensaje de texto", "Envíenme un breve correo para confirmar que recibieron mi solicitud",
    "Acepto que me contacten sobre mi solicitud", "Solicitar mi consulta gratuita", "/es/thank-you", "Recibimos su solicitud",
)  # fmt: skip
FORMS = {"en": ENGLISH, "es": SPANISH}
COORDINATOR = ["coordinator@practice.example"]


def fill(page: Page, words: Words, tag: str) -> None:
    page.get_by_role("textbox", name=words.first).fill("Marisol")
    page.get_by_role("textbox", name=words.last).fill("Quintero")
    page.get_by_role("textbox", name=words.email, exact=True).fill(f"marisol.{tag}@example.com")
    page.get_by_role("textbox", name=words.phone).fill("(818) 555-0142")
    for group, choice in (words.prefers, words.voicemail, words.email_ok):
        page.get_by_role("group", name=group).get_by_role("radio", name=choice, exact=True).check()
    for time in words.times:
        page.get_by_role("checkbox", name=time, exact=True).check()
    page.get_by_role("checkbox", name=words.sms).check()
    page.get_by_role("checkbox", name=words.acknowledge).check()
    page.get_by_role("checkbox", name=words.consent).check()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_new_fields_by_their_labels_are_stored_worded_and_acknowledged(
    stack: RunningStack, page: Page, page_without_js: Page, tag: str, language: str, javascript: bool
) -> None:
    words = FORMS[language]
    tab = page if javascript else page_without_js
    tab.goto(stack.url + words.path)
    fill(tab, words, tag)
    if javascript:  # axe runs as a script: with JavaScript off the page is read as it is, below
        assert serious_violations(tab) == []
    tab.get_by_role("button", name=words.send).click()
    if javascript:
        tab.wait_for_selector("#thanks:not([hidden])")
    else:
        tab.wait_for_url(stack.url + words.thanks)
    [lead] = stack.leads_with(tag)
    assert (lead["best_time"], lead["voicemail_ok"], lead["email_ok"], lead["acknowledge"]) == (["morning", "evening"], False, True, True)
    coordinator = stack.wait_for(lambda: [e for e in stack.emails_with(tag) if e["to"] == COORDINATOR])[0]
    assert str(coordinator["text"]).startswith("How to reach them: Prefers text · no voicemail · email OK · mornings, evenings")
    ack = stack.wait_for(lambda: [e for e in stack.emails_with(tag) if e["to"] == [f"marisol.{tag}@example.com"]])
    assert [e["subject"] for e in ack] == [words.subject]


@pytest.mark.parametrize("snippet", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_forms_with_the_new_fields_filled_have_no_serious_violation(
    stack: RunningStack, page: Page, language: str, snippet: bool
) -> None:
    # JavaScript off is the page without form.js (axe itself needs a script to run): the form as a
    # browser without scripts shows it.
    if not snippet:
        page.route("**/form.js", lambda route: route.abort())
    page.goto(stack.url + FORMS[language].path)
    fill(page, FORMS[language], "axe")
    # The snippet, when it runs, fills the page's address in; without it, nothing does.
    page_url = page.locator("input[name=page_url]").input_value()
    assert page_url.startswith(stack.url) if snippet else page_url == ""
    assert serious_violations(page) == []


def test_a_bad_best_time_is_shown_beside_the_group(stack: RunningStack, page: Page, tag: str) -> None:
    page.goto(stack.url + "/")
    fill(page, ENGLISH, tag)
    page.evaluate("document.querySelector('input[name=best_time][value=morning]').value = 'midnight'")
    page.get_by_role("button", name="Request my free consultation").click()
    error = page.locator("#best_time-group #error-best_time")
    error.wait_for()
    assert error.inner_text() == "Must be one of: morning, afternoon, evening, anytime."
    assert serious_violations(page) == []


def test_the_action_page_offering_the_note_is_accessible(stack: RunningStack, page: Page, tag: str) -> None:
    page.goto(stack.url + "/")
    fill(page, ENGLISH, tag)
    page.get_by_role("button", name="Request my free consultation").click()
    page.wait_for_selector("#thanks:not([hidden])")
    email = stack.wait_for(lambda: [e for e in stack.emails_with(tag) if e["to"] == ["coordinator@practice.example"]])[0]
    links = {
        unescape(label): unescape(url) for url, label in re.findall(r'<a href="([^"]+/actions/[^"]+)">([^<]+)</a>', str(email["html"]))
    }
    page.goto(links["Not a fit"])
    page.get_by_role("button", name="Record “Not a fit”").click()
    button = page.get_by_role("button", name="Send them the referral note")
    button.wait_for()
    # The page's CSP allows no script, axe's included: its HTML is read on a page without one.
    check = page.context.new_page()
    check.set_content(page.content())
    assert serious_violations(check) == []
    button.click()
    page.get_by_role("heading", name="Note on its way").wait_for()
