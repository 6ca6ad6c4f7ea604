"""Read the leads table's stream from moto and feed it to the notify handler as Lambda would."""

from __future__ import annotations

from typing import Any

import boto3
from infra.local.streams import to_lambda_record


def stream_records(table_name: str) -> list[dict[str, Any]]:
    """Every record on the table's stream so far, shaped like a Lambda stream event's records."""
    arn = boto3.client("dynamodb").describe_table(TableName=table_name)["Table"]["LatestStreamArn"]
    streams = boto3.client("dynamodbstreams")
    records: list[dict[str, Any]] = []
    for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        for record in streams.get_records(ShardIterator=iterator)["Records"]:
            records.append(to_lambda_record(dict(record), stream_arn=arn, region=streams.meta.region_name))
    return records


def stream_event(table_name: str, *, event_names: tuple[str, ...] = ("INSERT",)) -> dict[str, Any]:
    return {"Records": [r for r in stream_records(table_name) if r["eventName"] in event_names]}
