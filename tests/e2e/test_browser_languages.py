"""The Spanish form, the one-tag snippet on a typical page, and an accessibility check, in Chromium.

The Spanish form is filled by its accessible labels (as a person with a screen reader would find
the fields) with JavaScript on and off. axe-core (vendored under tests/e2e/vendor/axe-core) checks
the example forms and the snippet's page: no serious or critical violation.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from tests.e2e.conftest import ROOT, RunningStack
from tests.e2e.test_browser import email_for

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

AXE = ROOT / "tests" / "e2e" / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOT = ROOT / "docs" / "images" / "website-typical-page.png"


def fill_in_spanish(page: Page, tag: str, *, email: str | None = None, message: str | None = None) -> None:
    page.get_by_role("textbox", name="Nombre (obligatorio)").fill("Ana María")
    page.get_by_role("textbox", name="Apellidos").fill("López García")
    page.get_by_role("textbox", name="Correo electrónico").fill(email or f"ana.{tag}@example.com")
    page.get_by_role("textbox", name="Teléfono").fill("(818) 555-0142")
    page.get_by_role("radio", name="Correo electrónico").check()
    page.get_by_role("checkbox", name="Mañana").check()
    page.get_by_role("radio", name="Para mí", exact=True).check()
    page.get_by_role("textbox", name="¿Qué le trae a terapia?").fill(message or f"Busco ayuda con la ansiedad. {tag}")
    page.get_by_role("checkbox", name="Acepto que me contacten sobre mi solicitud").check()


def send(page: Page) -> None:
    page.get_by_role("button", name="Solicitar mi consulta gratuita").click()


def test_the_spanish_form_with_javascript(stack: RunningStack, page: Page, tag: str) -> None:
    page.goto(stack.url + "/es/")
    fill_in_spanish(page, tag)
    send(page)
    page.wait_for_selector("#thanks:not([hidden])")
    assert page.get_by_role("heading", name="Gracias. Recibimos su solicitud.").is_visible()
    [lead] = stack.leads_with(tag)
    assert (lead["language"], lead["first_name"], lead["last_name"]) == ("es", "Ana María", "López García")
    email = email_for(stack, tag)
    assert email["subject"] == "New consultation request: Ana María L."
    assert "Language: Spanish" in email["text"]


def test_the_spanish_form_without_javascript(stack: RunningStack, page_without_js: Page, tag: str) -> None:
    page = page_without_js
    page.goto(stack.url + "/es/")
    fill_in_spanish(page, tag)
    send(page)
    page.wait_for_url(stack.url + "/es/thank-you")
    assert page.get_by_role("heading", name="Gracias. Recibimos su solicitud.").is_visible()
    assert page.is_hidden("#crisis-now")
    assert stack.leads_with(tag)[0]["language"] == "es"


def test_a_field_error_in_spanish_next_to_its_field(stack: RunningStack, page: Page, tag: str) -> None:
    page.goto(stack.url + "/es/")
    fill_in_spanish(page, tag, email="ana@@example")
    send(page)
    error = page.locator("#error-email")
    error.wait_for()
    assert error.inner_text() == "Debe ser un correo electrónico válido."
    # Next to its field: in the field's own box, and named by the field's description.
    assert page.locator(".field:has(#email) #error-email").count() == 1
    field = page.get_by_role("textbox", name="Correo electrónico")
    assert field.get_attribute("aria-invalid") == "true"
    assert "error-email" in (field.get_attribute("aria-describedby") or "").split()
    assert page.locator(".form-status").inner_text() == "Corrija los campos marcados abajo."
    assert stack.leads_with(tag) == []


def test_a_spanish_crisis_message_shows_the_spanish_988_at_once(stack: RunningStack, page: Page, tag: str) -> None:
    page.goto(stack.url + "/es/")
    fill_in_spanish(page, tag, message=f"Ya no quiero vivir. {tag}")
    send(page)
    crisis = page.locator("#crisis-now:not([hidden])")
    crisis.wait_for()
    words = crisis.inner_text()
    assert "llame al 988 y marque 2" in words and "envíe AYUDA al 988" in words and "911" in words
    assert page.locator("#crisis-now a[href='tel:988']").count() == 1
    assert email_for(stack, tag)["subject"].startswith("[URGENT] ")


def test_a_spanish_crisis_message_without_javascript_lands_on_the_spanish_crisis_page(
    stack: RunningStack, page_without_js: Page, tag: str
) -> None:
    page = page_without_js
    page.goto(stack.url + "/es/")
    fill_in_spanish(page, tag, message=f"Pienso en quitarme la vida. {tag}")
    send(page)
    page.wait_for_url(stack.url + "/es/thank-you?crisis=1")
    assert "marque 2" in page.inner_text("#crisis-now")


# --- the snippet on any page ------------------------------------------------------------------------


def test_one_script_tag_on_a_typical_page(stack: RunningStack, page: Page, tag: str) -> None:
    page.goto(stack.url + "/typical-page.html")
    # The snippet added the honeypot and the language; the page's own markup did not have them.
    assert page.locator("form.contact input[name=website]").count() == 1
    assert page.locator(".hp").get_attribute("aria-hidden") == "true"
    assert page.locator("form.contact input[name=lang]").get_attribute("value") == "en"
    page.get_by_label("Your name (required)").fill("Cher")
    page.get_by_label("Your email").fill("not-an-address")
    page.get_by_label("I agree to be contacted").check()
    page.get_by_role("button", name="Send").click()
    page.locator("#error-email").wait_for()
    assert page.get_by_label("Your email").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.name") == "email"

    page.get_by_label("Your email").fill(f"cher.{tag}@example.com")
    page.get_by_label("Your message (optional)").fill(f"Hello. {tag}")
    # docs/website.md shows this state (docs/images/website-typical-page.png, copied from test-output/).
    page.screenshot(path=str(stack_output(SCREENSHOT.name)), full_page=True)
    page.get_by_role("button", name="Send").click()
    page.get_by_role("heading", name="Thank you. Your request was received.").wait_for()
    [lead] = stack.leads_with(tag)
    # Stored; the notifier may already have emailed it (and the local SES delivered it).
    assert lead["full_name"] == "Cher" and lead["status"] in {"new", "notified", "delivered"}
    assert email_for(stack, tag)["subject"] == "New consultation request: Cher"


def stack_output(name: str) -> Path:
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    return out / name


# --- accessibility ---------------------------------------------------------------------------------


def serious_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("path", ["/", "/es/", "/typical-page.html", "/thank-you?crisis=1", "/es/thank-you?crisis=1"])
def test_no_serious_accessibility_violation(stack: RunningStack, page: Page, path: str) -> None:
    page.goto(stack.url + path)
    page.wait_for_load_state("load")
    assert serious_violations(page) == []


def test_no_serious_accessibility_violation_with_field_errors_and_crisis_shown(stack: RunningStack, page: Page, tag: str) -> None:
    page.goto(stack.url + "/es/")
    fill_in_spanish(page, tag, email="ana@@example")
    send(page)
    page.locator("#error-email").wait_for()
    assert serious_violations(page) == []
    page.get_by_role("textbox", name="Correo electrónico").fill(f"ana.{tag}@example.com")
    page.get_by_role("textbox", name="¿Qué le trae a terapia?").fill(f"Ya no quiero vivir. {tag}")
    send(page)
    page.locator("#crisis-now:not([hidden])").wait_for()
    assert serious_violations(page) == []


def test_the_axe_check_can_fail(stack: RunningStack, page: Page) -> None:
    # A control without a label is a serious violation: the check above is not vacuous.
    page.goto(stack.url + "/typical-page.html")
    page.evaluate("document.querySelector('label[for=c-email]').remove()")
    assert any(v["id"] == "label" for v in serious_violations(page))


def test_the_field_errors_page_without_javascript_is_styled_and_accessible(
    stack: RunningStack, page_without_js: Page, page: Page, tag: str
) -> None:
    # Issue 25, pages: the plain form post's 422 page was the browser's bare default.
    page_without_js.goto(stack.url + "/es/")
    fill_in_spanish(page_without_js, tag, email="ana@localhost")  # the browser accepts it, our rule does not
    send(page_without_js)
    page_without_js.wait_for_load_state()
    assert page_without_js.get_by_role("heading", level=1).is_visible()
    html = page_without_js.content()
    assert "<style" in html and "Correo electr" in html
    # The same page, read by axe and measured in a browser that runs scripts (ours has none).
    page.set_content(html)
    style = page.evaluate("() => { const s = getComputedStyle(document.body); return [s.fontFamily, s.maxWidth]; }")
    assert "serif" not in style[0] or "sans-serif" in style[0], style
    assert style[1] != "none", style
    assert serious_violations(page) == []
