"""In-memory AWS for the benchmarks, the events each function receives, and the baseline handler.

Every AWS call of every client made from boto3's default session is answered inside the process
by a botocore `before-send` hook: the request is still validated, serialized and signed, and the
canned answer is parsed by botocore as a real one would be; only the HTTP round trip is gone. The
answer is chosen by operation name, so a new call on the request path (another defence, another
table) is answered too and shows up in the report's call counts instead of breaking the suite.
An operation without a canned answer gets `{}`.

Imported inside the timed cold-start probes, so it imports nothing the functions do not need:
boto3 and botocore, which both the functions and the baseline load anyway.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders

from infra.local.runtime import LambdaContext

SOURCE_IP = "198.51.100.23"
ORIGIN = "https://www.practice.example"

# One request as the website's fetch() sends it (JSON), with email and phone so both validators run.
SUBMISSION = {
    "first_name": "Bench",
    "last_name": "Marker",
    "email": "bench.marker@example.com",
    "phone": "+1 (213) 555-0117",
    "preferred_contact": "email",
    "best_time": "evening",
    "session_for": "individual",
    "message": "I have been feeling anxious at work and would like to talk to someone.",
    "consent": True,
    "page_url": "https://www.practice.example/contact",
    "utm_source": "newsletter",
}

# The lead notify reads back (DynamoDB-typed, as GetItem returns it).
LEAD_ID = "0d6f4cbe-3b1e-4c43-9a55-3f3a4f0b6c2a"
STORED_LEAD: dict[str, Any] = {
    "id": {"S": LEAD_ID},
    "created_at": {"S": "2026-11-28T14:00:00.000Z"},
    "status": {"S": "new"},
    "first_name": {"S": "Bench"},
    "last_name": {"S": "Marker"},
    "email": {"S": "bench.marker@example.com"},
    "phone": {"S": "+12135550117"},
    "preferred_contact": {"S": "email"},
    "best_time": {"S": "evening"},
    "session_for": {"S": "individual"},
    "message": {"S": SUBMISSION["message"]},
    "consent": {"M": {"version": {"S": "2026-11-01"}, "given_at": {"S": "2026-11-28T14:00:00.000Z"}}},
    "attribution": {"M": {"page_url": {"S": "https://www.practice.example/contact"}, "utm_source": {"S": "newsletter"}}},
    "urgent": {"BOOL": False},
    "expires_at": {"N": "1827410400"},
}

CANNED: dict[str, dict[str, Any]] = {
    "PutItem": {},
    "DeleteItem": {},
    # The rate limiter reads the new count; other updates ignore the answer.
    "UpdateItem": {"Attributes": {"count": {"N": "1"}}},
    "GetItem": {"Item": STORED_LEAD},
    "SendEmail": {"MessageId": "0100018c-bench-message-id"},
    "GetSecretValue": {
        "ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:bench",
        "Name": "bench",
        "VersionId": "00000000-0000-0000-0000-000000000000",
        "SecretString": "bench-hmac-key-" + "k" * 48,
        "CreatedDate": 1795874400,
    },
    "GetParameter": {"Parameter": {"Name": "bench", "Type": "SecureString", "Value": "bench-secret", "Version": 1}},
}

# How many calls of each operation were answered, for the report.
calls: Counter[str] = Counter()
# Nanoseconds spent inside boto3/botocore API calls (validate, serialize, sign, parse), so the
# report can tell the SDK's share of a request from our own code's.
sdk_ns = [0]
_call_started = [0]
# The same in this thread's CPU time, which a busy neighbour preempting us does not inflate.
sdk_cpu_ns = [0]
_call_started_cpu = [0]


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def _answer(request: Any, event_name: str, **_: Any) -> AWSResponse:
    operation = event_name.rsplit(".", 1)[-1]
    calls[operation] += 1
    body = json.dumps(CANNED.get(operation, {})).encode()
    content_type = "application/json" if ".sesv2." in event_name else "application/x-amz-json-1.0"
    headers = HTTPHeaders.from_dict({"content-type": content_type, "x-amzn-requestid": "bench", "content-length": str(len(body))})
    return AWSResponse(request.url, 200, headers, _Body(body))


def _call_start(**_: Any) -> None:
    _call_started[0] = time.perf_counter_ns()
    _call_started_cpu[0] = time.thread_time_ns()


def _call_end(**_: Any) -> None:
    # A call that fails validation before it is sent never ends here; its time counts as ours.
    if _call_started[0]:
        sdk_cpu_ns[0] += time.thread_time_ns() - _call_started_cpu[0]
        sdk_ns[0] += time.perf_counter_ns() - _call_started[0]
        _call_started[0] = 0


def install() -> None:
    """Answer every AWS call of every client made from boto3's default session from here on."""
    boto3.setup_default_session()
    assert boto3.DEFAULT_SESSION is not None
    events = boto3.DEFAULT_SESSION.events
    events.register("before-send", _answer)
    # The first and the last event of every API call (botocore's client._make_api_call).
    events.register("provide-client-params", _call_start)
    events.register("after-call", _call_end)
    events.register("after-call-error", _call_end)


