"""A manager's export in Chromium, through the local stack (issue 22's must-show): the CSV downloaded
from the desk has the rows `leads export` writes for the same filter, and a message like
`Hi;=1+2;@SUM(1)` stays text under both `,` and `;` as the separator."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from tests import personal_data
from tests.e2e.conftest import RunningStack, lead_fields
from tests.e2e.test_browser_languages import serious_violations
from tests.e2e.test_desk_browser import lead_id, post_json, sign_in, user
from tests.e2e.test_leads_cli import leads

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

pytestmark = pytest.mark.browser
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    # bypass_csp: axe-core is a script, which the desk's CSP refuses (as test_desk_browser.py does).
    made = browser.new_context(viewport={"width": 1000, "height": 900}, accept_downloads=True, bypass_csp=True)
    yield made
    made.close()


def rows(text: str, separator: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))


def test_a_manager_exports_from_the_desk_the_rows_of_leads_export(stack: RunningStack, context: BrowserContext, tag: str,
                                                                   tmp_path: Path, output_dir: Path) -> None:  # fmt: skip
    message = f"Hi;=1+2;@SUM(1) {tag}"
    personal_data.remember_values(message)
    post_json(stack, {**lead_fields(tag + "a"), "consent": True, "message": message})
    post_json(stack, {**lead_fields(tag + "b", first_name="Robin", last_name="Quinn"), "consent": True})
    ours = {lead_id(stack, tag + "a"), lead_id(stack, tag + "b")}
    zone = stack.get_json("/_local/aws")["environment"].get("PRACTICE_TIMEZONE", "America/Los_Angeles")
    today = datetime.now(ZoneInfo(zone)).date().isoformat()

    page = context.new_page()
    sign_in(page, stack, user(stack, "manager"))
    page.get_by_role("link", name="Export").click()
    assert serious_violations(page) == []
    page.get_by_label("Received from").fill(today)
    page.get_by_label("to").fill(today)
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Download CSV").click()
    download = downloading.value
    assert download.suggested_filename.startswith("leads-") and download.suggested_filename.endswith(".csv")
    download.save_as(str(tmp_path / "desk.csv"))
    desk = (tmp_path / "desk.csv").read_bytes()
    leads(stack, "export", "--since", today, "--until", today, "-o", str(tmp_path / "cli.csv"))
    cli = (tmp_path / "cli.csv").read_bytes()

    assert desk.startswith(b"\xef\xbb\xbf") and cli.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    desk_text, cli_text = desk.decode("utf-8-sig"), cli.decode("utf-8-sig")
    desk_rows, cli_rows = rows(desk_text), rows(cli_text)
    assert desk_rows[0] == cli_rows[0]
    assert sorted(desk_rows[1:]) == sorted(cli_rows[1:])  # the same rows (the desk: oldest first)
    assert ours <= {r[0] for r in desk_rows[1:]}
    (mine,) = [
        dict(zip(desk_rows[0], r, strict=True)) for r in desk_rows[1:] if tag in "".join(r) and r[0] in ours and message[:3] in "".join(r)
    ]
    assert mine["message"] == f"Hi;'=1+2;'@SUM(1) {tag}"
    assert all(line.startswith('"') for line in desk_text.split("\r\n") if line)  # every cell quoted
    for separator in (",", ";"):
        cells = [c for r in rows(desk_text, separator) for c in r]
        assert not [c for c in cells if c.lstrip(" \n").startswith(TRIGGERS)], separator

    # The export is in the trail: the manager, the filter, the row count.
    trail = leads(stack, "audit", "--limit", "5").stdout
    assert "export" in trail and f"from={today}" in trail and f"rows={len(desk_rows) - 1}" in trail

    # The manager's other pages: no serious accessibility violation, and a picture of each.
    for path, name in (("/desk/audit", "desk-audit"), ("/desk/users", "desk-people"), ("/desk/forget", "desk-forget")):
        page.goto(stack.url + path)
        assert page.get_by_role("heading", level=1).is_visible()
        assert serious_violations(page) == [], path
        page.screenshot(path=str(output_dir / f"{name}.png"), full_page=True)
    assert "Exported" in page.goto(stack.url + "/desk/audit").text()  # type: ignore[union-attr]
