"""A real HTTP server on 127.0.0.1 that plays Cloudflare's Turnstile siteverify endpoint.

The token chooses the behaviour, so one server serves every case:

| token | answer |
| --- | --- |
| `pass`, `pass-*` | success for practice.example, action "consultation" |
| `once-*` | success the first time; later `timeout-or-duplicate`, unless the same idempotency_key is sent again (as Cloudflare does) |
| `fail` | `invalid-input-response` |
| `other-host` / `other-action` | success, but for another hostname / action |
| `slow` | answers after `slow_seconds` (longer than the client's timeout) |
| `boom` | HTTP 500 |
| `not-json` | HTTP 200 with an HTML body |

A request whose secret is not `secret` gets `invalid-input-secret`. Every request's form is kept
in `requests` for assertions.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

SECRET = "secret"
HOSTNAME = "practice.example"
ACTION = "consultation"


@dataclass
class Siteverify:
    url: str
    requests: list[dict[str, str]] = field(default_factory=list)
    slow_seconds: float = 2.0
    # token -> the idempotency_key of its first verification
    consumed: dict[str, str] = field(default_factory=dict)


def _answer(state: Siteverify, form: dict[str, str]) -> tuple[int, str, bytes]:
    token = form.get("response", "")
    if form.get("secret") != SECRET:
        return _json(200, {"success": False, "error-codes": ["invalid-input-secret"]})
    if token == "boom":
        return 500, "text/plain", b"internal error"
    if token == "not-json":
        return 200, "text/html", b"<html>captive portal</html>"
    if token == "slow":
        time.sleep(state.slow_seconds)
    if token == "fail":
        return _json(200, {"success": False, "error-codes": ["invalid-input-response"]})
    if token.startswith("once-"):
        key = form.get("idempotency_key", "")
        first = state.consumed.setdefault(token, key)
        if first != key or not key:
            return _json(200, {"success": False, "error-codes": ["timeout-or-duplicate"]})
    hostname = "evil.example" if token == "other-host" else HOSTNAME
    action = "login" if token == "other-action" else ACTION
    return _json(
        200, {"success": True, "challenge_ts": "2026-11-28T14:00:00.000Z", "hostname": hostname, "action": action, "error-codes": []}
    )


def _json(status: int, document: dict[str, Any]) -> tuple[int, str, bytes]:
    return status, "application/json", json.dumps(document).encode()


@contextmanager
def serve() -> Iterator[Siteverify]:
    state = Siteverify(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8")).items()}
            state.requests.append(form)
            status, content_type, body = _answer(state, form)
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the timeout case)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/turnstile/v0/siteverify"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
