"""The desk's HTTP plumbing: an API Gateway (payload 2.0) event in, an answer out, with the headers
every desk answer carries and its cookies.

Every answer: `Cache-Control: no-store` (the back button after sign-out shows nothing), no referrer,
a CSP with no inline script or style (`style-src 'self'`: the desk's one style sheet), no framing,
nosniff. The session cookie is `__Host-desk` (HttpOnly, Secure, SameSite=Lax, Path=/); over the
local stack's plain HTTP, and only there (DESK_SECURE_COOKIES=false), it cannot be Secure and so
is named `desk`, without the prefix browsers refuse without Secure.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "X-Robots-Tag": "noindex, nofollow",
}
HTML = "text/html; charset=utf-8"
# Forms are small: a note is at most 2,000 characters (percent-encoded, up to 9 bytes each).
MAX_FORM_BYTES = 64 * 1024


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, str]
    cookies: dict[str, str]
    form: dict[str, str]

    @classmethod
    def from_event(cls, event: dict[str, Any]) -> Request:
        http = event.get("requestContext", {}).get("http", {})
        cookies: dict[str, str] = {}
        for pair in event.get("cookies") or []:
            name, _, value = str(pair).partition("=")
            cookies.setdefault(name.strip(), value.strip())
        return cls(
            method=str(http.get("method", "")).upper(),
            path=str(event.get("rawPath") or http.get("path") or ""),
            query={k: str(v) for k, v in (event.get("queryStringParameters") or {}).items()},
            cookies=cookies,
            form=_form(event) if str(http.get("method", "")).upper() == "POST" else {},
        )


def _form(event: dict[str, Any]) -> dict[str, str]:
    body = event.get("body") or ""
    try:
        raw = base64.b64decode(body, validate=True) if event.get("isBase64Encoded") else str(body).encode("utf-8")
    except (binascii.Error, ValueError):
        return {}
    if len(raw) > MAX_FORM_BYTES:
        return {}
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=50)
    except (UnicodeDecodeError, ValueError):
        return {}
    form: dict[str, str] = {}
    for name, value in pairs:
        form.setdefault(name, value)
    return form


@dataclass
class Answer:
    status: int
    body: str = ""
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)
    cookies: list[str] = field(default_factory=list)

    def to_event(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "statusCode": self.status,
            "headers": {**HEADERS, "Content-Type": self.content_type, **self.headers},
            "body": self.body,
            "isBase64Encoded": False,
        }
        if self.cookies:
            answer["cookies"] = list(self.cookies)
        return answer


def redirect(location: str, *, cookies: list[str] | None = None) -> Answer:
    """303 See Other: after a POST, and to the sign-in page (`location` is always one of ours)."""
    return Answer(303, "", headers={"Location": location}, cookies=cookies or [])


@dataclass(frozen=True)
class CookieJar:
    """The desk's cookies' names and attributes: with `secure`, `__Host-` names (HTTPS only, this host
    only, Path=/); without (the local stack's plain HTTP only), plain names and no Secure."""

    secure: bool

    @property
    def session(self) -> str:
        return "__Host-desk" if self.secure else "desk"

    @property
    def sign_in(self) -> str:
        """The sign-in form's CSRF cookie (double submit): the form's first POST has no session yet."""
        return "__Host-desk-sign-in" if self.secure else "desk-sign-in"

    @property
    def return_to(self) -> str:
        """The desk page asked for before sign-in (a path only, checked again on use: routing.return_path)."""
        return "__Host-desk-return" if self.secure else "desk-return"

    def set(self, name: str, value: str, *, max_age: int | None = None) -> str:
        parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
        if self.secure:
            parts.append("Secure")
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        return "; ".join(parts)

    def clear(self, name: str) -> str:
        return self.set(name, "", max_age=0)
