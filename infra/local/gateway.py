"""API Gateway HTTP API, locally: an HTTP request becomes a payload-2.0 event, the function's answer
becomes the HTTP response, and CORS is answered by the gateway as the deployed API's CORS
configuration answers it.

What API Gateway does that the handler relies on, and is reproduced here: header names lower-cased
and repeated headers joined with commas, the Cookie header moved to `cookies`, `rawPath` and
`rawQueryString` as sent, the client address in `requestContext.http.sourceIp`, a fresh request id,
and every body that is not JSON or text (form bodies included) base64-encoded with
`isBase64Encoded: true`. Routes are method + path, where `{name}` in a route's path matches one
non-empty path segment and arrives in `pathParameters`, as on an HTTP API: anything no route
matches is a 404, as on an HTTP API without a `$default` route. A configured CORS policy answers preflight requests
without calling the function and replaces any CORS headers the function returns.
"""

from __future__ import annotations

import base64
import json
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from .runtime import ACCOUNT_ID

# Bodies API Gateway hands over as text; everything else, and a body without a content type, is base64.
_TEXT_MEDIA = ("text/", "application/json", "application/javascript", "application/xml")
_TEXT_SUFFIXES = ("+json", "+xml")


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str
    headers: list[tuple[str, str]]
    body: bytes
    source_ip: str
    protocol: str = "HTTP/1.1"

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.headers if k.lower() == name]
        return ",".join(values) if values else None


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    @classmethod
    def json(cls, status: int, document: object) -> Response:
        return cls(status, [("content-type", "application/json")], json.dumps(document, separators=(",", ":")).encode())


@dataclass(frozen=True)
class Cors:
    """An HTTP API CorsConfiguration: which origins, methods and request headers are allowed.

    The Origin header is matched against `allow_origins` as a plain string, as API Gateway
    matches it (AWS documents exact origins and `*`, no normalization). The stack passes the
    settings' list, which is in the normal form browsers send (leadcapture/origins.py), just as
    the template's AllowedPattern admits only that form.
    """

    allow_origins: tuple[str, ...]
    allow_methods: tuple[str, ...] = ("POST",)
    allow_headers: tuple[str, ...] = ("content-type", "idempotency-key")
    max_age: int = 600

    def allows(self, origin: str | None) -> bool:
        return bool(origin) and ("*" in self.allow_origins or origin in self.allow_origins)

    def origin_header(self, origin: str) -> str:
        return "*" if "*" in self.allow_origins else origin


Handler = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class Route:
    """One route (`GET /actions/{token}`) integrated with one function."""

    method: str
    path: str
    invoke: Handler

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def parameters(self, path: str) -> dict[str, str] | None:
        """The path parameters when `path` matches this route's path (any method), else None."""
        pattern = "".join(
            _parameter(part[1:-1]) if part.startswith("{") and part.endswith("}") else re.escape(part)
            for part in re.split(r"(\{[^/{}]+\})", self.path)
        )
        found = re.fullmatch(pattern, path)
        return found.groupdict() if found else None


def _parameter(name: str) -> str:
    """A path parameter's pattern: one segment, or (a greedy `{proxy+}`, last in a route) the rest of the path."""
    return f"(?P<{name[:-1]}>.+)" if name.endswith("+") else f"(?P<{name}>[^/]+)"


