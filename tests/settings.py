"""Each function's settings as the tests build them: from variables, like the functions themselves.

`settings(Model, {...})` fills the variables every function requires (tables, sender,
coordinators) with the test values of tests/conftest.py, so a test names only what it is about.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from leadcapture.kernel.settings.base import FunctionSettings

S = TypeVar("S", bound=FunctionSettings)

REQUIRED = {
    "LEADS_TABLE_NAME": "leads-test",
    "IDEMPOTENCY_TABLE_NAME": "idempotency-test",
    "RATE_LIMIT_TABLE_NAME": "rate-limits-test",
    "SENDER_EMAIL": "Consultation form <forms@practice.example>",
    "COORDINATOR_EMAILS": "coordinator@practice.example",
    "THANK_YOU_URL": "https://practice.example/thank-you",
    "HEARTBEAT_URL": "https://api.practice.example/consultations",
    "URGENT_PAGES_QUEUE_URL": "https://sqs.us-east-1.amazonaws.com/123456789012/urgent-pages-test",
    "DESK_SESSIONS_TABLE_NAME": "desk-sessions-test",
    "AUDIT_TABLE_NAME": "audit-test",
    "DESK_USER_POOL_ID": "us-east-1_deskTest",
    "DESK_CLIENT_ID": "desk-test-client",
    # The suites written before EMAIL_DETAIL check the whole email (names, message, Reply-To): they
    # read it at `full`; the tests of `minimal` (the default) and `contact` set it themselves.
    "EMAIL_DETAIL": "full",
}


def make_settings(model: type[S], environ: Mapping[str, str] | None = None) -> S:
    """`model` from the required test values and `environ` (which wins)."""
    return model.from_env({**REQUIRED, **(environ or {})})
