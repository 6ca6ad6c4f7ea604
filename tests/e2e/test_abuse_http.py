"""The abuse defences through the local stack over HTTP.

The stack runs as its own process (`python -m infra.local`) with a rate limit of 3 per hour, pointed
at a moto server that this test process starts: so the tests can read the emails moto's SES kept,
clear the rate counter between tests (every request here comes from 127.0.0.1), and put a
submission "in flight" in the idempotency table the way a running invocation would.

The in-flight case: the local stack runs one invocation at a time (as one Lambda environment
does), so a second HTTP request cannot overtake a running one there. It is shown here over HTTP by
writing the in-progress record a running invocation writes (with Powertools' own persistence
layer, the same configuration the function uses), and at the handler level with two real
threads in tests/integration/test_abuse_duplicates.py.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import boto3
import pytest
from botocore.config import Config
from tests.e2e.conftest import RunningStack, lead_fields, stack_environment, start_stack, stop_stack

from leadcapture.intake.adapters.deduplicator import Deduplicator
from leadcapture.intake.domain.contract import validate_submission
from leadcapture.intake.domain.duplicates import submission_key

LIMIT = 3
# Cloudflare's test site key that always passes.
SITE_KEY = "1x00000000000000000000AA"
REGION = "us-east-1"
ACCOUNT = "123456789012"
TABLES = {"LEADS_TABLE_NAME": "e2e-leads", "IDEMPOTENCY_TABLE_NAME": "e2e-idempotency", "RATE_LIMIT_TABLE_NAME": "e2e-rate-limits"}
JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    sesv2 = boto3.client("sesv2", endpoint_url=url, region_name=REGION, aws_access_key_id="local", aws_secret_access_key="local")
    sesv2.create_email_identity(EmailIdentity="practice.example")
    yield url
    server.stop()


@pytest.fixture(scope="module")
def limited(moto_url: str) -> Iterator[RunningStack]:
    env = stack_environment(
        RATE_LIMIT_PER_HOUR=str(LIMIT),
        RATE_LIMIT_KEY="e2e-hmac-key",
        AWS_ENDPOINT_URL=moto_url,
        AWS_ACCESS_KEY_ID="local",
        AWS_SECRET_ACCESS_KEY="local",
        AWS_DEFAULT_REGION=REGION,
        AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled",
        # The form shows the widget; the backend does not check tokens (no TURNSTILE_SECRET_PARAMETER).
        TURNSTILE_SITE_KEY=SITE_KEY,
        **TABLES,
    )
    running = start_stack("--port", "0", "--create-tables", env=env)
    yield running
    assert stop_stack(running) == 0, running.console()


def dynamodb(moto_url: str) -> Any:
    return boto3.client(
        "dynamodb",
        endpoint_url=moto_url,
        region_name=REGION,
        aws_access_key_id="local",
        aws_secret_access_key="local",
        config=Config(retries={"max_attempts": 1}),
    )


@pytest.fixture(autouse=True)
def fresh_counter(moto_url: str) -> None:
    """Every request here comes from 127.0.0.1: start each test with that source's counter at zero."""
    client = dynamodb(moto_url)
    table = TABLES["RATE_LIMIT_TABLE_NAME"]
    for item in client.scan(TableName=table).get("Items", []):
        client.delete_item(TableName=table, Key={"pk": item["pk"]})


def emails_with(tag: str) -> list[Any]:
    from moto.ses.models import ses_backends

    return [m for m in ses_backends[ACCOUNT][REGION].sent_messages if tag in str(m.raw_data)]


def post_json(stack: RunningStack, fields: dict[str, str]) -> Any:
    return stack.request("POST", "/consultations", json.dumps(fields).encode(), JSON_HEADERS)


def settle(stack: RunningStack, tag: str) -> None:
    """Wait until a control lead posted now is emailed: every earlier lead has been through notify."""
    control = lead_fields(tag + "c", email=f"control.{tag}@example.com")
    assert post_json(stack, control).status == 201
    assert stack.wait_for(lambda: emails_with(tag + "c"), timeout=15), stack.console()


