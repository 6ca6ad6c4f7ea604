"""The per-source rate limit through the submit handler under moto."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import boto3
import pytest
from infra.local.runtime import LambdaContext

from leadcapture.intake import handler as submit
from tests.conftest import ENV, http_event, json_event, valid_lead
from tests.integration.abuse import emitted
from tests.integration.helpers import stored_leads

IP = "198.51.100.77"
HTML_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def limit_of_3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RATE_LIMIT_PER_HOUR", "3")
    monkeypatch.setenv("RATE_LIMIT_KEY", "test-hmac-key")


def post(n: int, ip: str, context: LambdaContext) -> dict[str, object]:
    # Distinct submissions, so the duplicate defence does not answer them from its cache.
    answer: dict[str, object] = submit.handler(json_event(valid_lead(message=f"request {n}"), source_ip=ip), context)
    return answer


def test_n_plus_one_posts_give_exactly_one_429_with_retry_after_and_nothing_stored(
    aws: None, limit_of_3: None, lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str]
) -> None:
    answers = [post(n, IP, lambda_context) for n in range(4)]
    assert [a["statusCode"] for a in answers] == [201, 201, 201, 429]
    refused = answers[3]
    headers = refused["headers"]
    assert isinstance(headers, dict)
    assert headers["Content-Type"] == "application/problem+json"
    assert 1 <= int(headers["Retry-After"]) <= 3600
    assert json.loads(str(refused["body"]))["status"] == 429
    assert len(stored_leads()) == 3
    assert emitted(capfd.readouterr().out)["RateLimited"] == 1


def test_another_source_is_not_affected(aws: None, limit_of_3: None, lambda_context: LambdaContext) -> None:
    for n in range(4):
        post(n, IP, lambda_context)
    assert post(9, "198.51.100.78", lambda_context)["statusCode"] == 201


def test_invalid_posts_count_too(aws: None, limit_of_3: None, lambda_context: LambdaContext) -> None:
    bad = [submit.handler(json_event({"first_name": "x"}, source_ip=IP), lambda_context)["statusCode"] for _ in range(3)]
    assert bad == [422, 422, 422]
    assert post(1, IP, lambda_context)["statusCode"] == 429
    assert stored_leads() == []


def test_the_table_holds_a_keyed_hash_and_a_ttl_never_the_ip(aws: None, limit_of_3: None, lambda_context: LambdaContext) -> None:
    post(0, IP, lambda_context)
    [item] = boto3.client("dynamodb").scan(TableName=ENV["RATE_LIMIT_TABLE_NAME"])["Items"]
    assert IP not in json.dumps(item)
    assert item["count"] == {"N": "1"}
    assert int(item["expires_at"]["N"]) > 0


def test_a_plain_form_post_over_the_limit_gets_a_readable_page(aws: None, limit_of_3: None, lambda_context: LambdaContext) -> None:
    for n in range(3):
        post(n, IP, lambda_context)
    fields = {k: "on" if v is True else str(v) for k, v in valid_lead().items()}
    answer = submit.handler(
        http_event(urlencode(fields), content_type="application/x-www-form-urlencoded", accept=HTML_ACCEPT, source_ip=IP), lambda_context
    )
    assert answer["statusCode"] == 429
    assert answer["headers"]["Content-Type"].startswith("text/html")
    assert "Retry-After" in answer["headers"]
    assert "Too many requests" in answer["body"]


def test_zero_turns_the_limit_off(aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RATE_LIMIT_PER_HOUR", "0")
    assert {post(n, IP, lambda_context)["statusCode"] for n in range(25)} == {201}
    assert boto3.client("dynamodb").scan(TableName=ENV["RATE_LIMIT_TABLE_NAME"])["Items"] == []


def test_the_default_limit_is_20(aws: None, lambda_context: LambdaContext) -> None:
    codes = [post(n, IP, lambda_context)["statusCode"] for n in range(21)]
    assert codes == [201] * 20 + [429]


def test_the_hmac_key_is_read_from_secrets_manager(aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch) -> None:
    from leadcapture.intake.domain.rate_limit import source_id

    arn = boto3.client("secretsmanager").create_secret(Name="lead-capture/rate-limit-key", SecretString="from-secrets-manager")["ARN"]
    monkeypatch.setenv("RATE_LIMIT_KEY_SECRET", arn)
    monkeypatch.setenv("RATE_LIMIT_KEY", "ignored-when-the-secret-is-set")
    post(0, IP, lambda_context)
    [item] = boto3.client("dynamodb").scan(TableName=ENV["RATE_LIMIT_TABLE_NAME"])["Items"]
    assert item["pk"]["S"].startswith(source_id(IP, b"from-secrets-manager") + "#")


def test_an_unreadable_key_secret_or_counter_lets_people_through(
    aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RATE_LIMIT_PER_HOUR", "1")
    monkeypatch.setenv("RATE_LIMIT_KEY_SECRET", "no-such-secret")
    assert [post(n, IP, lambda_context)["statusCode"] for n in range(3)] == [201, 201, 201]

    monkeypatch.delenv("RATE_LIMIT_KEY_SECRET")
    monkeypatch.setenv("RATE_LIMIT_TABLE_NAME", "no-such-table")
    from tests.conftest import reset_caches

    reset_caches()
    assert [post(n, IP, lambda_context)["statusCode"] for n in range(3, 6)] == [201, 201, 201]
