"""Schemathesis hooks (loaded through SCHEMATHESIS_HOOKS by tests/e2e/test_schemathesis.py).

Every other generated request carries a charset parameter on its content type, taken in turn
from what browsers send and from labels that once made Python's codecs fail with a 500 (undefined,
idna, punycode, utf-7 ...), quoted and in upper case too: none may get a server error.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

import schemathesis

CHARSETS = [
    "utf-8",
    '"UTF-8"',
    "iso-8859-1",
    "undefined",
    '"undefined"',
    "UNDEFINED",
    "idna",
    "punycode",
    "utf-7",
    "utf-16",
    "rot13",
    "base64",
    "x-klingon",
    "",
    "utf-8; charset=idna",
    "a" * 300,
]
_turn = itertools.cycle(itertools.chain.from_iterable((None, charset) for charset in CHARSETS))
# One line per request sent with a charset: the label's index and the status (the test reads it).
LOG = os.environ.get("LEADCAPTURE_CHARSET_LOG")


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    charset = next(_turn)
    if charset is None or not case.media_type or "multipart" in case.media_type:
        return
    headers = dict(case.headers or {})
    if not any(name.lower() == "content-type" for name in headers):
        headers["Content-Type"] = f"{case.media_type}; charset={charset}"
        case.headers = headers


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    sent = next((v for k, v in (case.headers or {}).items() if k.lower() == "content-type"), "")
    if LOG and "charset=" in sent:
        label = sent.split("charset=", 1)[1]
        with Path(LOG).open("a") as log:
            log.write(f"{CHARSETS.index(label) if label in CHARSETS else -1} {response.status_code}\n")
