"""The lookup index in DynamoDB (moto): submit writes the hashes, the GSIs answer by hash, and a lead's
idempotency records are found by the keys Powertools really wrote."""

from __future__ import annotations

import boto3
import pytest
from infra.local.runtime import LambdaContext

from leadcapture.adapters import aws as aws_state
from leadcapture.adapters.idempotency import IdempotencyRecords, sent_email_record_key
from leadcapture.adapters.leads_table import LeadStore
from leadcapture.intake import handler as submit
from leadcapture.kernel.lookup import person_keys
from leadcapture.notify import handler as notify
from tests.conftest import ENV, json_event, valid_lead
from tests.integration.helpers import body_json
from tests.integration.streams import stream_event

KEY = "lookup-key-for-tests-" + "x" * 40


@pytest.fixture
def lookup_secret(aws: None, monkeypatch: pytest.MonkeyPatch) -> bytes:
    arn = boto3.client("secretsmanager").create_secret(Name="lookup-key", SecretString=KEY)["ARN"]
    monkeypatch.setenv("LOOKUP_KEY_SECRET", arn)
    aws_state.reset()
    return KEY.encode()


def post(data: dict[str, object], context: LambdaContext) -> str:
    answer = submit.handler(json_event(data), context)
    assert answer["statusCode"] == 201, answer
    return str(body_json(answer)["id"])


def item(lead_id: str) -> dict[str, object]:
    return dict(boto3.client("dynamodb").get_item(TableName=ENV["LEADS_TABLE_NAME"], Key={"id": {"S": lead_id}})["Item"])


def test_submit_stores_hashes_that_a_differently_typed_lookup_finds(lookup_secret: bytes, lambda_context: LambdaContext) -> None:
    first = post(valid_lead(email="Maria.Lopez@Example.com", phone="(818) 821-6012"), lambda_context)
    other = post(valid_lead(first_name="Other", email="other@example.com", phone="213 555 0117"), lambda_context)
    stored = item(first)
    assert {"email_hash", "phone_hash"} <= set(stored)
    # The hashes are all the index holds besides the id: no plaintext contact detail.
    assert "818" not in str(stored["phone_hash"]) and "maria" not in str(stored["email_hash"]).lower()
    store = LeadStore(ENV["LEADS_TABLE_NAME"], boto3.client("dynamodb"))
    assert store.find(person_keys(email=None, phone="+1 818 821 6012", key=lookup_secret)) == [first]
    assert store.find(person_keys(email="maria.lopez@example.com", phone=None, key=lookup_secret)) == [first]
    assert store.find(person_keys(email="nobody@example.com", phone=None, key=lookup_secret)) == []
    assert other not in store.find(person_keys(email="maria.lopez@example.com", phone="818 821 6012", key=lookup_secret))


def test_the_index_projects_keys_only() -> None:
    from infra.build import tables
    from moto import mock_aws

    with mock_aws():
        client = boto3.client("dynamodb")
        tables.create_table(client, tables.LEADS, "leads-index-check")
        described = client.describe_table(TableName="leads-index-check")["Table"]["GlobalSecondaryIndexes"]
    projections = {i["IndexName"]: i["Projection"]["ProjectionType"] for i in described}
    assert {name: projections[name] for name in ("by_email_hash", "by_phone_hash")} == {
        "by_email_hash": "KEYS_ONLY",
        "by_phone_hash": "KEYS_ONLY",
    }


def test_without_the_secret_the_lead_is_kept_unindexed(aws: None, monkeypatch: pytest.MonkeyPatch, lambda_context: LambdaContext) -> None:
    monkeypatch.setenv("LOOKUP_KEY_SECRET", "no-such-secret")
    aws_state.reset()
    lead_id = post(valid_lead(), lambda_context)
    stored = item(lead_id)
    assert "email_hash" not in stored and "phone_hash" not in stored
    store = LeadStore(ENV["LEADS_TABLE_NAME"], boto3.client("dynamodb"))
    assert store.index(lead_id, person_keys(email="sam.rivera@example.com", phone=None, key=b"k"))
    assert store.find(person_keys(email="Sam.Rivera@example.com", phone=None, key=b"k")) == [lead_id]


def test_a_leads_idempotency_records_are_found_by_the_keys_powertools_wrote(aws: None, lambda_context: LambdaContext) -> None:
    lead_id = post(valid_lead(), lambda_context)
    other_id = post(valid_lead(first_name="Other", email="other@example.com"), lambda_context)
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    table = boto3.client("dynamodb").scan(TableName=ENV["IDEMPOTENCY_TABLE_NAME"])["Items"]
    keys = {i["id"]["S"] for i in table}
    assert sent_email_record_key(lead_id) in keys
    records = IdempotencyRecords(ENV["IDEMPOTENCY_TABLE_NAME"], client=boto3.client("dynamodb"))
    mine = records.of_lead(lead_id)
    # The sent-email record and the submission record; nothing of the other lead.
    assert len(mine) == 2
    assert sent_email_record_key(lead_id) in mine
    assert not set(mine) & set(records.of_lead(other_id))
    for key in mine:
        records.delete(key)
    assert records.of_lead(lead_id) == []
    assert len(records.of_lead(other_id)) == 2
