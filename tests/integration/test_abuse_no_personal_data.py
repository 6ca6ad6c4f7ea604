"""Every defence's path leaves no submitted value, token or IP in logs or metrics.

Runs origin refused, rate limited, honeypot quarantined, duplicate replayed, duplicate in flight,
reused key, bot check failed and bot check unavailable with our logger and Powertools' at DEBUG and
file-descriptor capture, then searches the output.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from infra.local.runtime import LambdaContext

from leadcapture.intake import handler as submit
from tests import siteverify
from tests.conftest import ENV, json_event, valid_lead
from tests.integration.abuse import on_call

SOURCE_IP = "198.51.100.201"
KEY = "c0ffee00-feed-4bad-9dad-0123456789ab"
TOKEN = "pass-Zeppelinroute"
PERSON = valid_lead(
    first_name="Wilhelmina", last_name="Quackenbush", email="w.quack@example.org", phone="(415) 555-2671", message="Obsidian fog"
)
SENSITIVE = ["Wilhelmina", "Quackenbush", "w.quack@example.org", "4155552671", "555-2671", "Obsidian", SOURCE_IP, KEY, "Zeppelinroute"]


@pytest.fixture
def defended(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[siteverify.Siteverify]:
    boto3.client("ssm").put_parameter(Name="/t/turnstile", Value=siteverify.SECRET, Type="SecureString")
    with siteverify.serve() as server:
        monkeypatch.setenv("TURNSTILE_SECRET_PARAMETER", "/t/turnstile")
        monkeypatch.setenv("TURNSTILE_VERIFY_URL", server.url)
        monkeypatch.setenv("TURNSTILE_TIMEOUT_SECONDS", "0.5")
        monkeypatch.setenv("ALLOWED_ORIGINS", "https://practice.example")
        monkeypatch.setenv("RATE_LIMIT_PER_HOUR", "12")
        yield server


def post(context: LambdaContext, token: str = TOKEN, **overrides: Any) -> int:
    headers = overrides.pop("headers", {})
    data = {**PERSON, **overrides, "cf-turnstile-response": token}
    return int(submit.handler(json_event(data, source_ip=SOURCE_IP, headers=headers), context)["statusCode"])


def run_every_defence(context: LambdaContext) -> None:
    assert post(context, headers={"Origin": "https://evil.example"}) == 403
    assert post(context, headers={"Idempotency-Key": KEY}) == 201
    assert post(context, headers={"Idempotency-Key": KEY}) == 201  # replayed
    assert post(context, headers={"Idempotency-Key": KEY}, message="Obsidian other") == 422  # reused key
    assert post(context, headers={"Idempotency-Key": "bad key"}) == 400
    assert post(context, website="Obsidian.example") == 201  # quarantined
    assert post(context, token="fail", message="Obsidian fail") == 403
    assert post(context, token="boom", message="Obsidian boom") == 503

    entered, release = threading.Event(), threading.Event()

    def hold() -> None:
        entered.set()
        release.wait(10)

    with on_call("PutItem", ENV["LEADS_TABLE_NAME"], hold):
        first = threading.Thread(target=post, args=(context,), kwargs={"message": "Obsidian twice"})
        first.start()
        assert entered.wait(10)
        assert post(context, message="Obsidian twice") == 409
        release.set()
        first.join(10)
    assert 429 in [post(context, message="Obsidian flood") for _ in range(12)]


def test_no_submitted_value_token_or_ip_reaches_logs_or_metrics(
    defended: siteverify.Siteverify, lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=ENV["POWERTOOLS_SERVICE_NAME"])
    caplog.set_level(logging.DEBUG, logger="aws_lambda_powertools")
    run_every_defence(lambda_context)
    captured = capfd.readouterr()
    output = captured.out + captured.err + "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    for seen in ("OriginRefused", "DuplicateReplayed", "SpamQuarantined", "CaptchaFailed", "DuplicateInFlight", "RateLimited"):
        assert seen in output, f"the capture did not see {seen}"
    assert [value for value in SENSITIVE if value.lower() in output.lower()] == []
