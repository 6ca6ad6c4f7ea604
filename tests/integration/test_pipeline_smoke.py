"""One lead from each encoding ends as one stored lead and one email."""

from __future__ import annotations

import json

import boto3
from infra.local.runtime import LambdaContext
from moto.ses.models import ses_backends

from leadcapture.intake import handler as submit
from leadcapture.notify import handler as notify
from tests.conftest import ENV, json_event
from tests.integration.streams import stream_event


def sent_messages() -> list[object]:
    return list(ses_backends["123456789012"]["us-east-1"].sent_messages)


def test_json_post_is_stored_and_emailed(aws: None, lambda_context: LambdaContext) -> None:
    from tests.conftest import valid_lead

    answer = submit.handler(json_event(valid_lead()), lambda_context)
    assert answer["statusCode"] == 201
    lead_id = json.loads(answer["body"])["id"]
    items = boto3.client("dynamodb").scan(TableName=ENV["LEADS_TABLE_NAME"])["Items"]
    assert [i["id"]["S"] for i in items] == [lead_id]

    result = notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    assert result == {"batchItemFailures": []}
    assert len(sent_messages()) == 1
