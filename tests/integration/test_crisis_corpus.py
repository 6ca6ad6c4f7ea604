"""Every crisis-corpus message through the submit and notify handlers (moto): the person's answer
and the coordinator's subject agree. A message that shows the person 988 (`crisis` in the 201
answer) reaches the coordinator as `[URGENT]`, and one that does not, does not, unless the
notifier's second look (the shipped model) flags it: that only ever adds `[URGENT]`. Each post also asks
for the acknowledgement (issue 23): the person function sends one per lead, and none holds any
corpus message."""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest
from infra.local.runtime import LambdaContext
from infra.local.streams import to_lambda_record
from infra.measure import crisis

from leadcapture.intake import handler as submit
from leadcapture.notify import handler as notify
from leadcapture.notify.domain.second_look import load_second_look
from leadcapture.person import handler as person
from tests.conftest import ENV, json_event, valid_lead
from tests.integration.helpers import assert_holds_none_of, body_json, sent_emails, sent_raw

BATCH = 10  # records per notify invocation, like a stream batch
LEAD_ID = re.compile(r"Lead id: ([0-9a-f-]{36})")


def inserted_records(table_name: str) -> list[dict[str, Any]]:
    """Every INSERT on the table's stream, page after page (one GetRecords call returns at most 1,000,
    and the tuned set is larger than that)."""
    arn = boto3.client("dynamodb").describe_table(TableName=table_name)["Table"]["LatestStreamArn"]
    streams = boto3.client("dynamodbstreams")
    records: list[dict[str, Any]] = []
    for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while iterator:
            page = streams.get_records(ShardIterator=iterator)
            if not page["Records"]:
                break
            records += [to_lambda_record(dict(r), stream_arn=arn, region=streams.meta.region_name) for r in page["Records"]]
            iterator = page.get("NextShardIterator")
    return [r for r in records if r["eventName"] == "INSERT"]


def test_the_json_answer_and_the_urgent_subject_agree_on_every_corpus_message(
    aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RATE_LIMIT_PER_HOUR", "0")  # hundreds of posts from one test address
    examples = crisis.load()
    shown_988: dict[str, bool] = {}
    second_look: dict[str, bool] = {}
    monkeypatch.setenv("RATE_LIMIT_KEY", "test-rate-limit-key")
    for number, example in enumerate(examples):
        # One address each: the acknowledgements' per-address window would hold back all but the first.
        data = valid_lead(message=example.text, acknowledge=True, email=f"person{number}@example.com")
        answer = submit.handler(json_event(data), lambda_context)
        assert answer["statusCode"] == 201, answer
        body = body_json(answer)
        shown_988[body["id"]] = "crisis" in body
        second_look[body["id"]] = load_second_look().flags(example.text)
    assert len(shown_988) == len(examples)

    records = inserted_records(ENV["LEADS_TABLE_NAME"])
    assert len(records) == len(examples)
    for start in range(0, len(records), BATCH):
        assert notify.handler({"Records": records[start : start + BATCH]}, lambda_context) == {"batchItemFailures": []}
        assert person.handler({"Records": records[start : start + BATCH]}, lambda_context) == {"batchItemFailures": []}

    coordinator = ENV["COORDINATOR_EMAILS"]
    acknowledgements = [raw for raw in sent_raw() if f"\r\nTo: {coordinator}\r\n".encode() not in raw]
    assert len(acknowledgements) == len(examples)
    texts = [example.text for example in examples]
    for raw in acknowledgements:
        assert_holds_none_of(raw, texts)

    urgent_subject: dict[str, bool] = {}
    for email in (m for m in sent_emails() if m["To"] == coordinator):
        text = email.get_body(("plain",))
        assert text is not None
        match = LEAD_ID.search(text.get_content())
        assert match is not None
        urgent_subject[match.group(1)] = str(email["Subject"]).startswith("[URGENT] ")
    assert urgent_subject == {lead_id: shown or second_look[lead_id] for lead_id, shown in shown_988.items()}
    # Both sides were exercised: the corpus holds crisis messages and others.
    assert set(shown_988.values()) == {True, False}