def context() -> LambdaContext:
    return LambdaContext(function_name="bench", region="us-east-1")


def submit_event(encoding: str = "json") -> dict[str, Any]:
    """An API Gateway HTTP API payload-2.0 event for POST /consultations, built as the local gateway builds it."""
    from infra.local.gateway import Request, to_event

    if encoding == "json":
        content_type, body = "application/json", json.dumps(SUBMISSION).encode()
    else:
        from urllib.parse import urlencode

        form = {k: ("on" if v is True else str(v)) for k, v in SUBMISSION.items()}
        content_type, body = "application/x-www-form-urlencoded", urlencode(form).encode()
    headers = [
        ("Host", "api.example.com"),
        ("Content-Type", content_type),
        ("Accept", "application/json" if encoding == "json" else "text/html,application/xhtml+xml,*/*;q=0.8"),
        ("Origin", ORIGIN),
        ("User-Agent", "Mozilla/5.0 (bench)"),
    ]
    request = Request(method="POST", path="/consultations", query="", headers=headers, body=body, source_ip=SOURCE_IP)
    return to_event(request, route_key="POST /consultations", request_id=uuid.uuid4().hex)


def notify_event() -> dict[str, Any]:
    """A DynamoDB stream batch with one INSERT of a new lead (KEYS_ONLY), as Lambda delivers it."""
    return {
        "Records": [
            {
                "eventID": uuid.uuid4().hex,
                "eventName": "INSERT",
                "eventVersion": "1.1",
                "eventSource": "aws:dynamodb",
                "awsRegion": "us-east-1",
                "dynamodb": {
                    "ApproximateCreationDateTime": 1795874400,
                    "Keys": {"id": {"S": LEAD_ID}},
                    "SequenceNumber": "111100000000000000000001",
                    "SizeBytes": len(json.dumps({"id": {"S": LEAD_ID}})),  # an estimate, as moto makes it; unread
                    "StreamViewType": "KEYS_ONLY",
                },
                "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/leads/stream/2026-11-28T00:00:00.000",
            }
        ]
    }


_baseline_client: Any = None


def baseline_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The floor: read the body and store it with one PutItem, through the same in-memory AWS."""
    global _baseline_client  # noqa: PLW0603 - a Lambda-style client, created once per process
    if _baseline_client is None:
        _baseline_client = boto3.client("dynamodb")
    body = json.loads(event["body"])
    lead_id = str(uuid.uuid4())
    item = {"id": {"S": lead_id}, **{k: {"S": str(v)} for k, v in body.items()}}
    _baseline_client.put_item(TableName="leads", Item=item)
    return {"statusCode": 201, "body": json.dumps({"id": lead_id})}
