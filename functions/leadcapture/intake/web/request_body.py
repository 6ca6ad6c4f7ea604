"""Turn a raw POST body into a flat mapping of field names to values.

Knows the three encodings the form may use (JSON, urlencoded, multipart) and API Gateway's base64
flag, and nothing of Lambda events or of the fields' meaning. Failures raise MalformedBody (400),
BodyTooLarge (413) or UnsupportedMediaType (415).
"""

from __future__ import annotations

import binascii
import json
import re
from base64 import b64decode
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesParser
from urllib.parse import parse_qsl

from leadcapture.kernel.errors import BodyTooLarge, MalformedBody, UnsupportedMediaType

MAX_BODY_BYTES = 32 * 1024
# Enough for any real form; bounds the work a hostile body can cause.
MAX_FIELDS = 100
MAX_JSON_DEPTH = 20

# The charsets a browser labels a body with, and the Python codec for each. Anything else is a 415:
# Python's codec registry also holds idna, punycode, utf-7, rot13 ... which no form sends, and
# some of which fail with errors other than UnicodeDecodeError.
CHARSETS = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "us-ascii": "ascii",
    "iso-8859-1": "latin-1",
    "latin1": "latin-1",
    "latin-1": "latin-1",
    "windows-1252": "cp1252",
}
# A charset label short and plain enough to repeat in the 415's words (it is a header token).
_NAMEABLE = re.compile(r"[A-Za-z0-9._:+-]{1,40}")

JSON = "application/json"
URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


@dataclass(frozen=True, slots=True)
class ParsedBody:
    fields: dict[str, object]
    # Keys that appeared more than once; the last value is in `fields`.
    repeated: frozenset[str]
    media_type: str
    # Every value of each repeated key, in order (a checkbox group posts its name once per box ticked).
    every: dict[str, list[object]] = field(default_factory=dict)


def media_type_of(content_type: str | None) -> tuple[str, dict[str, str]]:
    """The lower-cased media type and its parameters ("charset", "boundary", ...)."""
    if not content_type:
        return "", {}
    message = Message()
    message["content-type"] = content_type
    media_type = message.get_content_type() if "/" in content_type.split(";")[0] else ""
    params = {k.lower(): str(v) for k, v in (message.get_params() or [])[1:]}
    return media_type.lower(), params


def decode_raw(body: str | None, *, is_base64: bool) -> bytes:
    """The body's bytes, with API Gateway's base64 undone; the size limit applies to the result."""
    if body is None:
        return b""
    if is_base64:
        if len(body) > (MAX_BODY_BYTES * 4) // 3 + 8:
            raise BodyTooLarge("body is over the size limit")
        try:
            raw = b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise MalformedBody("body is not valid base64") from None
    else:
        raw = body.encode("utf-8", "surrogatepass")
    if len(raw) > MAX_BODY_BYTES:
        raise BodyTooLarge("body is over the size limit")
    return raw


def parse_body(body: str | None, *, is_base64: bool, content_type: str | None) -> ParsedBody:
    media_type, params = media_type_of(content_type)
    if media_type not in {JSON, URLENCODED, MULTIPART}:
        raise UnsupportedMediaType("content type must be application/json, application/x-www-form-urlencoded or multipart/form-data")
    charset = codec_for(params.get("charset"))
    raw = decode_raw(body, is_base64=is_base64)
    if not raw.strip():
        raise MalformedBody("body is empty")
    if media_type == JSON:
        return _parse_json(_decode(raw, charset), media_type)
    if media_type == URLENCODED:
        return _parse_urlencoded(raw, charset, media_type)
    return _parse_multipart(raw, content_type or "", media_type)


def codec_for(label: str | None) -> str:
    """The codec for a charset label (none given: UTF-8); UnsupportedMediaType for any other."""
    if label is None:
        return "utf-8"
    codec = CHARSETS.get(label.strip().strip('"').lower())
    if codec is None:
        named = f"charset {label} is" if _NAMEABLE.fullmatch(label) else "this charset is"
        raise UnsupportedMediaType(f"{named} not supported: send UTF-8")
    return codec


def _decode(raw: bytes, charset: str) -> str:
    try:
        return raw.decode(charset)
    except UnicodeDecodeError:
        raise MalformedBody(f"body is not valid {charset}") from None


def _collect(pairs: list[tuple[str, object]], media_type: str) -> ParsedBody:
    if len(pairs) > MAX_FIELDS:
        raise MalformedBody(f"body has more than {MAX_FIELDS} fields")
    fields: dict[str, object] = {}
    every: dict[str, list[object]] = {}
    for key, value in pairs:
        every.setdefault(key, []).append(value)
        fields[key] = value
    repeated = {key: values for key, values in every.items() if len(values) > 1}
    return ParsedBody(fields, frozenset(repeated), media_type, repeated)


def _parse_json(text: str, media_type: str) -> ParsedBody:
    pairs: list[tuple[str, object]] = []

    def top_level(items: list[tuple[str, object]]) -> dict[str, object]:
        # Called for every object, innermost first; the last call is the top-level object.
        pairs[:] = items
        return dict(items)

    try:
        document = json.loads(text, object_pairs_hook=top_level)
    except RecursionError:
        # The parser's own recursion limit bounds the work (the body is at most 32 KiB).
        raise MalformedBody("body is nested too deeply") from None
    except ValueError:
        raise MalformedBody("body is not valid JSON") from None
    if not isinstance(document, dict):
        raise MalformedBody("body must be a JSON object")
    if nesting_depth(document) > MAX_JSON_DEPTH:
        raise MalformedBody("body is nested too deeply")
    return _collect(pairs, media_type)


def nesting_depth(value: object) -> int:
    """How many objects and arrays deep a parsed JSON value goes (a scalar: 0). Strings never count."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in children)
    return deepest


def _parse_urlencoded(raw: bytes, charset: str, media_type: str) -> ParsedBody:
    text = _decode(raw, charset)
    try:
        pairs = parse_qsl(text, keep_blank_values=True, encoding=charset, errors="strict", max_num_fields=MAX_FIELDS)
    except UnicodeDecodeError:
        raise MalformedBody(f"body is not valid {charset}") from None
    except ValueError:
        raise MalformedBody(f"body has more than {MAX_FIELDS} fields") from None
    return _collect(list(pairs), media_type)


def _parse_multipart(raw: bytes, content_type: str, media_type: str) -> ParsedBody:
    _, params = media_type_of(content_type)
    if not params.get("boundary"):
        raise MalformedBody("multipart body has no boundary")
    # Imported here: the policy's header registry costs every cold start ~4 ms, and most posts are
    # JSON or urlencoded.
    from email.policy import HTTP

    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=HTTP).parsebytes(head + raw)
    if not message.is_multipart() or message.defects:
        raise MalformedBody("multipart body is malformed")
    pairs: list[tuple[str, object]] = []
    for part in message.iter_parts():
        if part.get_content_disposition() != "form-data":
            raise MalformedBody("multipart part is not form-data")
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or not name:
            raise MalformedBody("multipart part has no name")
        if part.get_filename() is not None:
            continue  # files are never accepted or stored; the form has none
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            raise MalformedBody("multipart part is malformed")
        label = part.get_param("charset")
        pairs.append((name, _decode(payload, codec_for(None if label is None else str(label)))))
        if len(pairs) > MAX_FIELDS:
            break
    return _collect(pairs, media_type)
