"""The local stack's HTTP server: the API Gateway stand-in, the example site and the viewers.

Standard library only (ThreadingHTTPServer): the stack serves one developer, and the handlers run
one at a time anyway (see runtime.py). The access log names method, path and status only: never
the query, the client address or anything from the body.

It answers only its own host names (`host_refusal`), on every path: a page elsewhere can point
its own name at 127.0.0.1 (DNS rebinding) and would otherwise read the viewers, which hold every
lead, or post as the developer's browser. Bodies are framed strictly (`read_body`).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import Message
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qs

from . import pages
from .gateway import Gateway, Request, Response
from .outbox import Outbox

if TYPE_CHECKING:
    from .urgent import SmsOutbox

SITE_DIR = Path(__file__).resolve().parent.parent / "site"
API_PATH = "/consultations"
# POST: run the heartbeat function once against this stack's own API (docs/development.md).
HEARTBEAT_PATH = "/_local/heartbeat"
ACTIONS_PATH = "/actions/{token}"
# POST {"now": "<instant>"}: runs the followups function as its schedule would at that instant.
TICK_PATH = "/_local/tick"
MAX_BODY = 10 * 1024 * 1024  # API Gateway HTTP API's payload limit
# The names the stack is reached by (browsers send the port too unless it is 80).
OWN_HOST_NAMES = ("127.0.0.1", "localhost", "[::1]")
# Longest chunk-size line or trailer section read; http.server's own limit on a header line.
MAX_LINE = 65536
# RFC 9112 7.1: chunk-size = 1*HEXDIG. No sign, no "0x", no spaces before it; 16 digits is 2**64.
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")
_CONTENT_LENGTH = re.compile(r"[0-9]{1,20}")
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
    # The body of a POST /_local/tick -> the answer (infra/local/scheduler.py); None: not offered.
    tick: Callable[[bytes], Response] | None = None
    # The embedded AWS described for `leads --local` (None when the stack uses another AWS).
    aws: Callable[[], dict[str, Any]] | None = None
    # The text messages (urgent pages) sent through the embedded moto's SNS (None with another AWS).
    sms: SmsOutbox | None = None
    # The desk's local people (email, password, totp_secret, role) for GET /_local/users (None: not on moto).
    users: Callable[[], list[dict[str, str]]] | None = None


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
        refused = host_refusal(self.headers.get_all("host") or [], self.server.server_address[1])
        if refused is not None:
            # The body (if any) is not read: the connection cannot be reused.
            self.close_connection = True
            self.server.site.say(_REFUSALS[refused].format(port=self.server.server_address[1]))
            self._send(Response.json(refused, {"message": "Misdirected Request" if refused == 421 else "Bad Request"}))
            return
        gateway = self.server.site.gateway
        if self.command in {"GET", "HEAD"} and not gateway.serves(path):
            response = self._local(path, query)
        elif self.command == "POST" and path == HEARTBEAT_PATH and self.server.site.heartbeat is not None:
            response = self._heartbeat(self.server.site.heartbeat)
        elif self.command == "POST" and path == TICK_PATH and self.server.site.tick is not None:
            response = self._tick(self.server.site.tick)
            self.server.site.say(f"POST {path} -> {response.status}")
        else:
            response = self._api(path, query)
            elapsed = (time.monotonic() - started) * 1000
            # The route's path, not the request's: an action link's token is never printed.
            self.server.site.say(f"{self.command} {gateway.shown_path(path)} -> {response.status} ({elapsed:.0f} ms)")
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
            body = read_body(self.rfile, self.headers)
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

    def _heartbeat(self, heartbeat: Callable[[], tuple[int, dict[str, Any]]]) -> Response:
        # The body is not read for meaning, only drained so the connection stays usable.
        try:
            drained = read_body(self.rfile, self.headers, limit=4096)
        except ValueError:
            drained = None
        if drained is None:
            self.close_connection = True
            return Response.json(400, {"message": "Bad Request"})
        return Response.json(*heartbeat())

    def _tick(self, tick: Callable[[bytes], Response]) -> Response:
        try:
            body = read_body(self.rfile, self.headers, limit=4096)
        except ValueError:
            body = None
        if body is None:
            self.close_connection = True
            return Response.json(400, {"message": "Bad Request"})
        return tick(body)

    def _local(self, path: str, query: str) -> Response:
        site = self.server.site
        routes: dict[str, Callable[[], Response]] = {
            "/_local/outbox": lambda: self._outbox(query),
            "/_local/leads": lambda: self._leads(query),
            "/_local/aws": self._aws,
            "/_local/sms": lambda: self._sms(query),
            "/_local/users": self._users,
            # The desk is /desk (an API route); /desk/ here leads there (an HTTP API route has no trailing slash).
            "/desk/": lambda: Response(303, [("location", "/desk"), ("cache-control", "no-store")]),
            "/openapi.json": lambda: Response.json(200, site.openapi()),
            "/thank-you": lambda: self._static("thank-you.html", crisis="1" in parse_qs(query).get("crisis", [])),
            "/": lambda: self._static("index.html"),
            # The Spanish example form and its thank-you page (THANK_YOU_URLS es=/es/thank-you).
            "/es/": lambda: self._static("index.html", folder="es"),
            "/es/thank-you": lambda: self._static("thank-you.html", folder="es", crisis="1" in parse_qs(query).get("crisis", [])),
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

    def _sms(self, query: str) -> Response:
        """The urgent pages' texts, newest first: JSON (to, text, time) or, for a browser, a page."""
        sms = self.server.site.sms
        if sms is None:
            return self._unavailable("Text messages", self.server.site.unavailable_reason)
        texts = sms.texts()
        if self._wants_json(query):
            return Response.json(200, [t.to_json() for t in texts])
        return _html(200, pages.sms_page(texts))

    def _leads(self, query: str) -> Response:
        leads = self.server.site.list_leads()
        return Response.json(200, leads) if self._wants_json(query) else _html(200, pages.leads_page(leads))

    def _aws(self) -> Response:
        site = self.server.site
        if site.aws is None:
            body = {"title": "AWS", "detail": site.unavailable_reason}
            return Response(404, [("content-type", "application/problem+json")], json.dumps(body).encode())
        return Response.json(200, site.aws())

    def _users(self) -> Response:
        site = self.server.site
        if site.users is None:
            return self._unavailable("Desk users", site.unavailable_reason)
        return Response.json(200, site.users())

    def _wants_json(self, query: str) -> bool:
        accept = (self.headers.get("accept") or "").lower()
        return ("application/json" in accept and "text/html" not in accept) or parse_qs(query).get("format") == ["json"]

    def _unavailable(self, title: str, reason: str) -> Response:
        if self._wants_json(""):
            return Response(404, [("content-type", "application/problem+json")], json.dumps({"title": title, "detail": reason}).encode())
        return _html(404, pages.unavailable_page(title, reason))

    def _static(self, name: str, *, crisis: bool = False, folder: str = "") -> Response:
        # `folder` is only ever one of our routes' fixed names, never from the request.
        file = SITE_DIR / folder / name
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


