"""The origin allow-list through the submit handler under moto."""

from __future__ import annotations

import boto3
import pytest
from infra.local.runtime import LambdaContext

from leadcapture.intake import handler as submit
from tests.conftest import ENV, http_event, json_event, valid_lead
from tests.integration.abuse import emitted
from tests.integration.helpers import stored_leads

ALLOWED = "https://www.practice.example"


@pytest.fixture
def allow_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_ORIGINS", f"{ALLOWED},https://practice.example")
    monkeypatch.setenv("RATE_LIMIT_PER_HOUR", "2")


def test_an_allowed_origin_is_stored_and_gets_cors_headers(aws: None, allow_list: None, lambda_context: LambdaContext) -> None:
    answer = submit.handler(json_event(valid_lead(), headers={"Origin": ALLOWED}), lambda_context)
    assert answer["statusCode"] == 201
    assert answer["headers"]["Access-Control-Allow-Origin"] == ALLOWED
    assert len(stored_leads()) == 1


def test_an_origin_is_compared_without_case_or_a_trailing_slash(aws: None, allow_list: None, lambda_context: LambdaContext) -> None:
    answer = submit.handler(json_event(valid_lead(), headers={"Origin": "HTTPS://Practice.Example/"}), lambda_context)
    assert answer["statusCode"] == 201


@pytest.mark.parametrize("origin", ["https://evil.example", "http://www.practice.example", "https://www.practice.example:8443", "null"])
def test_another_origin_is_403_before_anything_is_counted_or_stored(
    aws: None, allow_list: None, lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str], origin: str
) -> None:
    for _ in range(3):
        answer = submit.handler(json_event(valid_lead(), headers={"Origin": origin}), lambda_context)
        assert answer["statusCode"] == 403
        assert answer["headers"]["Content-Type"] == "application/problem+json"
        assert "Access-Control-Allow-Origin" not in answer["headers"]
    assert stored_leads() == []
    assert boto3.client("dynamodb").scan(TableName=ENV["RATE_LIMIT_TABLE_NAME"])["Items"] == []
    assert emitted(capfd.readouterr().out)["OriginRefused"] == 3


def test_no_origin_header_is_allowed(aws: None, allow_list: None, lambda_context: LambdaContext) -> None:
    assert submit.handler(json_event(valid_lead()), lambda_context)["statusCode"] == 201


def test_without_an_allow_list_every_browser_post_is_refused(aws: None, lambda_context: LambdaContext) -> None:
    answer = submit.handler(json_event(valid_lead(), headers={"Origin": ALLOWED}), lambda_context)
    assert answer["statusCode"] == 403
    assert submit.handler(json_event(valid_lead()), lambda_context)["statusCode"] == 201


def test_a_refused_plain_form_post_gets_a_readable_page(aws: None, allow_list: None, lambda_context: LambdaContext) -> None:
    event = http_event(
        "first_name=Sam&last_name=Rivera&email=sam%40example.com&consent=on",
        content_type="application/x-www-form-urlencoded",
        accept="text/html,*/*;q=0.8",
        headers={"Origin": "https://evil.example"},
    )
    answer = submit.handler(event, lambda_context)
    assert answer["statusCode"] == 403
    assert answer["headers"]["Content-Type"].startswith("text/html")