class Gateway:
    """One HTTP API: its routes, each integrated with one function, and its CORS configuration."""

    def __init__(self, *, routes: Sequence[Route], cors: Cors | None, on_error: Callable[[Exception], None]) -> None:
        self.routes = tuple(routes)
        self.cors = cors
        self._on_error = on_error

    def serves(self, path: str) -> bool:
        """True when some route (of any method) has this path."""
        return any(route.parameters(path) is not None for route in self.routes)

    def shown_path(self, path: str) -> str:
        """The path for a log line: the route's own (`/actions/{token}`), never a parameter's value."""
        return next((route.path for route in self.routes if route.parameters(path) is not None), path)

    def handle(self, request: Request) -> Response:
        request_id = new_request_id()
        origin = request.header("origin")
        route, parameters = self._route(request)
        if request.method == "OPTIONS" and self.cors is not None and origin and request.header("access-control-request-method"):
            response = self._preflight(origin)
        elif route is None:
            response = Response.json(404, {"message": "Not Found"})
        else:
            response = self._integrate(route, parameters, request, request_id)
            self._add_cors(response, origin)
        response.headers.append(("apigw-requestid", request_id))
        return response

    def _route(self, request: Request) -> tuple[Route | None, dict[str, str]]:
        for route in self.routes:
            if route.method == request.method and (parameters := route.parameters(request.path)) is not None:
                return route, parameters
        return None, {}

    def _integrate(self, route: Route, parameters: dict[str, str], request: Request, request_id: str) -> Response:
        event = to_event(request, route_key=route.key, request_id=request_id, path_parameters=parameters)
        try:
            result = route.invoke(event)
        except Exception as err:  # a function error: API Gateway answers 500 and the function's log has it
            self._on_error(err)
            return Response.json(500, {"message": "Internal Server Error"})
        return from_result(result)

    def _preflight(self, origin: str) -> Response:
        response = Response(204)
        if self.cors is not None and self.cors.allows(origin):
            response.headers += [
                ("access-control-allow-origin", self.cors.origin_header(origin)),
                ("access-control-allow-methods", ",".join(self.cors.allow_methods)),
                ("access-control-allow-headers", ",".join(self.cors.allow_headers)),
                ("access-control-max-age", str(self.cors.max_age)),
                ("vary", "origin"),
            ]
        return response

    def _add_cors(self, response: Response, origin: str | None) -> None:
        if self.cors is None:
            return
        response.headers = [(k, v) for k, v in response.headers if not k.lower().startswith("access-control-")]
        if origin and self.cors.allows(origin):
            response.headers += [("access-control-allow-origin", self.cors.origin_header(origin)), ("vary", "origin")]


def new_request_id() -> str:
    """An id shaped like API Gateway's (`JKJaXmPLvHcESHA=`)."""
    return base64.b64encode(os.urandom(10)).decode("ascii")


def is_text(content_type: str | None) -> bool:
    media = (content_type or "").split(";")[0].strip().lower()
    return bool(media) and (media.startswith(_TEXT_MEDIA) or media.endswith(_TEXT_SUFFIXES))


def to_event(
    request: Request, *, route_key: str, request_id: str, now: float | None = None, path_parameters: dict[str, str] | None = None
) -> dict[str, Any]:
    """The payload-2.0 event API Gateway would send the function for this request."""
    at = time.time() if now is None else now
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in request.headers:
        key = name.lower()
        if key == "cookie":
            cookies += [c.strip() for c in value.split(";") if c.strip()]
            continue
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    headers["x-forwarded-for"] = f"{headers['x-forwarded-for']}, {request.source_ip}" if "x-forwarded-for" in headers else request.source_ip
    headers.setdefault("x-forwarded-proto", "http")
    host = headers.get("host", "127.0.0.1")
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": request.path,
        "rawQueryString": request.query,
    }
    if cookies:
        event["cookies"] = cookies
    event["headers"] = headers
    if request.query:
        params: dict[str, str] = {}
        for key, value in parse_qsl(request.query, keep_blank_values=True):
            params[key] = f"{params[key]},{value}" if key in params else value
        event["queryStringParameters"] = params
    if path_parameters:
        event["pathParameters"] = dict(path_parameters)
    event["requestContext"] = {
        "accountId": ACCOUNT_ID,
        "apiId": "local",
        "domainName": host,
        "domainPrefix": host.split(".")[0],
        "http": {
            "method": request.method,
            "path": request.path,
            "protocol": request.protocol,
            "sourceIp": request.source_ip,
            "userAgent": headers.get("user-agent", ""),
        },
        "requestId": request_id,
        "routeKey": route_key,
        "stage": "$default",
        "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(at)),
        "timeEpoch": int(at * 1000),
    }
    if request.body:
        text = None
        if is_text(headers.get("content-type")):
            try:
                text = request.body.decode("utf-8")
            except UnicodeDecodeError:
                text = None
        event["body"] = text if text is not None else base64.b64encode(request.body).decode("ascii")
        event["isBase64Encoded"] = text is None
    else:
        event["isBase64Encoded"] = False
    return event


def from_result(result: Any) -> Response:
    """The HTTP response API Gateway makes of a function's payload-2.0 answer."""
    if not isinstance(result, dict) or "statusCode" not in result:
        # A function that returns plain JSON: API Gateway infers 200 and sends it as the body.
        text = result if isinstance(result, str) else json.dumps(result)
        return Response(200, [("content-type", "application/json")], text.encode())
    headers = [(str(k).lower(), str(v)) for k, v in (result.get("headers") or {}).items()]
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers += [(str(name).lower(), str(v)) for v in values]
    headers += [("set-cookie", str(c)) for c in result.get("cookies") or []]
    raw = result.get("body") or ""
    body = base64.b64decode(raw) if result.get("isBase64Encoded") else str(raw).encode("utf-8")
    return Response(int(result["statusCode"]), headers, body)