def test_n_plus_one_posts_from_one_source_give_exactly_one_429_with_retry_after(limited: RunningStack, tag: str) -> None:
    answers = [post_json(limited, lead_fields(f"{tag}n{n}")) for n in range(LIMIT + 1)]
    assert [a.status for a in answers] == [201] * LIMIT + [429], [a.text for a in answers]
    refused = answers[-1]
    assert refused.headers["content-type"] == "application/problem+json"
    assert 1 <= int(refused.headers["retry-after"]) <= 3600
    assert refused.json()["status"] == 429
    assert limited.leads_with(f"{tag}n{LIMIT}") == []
    assert all(len(limited.leads_with(f"{tag}n{n}")) == 1 for n in range(LIMIT))


def test_two_identical_posts_give_one_lead_and_one_email(limited: RunningStack, tag: str) -> None:
    fields = lead_fields(tag)
    first, second = post_json(limited, fields), post_json(limited, fields)
    assert first.status == second.status == 201
    assert first.json()["id"] == second.json()["id"]
    settle(limited, tag)
    assert len(limited.leads_with(f"sam.{tag}@")) == 1
    assert len(emails_with(f"sam.{tag}@")) == 1


def test_a_plain_form_double_post_is_303_twice_and_one_lead(limited: RunningStack, tag: str) -> None:
    body = urlencode(lead_fields(tag)).encode()
    answers = [limited.request("POST", "/consultations", body, FORM_HEADERS) for _ in range(2)]
    assert [a.status for a in answers] == [303, 303]
    assert len(limited.leads_with(f"sam.{tag}@")) == 1


def test_the_honeypot_post_is_quarantined_and_not_emailed(limited: RunningStack, tag: str) -> None:
    answer = limited.request("POST", "/consultations", urlencode(lead_fields(tag, website="http://x.example")).encode(), FORM_HEADERS)
    assert answer.status == 303
    assert answer.headers["location"] == "/thank-you"
    settle(limited, tag)
    [lead] = limited.leads_with(f"sam.{tag}@")
    assert lead["status"] == "spam"
    assert lead["expires_at"] - time.time() < 31 * 86400
    assert emails_with(f"sam.{tag}@") == []


def test_a_duplicate_in_flight_gets_409_and_succeeds_once_the_first_is_gone(limited: RunningStack, moto_url: str, tag: str) -> None:
    fields = lead_fields(tag)
    deduplicator = Deduplicator(TABLES["IDEMPOTENCY_TABLE_NAME"], expires_after_seconds=600, client=dynamodb(moto_url))
    deduplicator.persistence.configure(deduplicator.config, key_prefix="leadcapture.consultation")
    # What an invocation that is still running (with 2 s left) has written for this submission.
    key = submission_key(validate_submission(fields), None)
    deduplicator.persistence.save_inprogress(data=key.payload(), remaining_time_in_millis=2000)

    in_flight = post_json(limited, fields)
    assert in_flight.status == 409, in_flight.text
    assert in_flight.headers["content-type"] == "application/problem+json"
    assert in_flight.headers["retry-after"] == "1"
    assert limited.leads_with(f"sam.{tag}@") == []

    time.sleep(2.2)  # the first invocation's time is up: its record no longer blocks
    after = post_json(limited, fields)
    assert after.status == 201
    assert len(limited.leads_with(f"sam.{tag}@")) == 1


def test_the_form_shows_the_turnstile_widget_only_when_a_site_key_is_set(limited: RunningStack, stack: RunningStack) -> None:
    with_key = limited.request("GET", "/").text
    assert f'<div class="cf-turnstile" data-sitekey="{SITE_KEY}" data-action="consultation"></div>' in with_key
    assert '<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>' in with_key
    without = stack.request("GET", "/").text
    assert "data-sitekey=" not in without
    assert 'api.js" async defer></script>' not in without
