"""Web origins in one normal form: the allow-list (ALLOWED_ORIGINS) and the Origin header alike.

Browsers send `Origin` serialized: lower-case scheme and host, the host in ASCII (punycode), no
default port, no path and no trailing slash. API Gateway matches that header against the
template's AllowedOrigins as plain strings, so the template's pattern admits only https origins
already in this form; the function normalizes both sides with `normal_origin`, so the two agree on
every origin a browser can send.

http is accepted only for the local stack's own names (localhost, 127.0.0.1, [::1]): a browser
posting over plain http from anywhere else is a page nobody should trust with a person's request.
"""

from __future__ import annotations

import re

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
_DEFAULT_PORTS = {"https": "443", "http": "80"}
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
# scheme://host[:port] and one optional trailing slash; the checks on each part follow.
_ORIGIN = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<host>\[::1\]|[^/:?#@\[\]\s]+)(?::(?P<port>[0-9]{1,5}))?/?", re.ASCII)


def normal_origin(value: str) -> str:
    """`value` as a browser sends it in `Origin`; ValueError (saying why) when it is not an origin we accept.

    Accepted: https://host[:port], and http://host[:port] for localhost, 127.0.0.1 and [::1];
    case, a default port and one trailing slash are normalized away. Not: paths, queries,
    user info, wildcards, "null", other schemes, non-ASCII host names (write them in punycode).
    """
    match = _ORIGIN.fullmatch(value.strip())
    if match is None:
        raise ValueError("not an origin: scheme://host[:port], with no path, query or wildcard")
    scheme, host, port = match["scheme"].lower(), match["host"].lower(), match["port"]
    if scheme not in _DEFAULT_PORTS:
        raise ValueError("only https origins (http for localhost, 127.0.0.1 and [::1])")
    if scheme == "http" and host not in LOOPBACK_HOSTS:
        raise ValueError("http is allowed only for localhost, 127.0.0.1 and [::1]; use https")
    if host != "[::1]" and not _HOST.fullmatch(host):
        raise ValueError("not a host name (ASCII letters, digits, hyphens and dots; punycode for others)")
    if port is not None and not 1 <= int(port) <= 65535:
        raise ValueError("port out of range")
    if port is None or int(port) == int(_DEFAULT_PORTS[scheme]):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{int(port)}"
