"""The per-source counter: exact DynamoDB calls (botocore's Stubber), window maths, keyed hashing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from leadcapture.intake.adapters import rate_counter
from leadcapture.intake.adapters.rate_counter import RateCounter as RateLimiter
from leadcapture.intake.domain.rate_limit import source_id
from leadcapture.intake.settings import SubmitSettings
from leadcapture.kernel.errors import RateLimited
from tests.settings import make_settings

KEY = b"k" * 32
IP = "203.0.113.7"
# 2026-11-28 14:10:00 UTC: 600 s into the hour that starts at 14:00.
NOW = 1795875000.0
WINDOW_START = 1795874400
WINDOW_END = WINDOW_START + 3600


@pytest.fixture
def stubbed() -> Iterator[tuple[RateLimiter, Stubber]]:
    client = boto3.client("dynamodb", region_name="us-east-1")
    with Stubber(client) as stubber:
        yield RateLimiter("rate-limits-test", limit=3, key=lambda: KEY, client=client), stubber
        stubber.assert_no_pending_responses()


def expect_count(stubber: Stubber, count: int) -> None:
    stubber.add_response(
        "update_item",
        {"Attributes": {"count": {"N": str(count)}}},
        {
            "TableName": "rate-limits-test",
            "Key": {"pk": {"S": f"{source_id(IP, KEY)}#{WINDOW_START}"}},
            "UpdateExpression": "ADD #count :one SET expires_at = if_not_exists(expires_at, :expires_at)",
            "ExpressionAttributeNames": {"#count": "count"},
            "ExpressionAttributeValues": {":one": {"N": "1"}, ":expires_at": {"N": str(WINDOW_END + 300)}},
            "ReturnValues": "UPDATED_NEW",
        },
    )


def test_the_source_is_a_keyed_hash_never_the_ip() -> None:
    hashed = source_id(IP, KEY)
    assert IP not in hashed and len(hashed) == 32
    assert source_id(IP, KEY) == hashed
    assert source_id(IP, b"another key" * 3) != hashed
    assert source_id("203.0.113.8", KEY) != hashed
    assert source_id("2001:DB8::1", KEY) == source_id("2001:db8::1", KEY)


def test_posts_up_to_the_limit_pass_and_the_next_is_refused_with_seconds_to_the_window_end(stubbed: tuple[RateLimiter, Stubber]) -> None:
    limiter, stubber = stubbed
    for count in (1, 2, 3, 4):
        expect_count(stubber, count)
    assert [limiter.hit(IP, now=NOW) for _ in range(3)] == [1, 2, 3]
    with pytest.raises(RateLimited) as refused:
        limiter.hit(IP, now=NOW)
    assert refused.value.retry_after == WINDOW_END - int(NOW) == 3000


def test_retry_after_is_at_least_one_second(stubbed: tuple[RateLimiter, Stubber]) -> None:
    limiter, stubber = stubbed
    expect_count(stubber, 9)
    with pytest.raises(RateLimited) as refused:
        limiter.hit(IP, now=WINDOW_END - 0.2)
    assert refused.value.retry_after == 1


def test_a_new_hour_is_a_new_counter() -> None:
    client = boto3.client("dynamodb", region_name="us-east-1")
    limiter = RateLimiter("rate-limits-test", limit=3, key=lambda: KEY, client=client)
    with Stubber(client) as stubber:
        stubber.add_response("update_item", {"Attributes": {"count": {"N": "1"}}}, {
            "TableName": "rate-limits-test",
            "Key": {"pk": {"S": f"{source_id(IP, KEY)}#{WINDOW_END}"}},
            "UpdateExpression": "ADD #count :one SET expires_at = if_not_exists(expires_at, :expires_at)",
            "ExpressionAttributeNames": {"#count": "count"},
            "ExpressionAttributeValues": {":one": {"N": "1"}, ":expires_at": {"N": str(WINDOW_END + 3600 + 300)}},
            "ReturnValues": "UPDATED_NEW",
        })  # fmt: skip
        assert limiter.hit(IP, now=WINDOW_END + 1) == 1
        stubber.assert_no_pending_responses()


def test_limit_zero_or_no_source_address_counts_nothing() -> None:
    client = boto3.client("dynamodb", region_name="us-east-1")
    with Stubber(client) as stubber:  # no response queued: any call would fail the test
        assert RateLimiter("t", limit=0, key=lambda: KEY, client=client).hit(IP, now=NOW) is None
        assert RateLimiter("t", limit=3, key=lambda: KEY, client=client).hit(None, now=NOW) is None
        assert RateLimiter("t", limit=3, key=lambda: KEY, client=client).hit("", now=NOW) is None
        stubber.assert_no_pending_responses()


def test_an_unreachable_counter_lets_the_post_through(stubbed: tuple[RateLimiter, Stubber], caplog: pytest.LogCaptureFixture) -> None:
    limiter, stubber = stubbed
    stubber.add_client_error("update_item", service_error_code="ProvisionedThroughputExceededException", http_status_code=400)
    assert limiter.hit(IP, now=NOW) is None
    assert "counter unavailable" in caplog.text
    assert IP not in caplog.text


def test_the_key_comes_from_rate_limit_key_else_one_random_key_per_process(caplog: pytest.LogCaptureFixture) -> None:
    def no_client() -> Any:
        raise AssertionError("no secret is named: Secrets Manager is never asked")

    assert rate_counter.key_source(make_settings(SubmitSettings, {"RATE_LIMIT_KEY": "configured-key"}), no_client)() == b"configured-key"
    random_key = rate_counter.key_source(make_settings(SubmitSettings, {}), no_client)
    first, second = random_key(), random_key()
    assert first is not None and len(first) == 32
    assert first == second
    assert caplog.text.count("random per-process key") == 1


def test_the_settings_key_is_not_shown_in_a_repr() -> None:
    settings = make_settings(SubmitSettings, {"RATE_LIMIT_KEY": "configured-key"})
    assert "configured-key" not in repr(settings)


def test_an_ipv6_source_is_counted_by_its_64_and_an_ipv4_by_its_address() -> None:
    # One host is usually given a whole /64: counting full addresses would give it 2**64 allowances.
    same_64 = ("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe", "2001:DB8:1:2:0:0:0:7", "2001:db8:1:2::1%eth0")
    assert len({source_id(ip, KEY) for ip in same_64}) == 1
    assert source_id("2001:db8:1:3::1", KEY) != source_id("2001:db8:1:2::1", KEY)
    assert source_id("203.0.113.7", KEY) != source_id("203.0.113.8", KEY)
    # An IPv4-mapped IPv6 address is that IPv4 client, not the ::ffff:0:0/64 that holds every such address.
    assert source_id("::ffff:203.0.113.7", KEY) == source_id("203.0.113.7", KEY)
    assert source_id("::ffff:203.0.113.8", KEY) != source_id("203.0.113.7", KEY)
    assert source_id(" 203.0.113.7 ", KEY) == source_id("203.0.113.7", KEY)


def test_an_unparsable_source_is_hashed_as_given() -> None:
    assert source_id("not-an-ip", KEY) == source_id("NOT-AN-IP", KEY)
    assert source_id("not-an-ip", KEY) != source_id("not-an-ip-either", KEY)
    assert source_id("unknown", KEY) != source_id("203.0.113.7", KEY)
