"""A sample of the bad-input catalogue over real HTTP through the local stack.

Each case's body and content type are sent as a client would; the stack's gateway builds the
payload-2.0 event (base64 and all). Expected: the catalogue's status, a problem+json body, and
no lead stored and no email sent for the run's tag.
"""

from __future__ import annotations

import base64
import json

import pytest
from tests.e2e.conftest import RunningStack
from tests.integration.test_bad_input_catalogue import REFUSED, Case

SAMPLE = [
    "not JSON",
    "JSON array",
    "empty body",
    "application/xml",  # (urllib always adds a content type, so "none at all" is covered in-process)
    "text/plain",
    "invalid UTF-8",
    "invalid UTF-8 in a form",
    "32 KiB + 1 decoded",
    "deeply nested JSON",
    "10,000 keys",
    "session_for off by one",
    'consent "maybe"',
    "consent unchecked in a form",
    "RFC 2047 encoded newline in a name",
    "display name in email",
    "homoglyph domain in email",
    "right-to-left override in a name",
    "81 code points in a name",
    "duplicate key in JSON",
    "repeated form field",
    "CR in first_name",
    "U+2028 in last_name",
    "NUL in message",
    "charset=undefined",
    "charset=idna in a form",
    "charset in a multipart part",
    "21 levels of nesting",
    "RFC 2047 encoded word with spaces in a name",
    "urgent marker as a name",
    "Hangul filler as a name",
]
CASES = [case for case in REFUSED if case.name in SAMPLE]


def test_the_sample_names_existing_cases() -> None:
    assert len(CASES) == len(SAMPLE)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_refused_over_http_and_nothing_stored_or_sent(stack: RunningStack, case: Case) -> None:
    event = case.event()
    raw = event.get("body") or ""
    body = base64.b64decode(raw) if event["isBase64Encoded"] else raw.encode("utf-8")
    headers = {"Accept": "application/json"}
    if "content-type" in event["headers"]:
        headers["Content-Type"] = event["headers"]["content-type"]
    leads_before = len(stack.get_json("/_local/leads"))
    emails_before = len(stack.get_json("/_local/outbox"))
    answer = stack.request("POST", "/consultations", body, headers)
    assert answer.status == case.status, answer.body[:300]
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == case.status
    if case.field is not None:
        assert case.field in {e["field"] for e in problem["errors"]}
    assert len(stack.get_json("/_local/leads")) == leads_before
    assert len(stack.get_json("/_local/outbox")) == emails_before
    assert json.dumps(problem).count("evil.example") == 0
