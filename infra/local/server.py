"""The local stack's HTTP server: the API Gateway stand-in, the example site and the viewers.

Standard library only (ThreadingHTTPServer): the stack serves one developer, and the handlers run
one at a time anyway (see runtime.py). The access log names method, path and status only: never
the query, the client address or anything from the body.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from . import pages
from .gateway import Gateway, Request, Response
from .outbox import Outbox

SITE_DIR = Path(__file__).resolve().parent.parent / "site"
API_PATH = "/consultations"
# POST: run the heartbeat function once against this stack's own API (docs/development.md).
HEARTBEAT_PATH = "/_local/heartbeat"
MAX_BODY = 10 * 1024 * 1024  # API Gateway HTTP API's payload limit
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}
# Shown on the thank-you page when the answer said the message reads like a crisis (?crisis=1):
# the page ships the notice hidden, and this server un-hides it so that it works with JavaScript off.
CRISIS_MARKER = " data-crisis-now hidden"
# Replaced by Cloudflare Turnstile's widget when TURNSTILE_SITE_KEY is set (the script is loaded only then).
TURNSTILE_MARKER = "<!-- turnstile-widget -->"


def turnstile_widget(environ: Mapping[str, str]) -> str:
    """The widget's markup for the configured site key, or "" when none is configured."""
    site_key = environ.get("TURNSTILE_SITE_KEY", "").strip()
    if not site_key:
        return ""
    action = environ.get("TURNSTILE_ACTION", "consultation").strip() or "consultation"
    return (
        f'<div class="cf-turnstile" data-sitekey="{escape(site_key, quote=True)}" data-action="{escape(action, quote=True)}"></div>'
        '<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>'
    )


@dataclass
class Site:
    """What the server serves besides the API."""

    gateway: Gateway
    outbox: Outbox | None
    list_leads: Callable[[], list[dict[str, Any]]]
    openapi: Callable[[], dict[str, Any]]
    say: Callable[[str], None]
    unavailable_reason: str = ""
    # Runs the heartbeat handler once: (HTTP status, what it did).
    heartbeat: Callable[[], tuple[int, dict[str, Any]]] | None = None


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True
    site: Site


class _Handler(BaseHTTPRequestHandler):
    server: LocalServer
    protocol_version = "HTTP/1.1"
    server_version = "lead-capture-local"

    def log_message(self, format: str, *args: Any) -> None:
        """Silenced: the default line holds the client address; `_dispatch` writes a safe one."""

    def _dispatch(self) -> None:
        started = time.monotonic()
        path, _, query = self.path.partition("?")
        if self.command in {"GET", "HEAD"} and path != API_PATH:
            response = self._local(path, query)
        elif self.command == "POST" and path == HEARTBEAT_PATH and self.server.site.heartbeat is not None:
            self._read_body()
            response = Response.json(*self.server.site.heartbeat())
        else:
            response = self._api(path, query)
            elapsed = (time.monotonic() - started) * 1000
            self.server.site.say(f"{self.command} {path} -> {response.status} ({elapsed:.0f} ms)")
        self._send(response)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _dispatch

    def __getattr__(self, name: str) -> Any:
        # Any other method (TRACE, PROPFIND, ...) goes to the gateway too, which answers it as API
        # Gateway does (404), rather than http.server's 501: no 5xx for anything a client sends.
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    def _api(self, path: str, query: str) -> Response:
        try:
            body = self._read_body()
        except ValueError:
            self.close_connection = True
            return Response.json(400, {"message": "Bad Request"})
        if body is None:
            self.close_connection = True
            return Response.json(413, {"message": "Request Entity Too Large"})
        request = Request(
            method=self.command,
            path=path,
            query=query,
            headers=list(self.headers.items()),
            body=body,
            source_ip=self.client_address[0],
            protocol=self.request_version,
        )
        return self.server.site.gateway.handle(request)

    def _read_body(self) -> bytes | None:
        """The request body; None when it is over the limit. Raises ValueError when unreadable."""
        if "chunked" in (self.headers.get("transfer-encoding") or "").lower():
            chunks: list[bytes] = []
            size = 0
            while True:
                length = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if length == 0:
                    while self.rfile.readline().strip():  # trailers
                        pass
                    return b"".join(chunks)
                size += length
                if size > MAX_BODY:
                    return None
                chunks.append(self.rfile.read(length))
                self.rfile.readline()
        length = int(self.headers.get("content-length") or 0)
        if length < 0:
            raise ValueError("negative content-length")
        if length > MAX_BODY:
            return None
        return self.rfile.read(length) if length else b""

    def _local(self, path: str, query: str) -> Response:
        site = self.server.site
        routes: dict[str, Callable[[], Response]] = {
            "/_local/outbox": lambda: self._outbox(query),
            "/_local/leads": lambda: self._leads(query),
            "/openapi.json": lambda: Response.json(200, site.openapi()),
            "/thank-you": lambda: self._static("thank-you.html", crisis="1" in parse_qs(query).get("crisis", [])),
            "/": lambda: self._static("index.html"),
        }
        route = routes.get(path)
        return route() if route else self._static(path.lstrip("/"))

    def _outbox(self, query: str) -> Response:
        outbox = self.server.site.outbox
        if outbox is None:
            return self._unavailable("Outbox", self.server.site.unavailable_reason)
        emails = outbox.emails()
        if self._wants_json(query):
            return Response.json(200, [e.to_json() for e in emails])
        return _html(200, pages.outbox_page(emails))

    def _leads(self, query: str) -> Response:
        leads = self.server.site.list_leads()
        return Response.json(200, leads) if self._wants_json(query) else _html(200, pages.leads_page(leads))

    def _wants_json(self, query: str) -> bool:
        accept = (self.headers.get("accept") or "").lower()
        return ("application/json" in accept and "text/html" not in accept) or parse_qs(query).get("format") == ["json"]

    def _unavailable(self, title: str, reason: str) -> Response:
        if self._wants_json(""):
            return Response(404, [("content-type", "application/problem+json")], json.dumps({"title": title, "detail": reason}).encode())
        return _html(404, pages.unavailable_page(title, reason))

    def _static(self, name: str, *, crisis: bool = False) -> Response:
        file = SITE_DIR / name
        # Only plain files right in the site folder, of the kinds listed: no way out of it.
        if "/" in name or name.startswith(".") or file.suffix not in _TYPES or not file.is_file():
            return _html(404, pages.page("Not found", "<h1>Not found</h1>"))
        content = file.read_bytes()
        if crisis:
            content = content.replace(CRISIS_MARKER.encode(), b" data-crisis-now")
        if name == "index.html":
            content = content.replace(TURNSTILE_MARKER.encode(), turnstile_widget(os.environ).encode())
        # Read on every request and never cached, so edits to the site show on reload.
        return Response(200, [("content-type", _TYPES[file.suffix]), ("cache-control", "no-store")], content)

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("content-length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)


def _html(status: int, text: str) -> Response:
    return Response(status, [("content-type", "text/html; charset=utf-8"), ("cache-control", "no-store")], text.encode("utf-8"))


def make_server(port: int, site: Site | None = None) -> LocalServer:
    """Bind 127.0.0.1:port (0 picks a free port); `site` is attached before serving."""
    server = LocalServer(("127.0.0.1", port), _Handler)
    if site is not None:
        server.site = site
    return server
