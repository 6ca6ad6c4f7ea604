"""The figures page in Chromium, through the local stack (issue 22, item 5).

A coordinator has no Figures link and is refused the page; a manager follows the link from the
keyboard and reads this month's figures, the same as `leads --local stats` prints beside it; the
weekly chart is an image with a name, its numbers in a table; axe-core finds no serious or critical
violation; the page fits 360 px.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from infra.local import launch
from tests import personal_data
from tests.e2e.conftest import ROOT, RunningStack, lead_fields, start_stack, stop_stack
from tests.e2e.test_browser_languages import serious_violations
from tests.e2e.test_desk_browser import lead_id, post_json, sign_in, user
from tests.integration.test_desk_figures import CLI_ROW, FIGURE_ROW

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def figures_stack() -> Iterator[RunningStack]:
    running = start_stack("--port", "0")
    yield running
    assert stop_stack(running) == 0, running.console()


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    # axe-core is a script: these pages run it with the CSP set aside (as tests/e2e/test_desk_browser.py does).
    made: list[BrowserContext] = []
    yield made
    for context in made:
        context.close()


def leads_stats(stack: RunningStack) -> dict[str, tuple[str, str]]:
    result = subprocess.run(
        [sys.executable, "-m", "infra.ops.leads", "--local-url", stack.url, "stats"],
        cwd=ROOT, env=launch.clean_environment(), capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    months = result.stdout.split("this month and last", 1)[1].split("request(s) held", 1)[0]
    return {m.group(1): (m.group(2), m.group(3)) for line in months.splitlines() if (m := CLI_ROW.match(line.strip()))}


def test_a_manager_reads_the_figures_a_coordinator_cannot(
    figures_stack: RunningStack, browser: Browser, contexts: list[BrowserContext], tag: str, output_dir: Path
) -> None:
    stack = figures_stack
    for suffix, name in (("a", "Avery"), ("b", "Blair")):
        # A surname no desk page uses as a word: the final check searches every page for it.
        fields = lead_fields(tag + suffix, first_name=name, last_name="Quillfeather")
        personal_data.remember_values(*fields.values())
        post_json(stack, {**fields, "consent": True})
    contacted = lead_id(stack, tag + "a")
    lead_id(stack, tag + "b")
    done = subprocess.run(
        [sys.executable, "-m", "infra.ops.leads", "--local-url", stack.url, "status", contacted, "contacted", "--yes"],
        cwd=ROOT, env=launch.clean_environment(), capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]

    # A coordinator: no link, and the page itself is refused.
    contexts.append(browser.new_context(viewport={"width": 1000, "height": 900}, bypass_csp=True))
    page = contexts[-1].new_page()
    sign_in(page, stack, user(stack, "coordinator"))
    assert page.get_by_role("navigation", name="Desk").get_by_role("link", name="Figures").count() == 0
    refused = page.goto(stack.url + "/desk/figures")
    assert refused is not None and refused.status == 403
    assert "Requests received" not in page.content()

    # A manager: the link from the keyboard, the figures, the chart and its table.
    contexts.append(browser.new_context(viewport={"width": 1000, "height": 900}, bypass_csp=True))
    page = contexts[-1].new_page()
    sign_in(page, stack, user(stack, "manager"))
    page.get_by_role("navigation", name="Desk").get_by_role("link", name="Figures").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="Figures").wait_for()
    assert urlsplit(page.url).path == "/desk/figures"
    body = page.content()
    shown = {unescape(label): (unescape(this), unescape(last)) for label, this, last in FIGURE_ROW.findall(body)}
    assert int(shown["Requests received"][0]) >= 2 and int(shown["Contacted"][0]) >= 1
    assert shown == leads_stats(stack)  # the page's numbers are the tool's
    chart = page.get_by_role("img", name=re.compile(r"^Requests received per week"))
    assert chart.count() == 1 and chart.is_visible()
    assert page.get_by_role("table", name="Requests received per week (the chart's numbers)").count() == 1
    assert "Avery" not in body and "Blair" not in body and tag not in body
    assert serious_violations(page) == []
    page.screenshot(path=str(output_dir / "desk-figures.png"), full_page=True)

    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(output_dir / "desk-figures-360.png"), full_page=True)
