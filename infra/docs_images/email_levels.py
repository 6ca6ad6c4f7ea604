"""The coordinator email at each EMAIL_DETAIL, photographed in the local stack's outbox, for docs/email.md.

    .venv/bin/python -m infra.docs_images.email_levels [--out docs/images]

For each level (minimal, contact, full) a local stack of its own (`python -m infra.local`, its own
moto) is started with EMAIL_DETAIL set, gets the same made-up lead through its API, and Chromium
(Debian's; CHROMIUM=/path to choose another) opens /_local/outbox and photographs the email: its
From/To/Reply-To, its subject and its HTML part, the text part hidden (it says the same). Writes
email-<level>.png. Nothing real is in them: the person below is invented here.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
import urllib.request
from pathlib import Path
from typing import Any

from infra.local import launch

ROOT = Path(__file__).resolve().parents[2]
LEVELS = ("minimal", "contact", "full")
# A made-up person: what a minimal email must not show, and the others do.
LEAD = {
    "first_name": "Jordan",
    "last_name": "Avery",
    "email": "jordan.avery@example.com",
    "phone": "+1 (213) 555-0100",
    "preferred_contact": "phone",
    "best_time": ["evening"],
    "session_for": "individual",
    "message": "I have been feeling low since I lost my job and I would like to talk to someone. Evenings are easiest.",
    "consent": True,
}
CHROMIUM = ("/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser")


def chromium() -> str:
    found = os.environ.get("CHROMIUM") or next((c for c in CHROMIUM if Path(c).exists()), None) or shutil.which("chromium")
    if not found:
        raise SystemExit("no chromium here: apt-get install -y chromium, or set CHROMIUM to its path")
    return found


def call(url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
    # The local stack's own http://127.0.0.1 URL.
    request = urllib.request.Request(url, data=body, method="POST" if body else "GET", headers=headers or {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        return json.loads(answer.read() or b"null")


def one_email(stack: launch.LocalStack) -> None:
    """Post the lead and wait for its email in the outbox."""
    body = json.dumps(LEAD).encode()
    call(stack.url + "/consultations", body, {"Content-Type": "application/json", "Origin": stack.url, "Accept": "application/json"})
    for _ in range(100):
        if call(stack.url + "/_local/outbox", headers={"Accept": "application/json"}):
            return
        time.sleep(0.1)
    raise RuntimeError("no email in the outbox:\n" + stack.console())


def photograph(url: str, path: Path, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 900, "height": 900}, device_scale_factor=1)
    page.goto(url + "/_local/outbox")
    frame = page.frames[1]
    frame.wait_for_load_state()
    height = frame.evaluate("Math.ceil(document.body.getBoundingClientRect().bottom)")
    # The HTML part as tall as it is, the text part (the same words) and the page's header left out.
    page.evaluate(
        """height => {
            const article = document.querySelector('article');
            article.querySelector('iframe').style.height = (height + 16) + 'px';
            article.querySelector('iframe').style.minHeight = '0';
            for (const el of article.querySelectorAll('h3, pre')) el.style.display = 'none';
        }""",
        height,
    )
    page.locator("article").first.screenshot(path=str(path))
    page.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), headless=True, args=["--no-sandbox", "--disable-gpu"])
        for level in LEVELS:
            # The stack's own desk URL; a practice name the pictures can show.
            env = launch.clean_environment(EMAIL_DETAIL=level, PRACTICE_NAME="Lakeside Counseling")
            env.pop("DESK_URL", None)
            stack = launch.start("--port", "0", env=env)
            try:
                one_email(stack)
                path = args.out / f"email-{level}.png"
                photograph(stack.url, path, browser)
                print(f"{level}: {path}")
            finally:
                stack.stop()
        browser.close()


if __name__ == "__main__":
    main()
