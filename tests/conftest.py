"""Shared fixtures: fake AWS settings, moto's mock_aws with the leads table and SES identity,
API Gateway HTTP API payload-2.0 events, a Lambda context, and log capture."""

from __future__ import annotations

import base64
import json
import os
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from infra.build import tables
from infra.local.gateway import Request, to_event
from infra.local.runtime import LambdaContext

from tests import personal_data

ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "LEADS_TABLE_NAME": "leads-test",
    "IDEMPOTENCY_TABLE_NAME": "idempotency-test",
    "RATE_LIMIT_TABLE_NAME": "rate-limits-test",
    "DESK_SESSIONS_TABLE_NAME": "desk-sessions-test",
    "AUDIT_TABLE_NAME": "audit-test",
    "SENDER_EMAIL": "Consultation form <forms@practice.example>",
    "COORDINATOR_EMAILS": "coordinator@practice.example",
    "PRACTICE_NAME": "Harbor Therapy",
    "PRACTICE_TIMEZONE": "America/Los_Angeles",
    "THANK_YOU_URL": "https://practice.example/thank-you",
    # The whole email, as the suites written before EMAIL_DETAIL read it (tests/settings.py says why).
    "EMAIL_DETAIL": "full",
    "POWERTOOLS_SERVICE_NAME": "lead-capture-test",
    "POWERTOOLS_METRICS_NAMESPACE": "LeadCaptureTest",
    "POWERTOOLS_TRACE_DISABLED": "true",
    # botocore >= 1.44 sends DynamoDB Streams calls to an account-id endpoint moto does not serve.
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
}
for _name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SESV2"):
    os.environ.pop(_name, None)
os.environ.update(ENV)


def reset_caches() -> None:
    from leadcapture.adapters import aws as aws_state

    aws_state.reset()


@pytest.fixture(autouse=True)
def _fresh_caches(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    reset_caches()
    yield
    reset_caches()


@pytest.fixture
def aws() -> Iterator[None]:
    """moto's in-memory AWS with every table (leads with its stream) and the sender's domain verified."""
    import boto3
    from moto import mock_aws

    with mock_aws():
        tables.create_all(boto3.client("dynamodb"), ENV)
        boto3.client("sesv2").create_email_identity(EmailIdentity="practice.example")
        yield
        # Every audit record (issue 22) is searched by tests/final too: no value may ever be in one.
        personal_data.captured.extend(json.dumps(item) for item in audit_records(boto3.client("dynamodb")))
        # Every text message sent (urgent pages) is searched by tests/final, like every log line.
        from moto.sns.models import sns_backends

        personal_data.captured.extend(text for _, text in sns_backends["123456789012"][ENV["AWS_DEFAULT_REGION"]].sms_messages.values())


def audit_records(client: Any, table: str = ENV["AUDIT_TABLE_NAME"]) -> list[dict[str, Any]]:
    """Every record of an audit table, as DynamoDB holds it (read after a suite, by tests/final)."""
    items: list[dict[str, Any]] = []
    for page in client.get_paginator("scan").paginate(TableName=table):
        items.extend(page.get("Items", []))
    return items


@pytest.fixture
def lambda_context() -> LambdaContext:
    return LambdaContext(function_name="submit", region=ENV["AWS_DEFAULT_REGION"], timeout_seconds=900)


def http_event(
    body: bytes | str | None,
    *,
    content_type: str | None = "application/json",
    accept: str | None = "application/json",
    base64_body: bool | None = None,
    method: str = "POST",
    path: str = "/consultations",
    headers: dict[str, str] | None = None,
    source_ip: str = "203.0.113.7",
    query: str = "",
    remember: bool = True,
) -> dict[str, Any]:
    """An API Gateway HTTP API payload-2.0 event, built by the local stack's gateway (one builder).

    Like API Gateway, form and binary bodies are base64-encoded; `base64_body` forces either way
    (tests of the flag itself). The body's personal values are remembered for the final no-leak
    check (`remember=False` for random data).
    """
    if remember:
        personal_data.remember(body, content_type, source_ip)
    all_headers = [("Host", "api.example.com"), ("User-Agent", "pytest")]
    if content_type is not None:
        all_headers.append(("Content-Type", content_type))
    if accept is not None:
        all_headers.append(("Accept", accept))
    all_headers += list((headers or {}).items())
    raw = body.encode("utf-8") if isinstance(body, str) else body
    request = Request(method=method, path=path, query=query, headers=all_headers, body=raw or b"", source_ip=source_ip)
    event = to_event(request, route_key=f"{method} {path}", request_id=uuid.uuid4().hex)
    if raw is None:
        event["body"] = None
    elif base64_body is not None and base64_body != event["isBase64Encoded"]:
        event["body"] = base64.b64encode(raw).decode("ascii") if base64_body else raw.decode("utf-8")
        event["isBase64Encoded"] = base64_body
    return event


def valid_lead(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "first_name": "Sam",
        "last_name": "Rivera",
        "email": "sam.rivera@example.com",
        "phone": "+1 (213) 555-0117",
        "preferred_contact": "phone",
        "best_time": "morning",
        "session_for": "couples",
        "message": "We would like couples counselling.",
        "consent": True,
    }
    data.update(overrides)
    return data


def json_event(data: object, **kwargs: Any) -> dict[str, Any]:
    return http_event(json.dumps(data), **kwargs)


def pytest_collection_finish(session: pytest.Session) -> None:
    """A run that collected no Hypothesis test (tests/domain alone) drops Hypothesis' plugin.

    The plugin's summary hook imports the whole library even when no test used it: 1.3 s of CPU,
    most of a domain-only run. When a collected test module imported hypothesis it stays.
    """
    if "hypothesis" not in sys.modules:
        session.config.pluginmanager.unregister(name="hypothesispytest")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Keep every test's captured output (stdout, stderr, log records) for the final no-leak check."""
    personal_data.captured.extend(content for name, content in report.sections if name.startswith("Captured"))


@pytest.hookimpl(trylast=True)  # after -k/-m/--deselect and any plugin that reorders
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The final no-leak check (marked `final`) runs after everything else, whatever the folders are called."""
    final = [item for item in items if item.get_closest_marker("final")]
    others = [item for item in items if not item.get_closest_marker("final")]
    items[:] = [*others, *final]
    personal_data.session.others_selected = len(others)
    personal_data.session.xdist_worker = hasattr(config, "workerinput")
