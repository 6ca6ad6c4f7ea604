"""The local stack as a real process: started once per session on a free port, driven over HTTP.

It runs as `python -m infra.local --port 0` in a subprocess with an environment of its own (none
of the fake AWS settings the other suites use: it must start its own moto), and its console output
is kept so that tests can search it for personal data.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import ENV

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
_URL = re.compile(r"local stack on (http://127\.0\.0\.1:\d+)/")


def stack_environment(**extra: str) -> dict[str, str]:
    """This process's environment without anything that names an AWS or a test setting."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k not in ENV and k != "LEAD_CAPTURE_AWS"}
    env.update({"PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT), "RATE_LIMIT_PER_HOUR": "0"})
    env.update(extra)
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


@dataclass
class RunningStack:
    process: subprocess.Popen[str]
    url: str = ""
    output: list[str] = field(default_factory=list)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Answer:
        req = urllib.request.Request(self.url + path, data=body, method=method, headers=headers or {})
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

    def console(self) -> str:
        return "".join(self.output)


def start_stack(*args: str, env: dict[str, str] | None = None, timeout: float = 60.0) -> RunningStack:
    process = subprocess.Popen(
        [sys.executable, "-m", "infra.local", *args],
        cwd=ROOT,
        env=env or stack_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    stack = RunningStack(process)
    ready = threading.Event()

    def drain() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            stack.output.append(line)
            match = _URL.search(line)
            if match:
                stack.url = match.group(1)
                ready.set()
        ready.set()

    threading.Thread(target=drain, daemon=True).start()
    if not ready.wait(timeout) or not stack.url:
        process.kill()
        raise AssertionError("the local stack did not start:\n" + stack.console())
    return stack


def stop_stack(stack: RunningStack, sig: int = signal.SIGINT, timeout: float = 15.0) -> int:
    stack.process.send_signal(sig)
    try:
        return stack.process.wait(timeout)
    except subprocess.TimeoutExpired:
        stack.process.kill()
        raise


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
