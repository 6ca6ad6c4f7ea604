"""The local stack as a real process: started once per session on a free port, driven over HTTP.

It runs as `python -m infra.local --port 0` in a subprocess with an environment of its own (none
of the fake AWS settings the other suites use: it must start its own moto), and its console output
is kept so that tests can search it for personal data.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pytest
from infra.local import launch
from tests import personal_data
from tests.conftest import ENV

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"


def stack_environment(**extra: str | None) -> dict[str, str]:
    """This process's environment without anything that names an AWS or a test setting.

    The suites written before EMAIL_DETAIL and DESK_URL find a lead's email by the tag in its message
    and follow a text's "I'm on it" link: for them the stack emails at `full` and has no DESK_URL.
    `extra` overrides; None leaves a variable to the stack's own default (test_email_detail_browser.py).
    """
    given = {"EMAIL_DETAIL": "full", "DESK_URL": "", **extra}
    env = launch.clean_environment(frozenset(ENV) | {name for name, value in given.items() if value is None})
    env.update({name: value for name, value in given.items() if value is not None})
    return env


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_open = urllib.request.build_opener(_NoRedirect).open


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class RunningStack(launch.LocalStack):
    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Answer:
        headers = headers or {}
        personal_data.remember(body, next((v for k, v in headers.items() if k.lower() == "content-type"), None))
        req = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with _open(req, timeout=30) as r:
                return Answer(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
        except urllib.error.HTTPError as e:
            return Answer(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())

    def get_json(self, path: str) -> Any:
        answer = self.request("GET", path, headers={"Accept": "application/json"})
        assert answer.status == 200, answer
        return answer.json()

    def wait_for(self, what: Callable[[], Any], timeout: float = 10.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            found = what()
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.1)

    def emails_with(self, tag: str, timeout: float = 10.0) -> list[dict[str, Any]]:
        """The outbox entries that mention `tag`, waiting for at least one to arrive."""

        def find() -> list[dict[str, Any]]:
            return [e for e in self.get_json("/_local/outbox") if tag in json.dumps(e, ensure_ascii=False)]

        return list(self.wait_for(find, timeout))

    def leads_with(self, tag: str) -> list[dict[str, Any]]:
        return [lead for lead in self.get_json("/_local/leads") if tag in json.dumps(lead, ensure_ascii=False)]

    def notified_lead(self, tag: str) -> dict[str, Any]:
        """The one lead of `tag` once its email went out and was delivered: the local stack makes SES's
        delivery event right after the notify batch (the outbox can show the email a moment before)."""
        leads = self.wait_for(lambda: [lead for lead in self.leads_with(tag) if lead["status"] == "delivered"])
        assert len(leads) == 1, leads
        return dict(leads[0])


def start_stack(*args: str, env: dict[str, str] | None = None, timeout: float = 60.0) -> RunningStack:
    stack = cast(RunningStack, launch.start(*args, env=env or stack_environment(), timeout=timeout, kind=RunningStack))
    personal_data.consoles.append(stack.console)
    return stack


def stop_stack(stack: RunningStack, sig: int = signal.SIGINT, timeout: float = 15.0) -> int:
    # The texts it sent (urgent pages) are searched by tests/final, like its console.
    try:
        sms = stack.request("GET", "/_local/sms", headers={"Accept": "application/json"})
    except OSError:  # it stopped on its own (a test of stopping)
        sms = None
    if sms is not None and sms.status == 200:
        personal_data.captured.extend(str(text["text"]) for text in sms.json())
        personal_data.captured.extend(local_audit_records(stack))
    return stack.stop(sig, timeout)


def local_audit_records(stack: RunningStack) -> list[str]:
    """The local stack's audit records (issue 22), for tests/final: no value may be in one."""
    import boto3
    from tests.conftest import audit_records

    described = stack.request("GET", "/_local/aws", headers={"Accept": "application/json"})
    if described.status != 200:
        return []
    aws = described.json()
    client = boto3.client("dynamodb", endpoint_url=aws["endpoint_url"], region_name=aws["region"],
                          aws_access_key_id="local", aws_secret_access_key="local")  # fmt: skip
    return [json.dumps(item) for item in audit_records(client, aws["environment"]["AUDIT_TABLE_NAME"])]


@pytest.fixture(scope="session")
def stack() -> Iterator[RunningStack]:
    running = start_stack("--port", "0")
    yield running
    code = stop_stack(running)
    assert code == 0, running.console()


@pytest.fixture
def tag() -> str:
    """A unique word to find one test's lead and email among everything the session stored."""
    return "t" + uuid.uuid4().hex[:12]


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


def lead_fields(tag: str, **overrides: str) -> dict[str, str]:
    """A valid submission as the form sends it (strings only), tagged in the message."""
    fields = {
        "first_name": "Sam",
        "last_name": "Rivera",
        "email": f"sam.{tag}@example.com",
        "phone": "+1 (213) 555-0117",
        "preferred_contact": "email",
        "best_time": "morning",
        "session_for": "individual",
        "message": f"Looking for help with stress at work. {tag}",
        "consent": "on",
    }
    fields.update(overrides)
    return fields


# --- Chromium (Debian's, driven by Playwright): one browser per session for every browser test ---

CANDIDATES = ("/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"]


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return next((c for c in CANDIDATES if Path(c).exists()), None) or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        reason = "no chromium here (apt-get install -y chromium, or set CHROMIUM to its path)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 900, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def page_without_js(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 900, "height": 900})
    yield context.new_page()
    context.close()
