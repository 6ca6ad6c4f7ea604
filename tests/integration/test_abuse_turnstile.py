"""Turnstile through the submit handler under moto, against a real local server playing siteverify."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlencode

import boto3
import pytest
from infra.local.runtime import LambdaContext

from leadcapture.intake import handler as submit
from tests import siteverify
from tests.conftest import ENV, http_event, json_event, valid_lead
from tests.integration.abuse import emitted, fail, on_call
from tests.integration.helpers import body_json, stored_leads

PARAMETER = "/lead-capture/test/turnstile-secret"
HTML_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def server(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[siteverify.Siteverify]:
    boto3.client("ssm").put_parameter(Name=PARAMETER, Value=siteverify.SECRET, Type="SecureString")
    with siteverify.serve() as state:
        monkeypatch.setenv("TURNSTILE_SECRET_PARAMETER", PARAMETER)
        monkeypatch.setenv("TURNSTILE_VERIFY_URL", state.url)
        monkeypatch.setenv("TURNSTILE_TIMEOUT_SECONDS", "0.5")
        monkeypatch.setenv("ALLOWED_ORIGINS", "https://practice.example")
        yield state


def with_token(token: str | None, **overrides: object) -> dict[str, object]:
    data = valid_lead(**overrides)
    if token is not None:
        data["cf-turnstile-response"] = token
    return data


def test_a_good_token_stores_the_lead_and_the_token_is_never_stored(server: siteverify.Siteverify, lambda_context: LambdaContext) -> None:
    answer = submit.handler(json_event(with_token("pass-abc"), source_ip="203.0.113.9"), lambda_context)
    assert answer["statusCode"] == 201
    assert server.requests[0]["remoteip"] == "203.0.113.9"
    items = boto3.client("dynamodb").scan(TableName=ENV["LEADS_TABLE_NAME"])["Items"]
    assert len(items) == 1
    assert "pass-abc" not in json.dumps(items) and "turnstile" not in json.dumps(items)


@pytest.mark.parametrize("token", [None, "", "fail", "other-host", "other-action"])
def test_a_missing_or_bad_token_is_403_problem_json_and_nothing_stored(
    server: siteverify.Siteverify, lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str], token: str | None
) -> None:
    answer = submit.handler(json_event(with_token(token)), lambda_context)
    assert answer["statusCode"] == 403
    assert answer["headers"]["Content-Type"] == "application/problem+json"
    assert stored_leads() == []
    assert emitted(capfd.readouterr().out)["CaptchaFailed"] == 1


def test_a_replayed_token_on_another_submission_is_403(server: siteverify.Siteverify, lambda_context: LambdaContext) -> None:
    assert submit.handler(json_event(with_token("once-1")), lambda_context)["statusCode"] == 201
    replay = submit.handler(json_event(with_token("once-1", first_name="Mallory")), lambda_context)
    assert replay["statusCode"] == 403
    assert len(stored_leads()) == 1


def test_a_double_submit_with_one_token_is_one_lead_and_needs_one_siteverify(
    server: siteverify.Siteverify, lambda_context: LambdaContext
) -> None:
    first = submit.handler(json_event(with_token("once-2")), lambda_context)
    second = submit.handler(json_event(with_token("once-2")), lambda_context)
    assert first["statusCode"] == second["statusCode"] == 201
    assert first["body"] == second["body"]
    assert len(server.requests) == 1
    assert len(stored_leads()) == 1


def test_a_retry_after_a_storage_failure_verifies_the_same_token_again(
    server: siteverify.Siteverify, lambda_context: LambdaContext
) -> None:
    with on_call("PutItem", ENV["LEADS_TABLE_NAME"], fail("InternalServerError", "PutItem")):
        assert submit.handler(json_event(with_token("once-3")), lambda_context)["statusCode"] == 503
    retried = submit.handler(json_event(with_token("once-3")), lambda_context)
    assert retried["statusCode"] == 201
    assert server.requests[0]["idempotency_key"] == server.requests[1]["idempotency_key"]
    assert len(stored_leads()) == 1


@pytest.mark.parametrize("token", ["slow", "boom", "not-json"])
def test_siteverify_down_slow_or_garbled_is_503_with_retry_after_and_nothing_stored(
    server: siteverify.Siteverify, lambda_context: LambdaContext, token: str
) -> None:
    server.slow_seconds = 1.5
    answer = submit.handler(json_event(with_token(token)), lambda_context)
    assert answer["statusCode"] == 503
    assert answer["headers"]["Retry-After"] == "5"
    assert stored_leads() == []


def test_a_plain_form_without_a_token_gets_a_readable_403_page(server: siteverify.Siteverify, lambda_context: LambdaContext) -> None:
    fields = urlencode({k: "on" if v is True else str(v) for k, v in valid_lead().items()})
    answer = submit.handler(http_event(fields, content_type="application/x-www-form-urlencoded", accept=HTML_ACCEPT), lambda_context)
    assert answer["statusCode"] == 403
    assert answer["headers"]["Content-Type"].startswith("text/html")
    assert "complete the check" in answer["body"]


def test_an_invalid_form_does_not_spend_the_token(server: siteverify.Siteverify, lambda_context: LambdaContext) -> None:
    assert submit.handler(json_event(with_token("once-4", email="nope", phone=None)), lambda_context)["statusCode"] == 422
    assert server.requests == []
    assert submit.handler(json_event(with_token("once-4")), lambda_context)["statusCode"] == 201


def test_turnstile_is_off_by_default(aws: None, lambda_context: LambdaContext) -> None:
    assert submit.handler(json_event(valid_lead()), lambda_context)["statusCode"] == 201


def test_the_honeypot_still_applies_behind_a_good_token(server: siteverify.Siteverify, lambda_context: LambdaContext) -> None:
    answer = submit.handler(json_event(with_token("pass", website="x")), lambda_context)
    assert answer["statusCode"] == 201
    assert [lead.status for lead in stored_leads()] == ["spam"]
    assert body_json(answer)["status"] == "received"