class Readable(Protocol):
    """The part of a buffered binary stream (the handler's rfile, io.BytesIO) the body reader uses."""

    def read(self, size: int = ..., /) -> bytes: ...
    def readline(self, size: int = ..., /) -> bytes: ...


_REFUSALS = {
    421: "refused a request for another host name (421): this stack answers only 127.0.0.1, localhost and [::1] on port {port}",
    400: "refused a request without exactly one Host header (400)",
}


def host_refusal(hosts: list[str], port: int) -> int | None:
    """None when the request's one Host header names this stack; else the status to refuse it with.

    400 for no Host header, an empty one or several (RFC 9112 3.2); 421 Misdirected Request for any
    other name or port. Names compare without case; nothing else is normalized ("localhost." is
    another name).
    """
    if len(hosts) != 1 or not hosts[0].strip():
        return 400
    own = {f"{name}:{port}" for name in OWN_HOST_NAMES}
    if port == 80:
        own.update(OWN_HOST_NAMES)
    return None if hosts[0].strip().lower() in own else 421


def read_body(rfile: Readable, headers: Message, limit: int = MAX_BODY) -> bytes | None:
    """The request body as RFC 9112 frames it; None when it is over `limit`. Raises ValueError when malformed.

    Content-Length: one value of digits only, and that many bytes must arrive. Transfer-Encoding:
    "chunked" only, never beside a Content-Length (RFC 9112 6.3 allows refusing that: it is how
    requests are smuggled past a proxy). Any other framing is a 400, never a guess.
    """
    codings = headers.get_all("transfer-encoding") or []
    lengths = headers.get_all("content-length") or []
    if codings:
        if lengths or ",".join(codings).strip().lower() != "chunked":
            raise ValueError("unsupported framing")
        return _read_chunked(rfile, limit)
    if not lengths:
        return b""
    if len(lengths) != 1 or not _CONTENT_LENGTH.fullmatch(lengths[0].strip()):
        raise ValueError("bad content-length")
    length = int(lengths[0])
    if length > limit:
        return None
    body = rfile.read(length) if length else b""
    if len(body) < length:
        raise ValueError("truncated body")
    return body


def _read_chunked(rfile: Readable, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        # A chunk extension (";name=value") may follow the size: allowed and ignored.
        digits = _line(rfile, MAX_LINE).split(b";", 1)[0].rstrip(b" \t")
        if not _CHUNK_SIZE.fullmatch(digits):
            raise ValueError("bad chunk size")
        length = int(digits, 16)
        if length == 0:
            break
        size += length
        if size > limit:  # before reading the data: a size alone can claim more than the cap
            return None
        data = rfile.read(length)
        if len(data) < length or rfile.read(2) != b"\r\n":
            raise ValueError("truncated or unterminated chunk")
        chunks.append(data)
    budget = MAX_LINE  # trailer fields are read and dropped, up to the empty line
    while line := _line(rfile, budget):
        budget -= len(line) + 2
    return b"".join(chunks)


def _line(rfile: Readable, limit: int) -> bytes:
    """One CRLF-terminated line without its CRLF; ValueError when longer than `limit` or cut off."""
    line = rfile.readline(limit + 1)
    if len(line) > limit or not line.endswith(b"\r\n"):
        raise ValueError("bad line")
    return line[:-2]


def _html(status: int, text: str) -> Response:
    return Response(status, [("content-type", "text/html; charset=utf-8"), ("cache-control", "no-store")], text.encode("utf-8"))


def make_server(port: int, site: Site | None = None) -> LocalServer:
    """Bind 127.0.0.1:port (0 picks a free port); `site` is attached before serving."""
    server = LocalServer(("127.0.0.1", port), _Handler)
    if site is not None:
        server.site = site
    return server
