"""In-memory AWS for the benchmarks, each function's first request and its check, and the baseline handler.

Every AWS call of every client made from boto3's default session is answered inside the process
by a botocore `before-send` hook: the request is still validated, serialized and signed, and the
canned answer is parsed by botocore as a real one would be; only the HTTP round trip is gone. The
answer is chosen by operation name, so a new call on the request path (another defence, another
table) is answered too and shows up in the report's call counts instead of breaking the suite.
An operation without a canned answer gets `{}`; a function's entry in FIRST_REQUESTS may replace
an answer (the lead it reads back, say).

Plain HTTP (the heartbeat's POST to the public API, Turnstile's siteverify) goes through
`urllib.request.urlopen`, which uses the process's global opener: `install()` sets one whose only
HTTP and HTTPS handler (`_Api`) runs urllib's own `do_open` over an http.client connection whose
socket is in memory (`_Connection`, `_Socket`). The request is built, written and the answer
parsed as on the wire, and goes through urllib's processors (an error status raises HTTPError,
as it would); only DNS, TCP and TLS are gone, and nothing leaves the process.

FIRST_REQUESTS is the one table the benchmark keeps per function: the first request each function
answers (as its trigger sends it), and the check that the answer is right. The functions
themselves (their names and handlers) come from template.yaml (lambda_env.py): a function added to
the template needs an entry here, and nothing else.

Imported inside the timed cold-start probes, so it imports nothing the functions do not need:
boto3 and botocore (which load hashlib, hmac, struct, base64, dataclasses and urllib.request
already), as both the functions and the baseline do.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import struct
import time
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPMessage, HTTPResponse, parse_headers, responses
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

import boto3
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders

from infra.local.runtime import LambdaContext

if TYPE_CHECKING:
    import socket

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

# What SES answers every SendEmail: the coordinator email's id, as the notifier records it on the lead.
MESSAGE_ID = "0100018c-bench-message-id"
SECRET_STRING = "bench-hmac-key-" + "k" * 48

# The same lead once the coordinator email went out: notified, with the email's SES message id, in
# the open-leads index. What the actions, followups and SES events functions read back. It came in
# on Monday 2026-12-07 at 07:00 in the practice's time zone (America/Los_Angeles, the template's
# default), before opening: its promise is that day's close, 17:00 (01:00 UTC the next day).
EMAILED_AT = "2026-12-07T15:00:00.000Z"
EMAILED_LEAD: dict[str, Any] = {
    **STORED_LEAD,
    "created_at": {"S": EMAILED_AT},
    "consent": {"M": {"version": {"S": "2026-11-01"}, "given_at": {"S": EMAILED_AT}}},
    "status": {"S": "notified"},
    "notified_at": {"S": "2026-12-07T15:00:02.000Z"},
    "ses_message_id": {"S": MESSAGE_ID},
    "open_bucket": {"S": "open"},
}

CANNED: dict[str, dict[str, Any]] = {
    "PutItem": {},
    "DeleteItem": {},
    # The rate limiter reads the new count; other updates ignore the answer.
    "UpdateItem": {"Attributes": {"count": {"N": "1"}}},
    "GetItem": {"Item": STORED_LEAD},
    "SendEmail": {"MessageId": MESSAGE_ID},
    # Every key (rate limit, lookup, action links, heartbeat) is this one secret's value.
    "GetSecretValue": {
        "ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:bench",
        "Name": "bench",
        "VersionId": "00000000-0000-0000-0000-000000000000",
        "SecretString": SECRET_STRING,
        "VersionStages": ["AWSCURRENT"],
        "CreatedDate": 1795874400,
    },
    "GetParameter": {"Parameter": {"Name": "bench", "Type": "SecureString", "Value": "bench-secret", "Version": 1}},
    # The open-leads index (followups): the emailed lead, its ids and times only (a KEYS_ONLY-like projection).
    "Query": {
        "Items": [{"id": {"S": LEAD_ID}, "created_at": {"S": EMAILED_AT}, "open_bucket": {"S": "open"}}],
        "Count": 1,
        "ScannedCount": 1,
    },
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


# This process's answers: CANNED, with the current function's replacements (install()).
_answers: dict[str, dict[str, Any]] = dict(CANNED)


def _answer(request: Any, event_name: str, **_: Any) -> AWSResponse:
    operation = event_name.rsplit(".", 1)[-1]
    calls[operation] += 1
    body = json.dumps(_answers.get(operation, {})).encode()
    content_type = "application/json" if ".sesv2." in event_name else "application/x-amz-json-1.0"
    if ".sns." in event_name:  # SNS speaks the query protocol: an XML answer of flat string fields
        fields = "".join(f"<{name}>{value}</{name}>" for name, value in _answers.get(operation, {}).items())
        body = f"<{operation}Response><{operation}Result>{fields}</{operation}Result></{operation}Response>".encode()
        content_type = "text/xml"
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


# The heartbeat's signature header (domain/heartbeat.py): what submit reads, and answers when it verifies.
CANARY_HEADER = "X-Lead-Capture-Canary"


class _Socket:
    """A connected socket in memory: takes the request's bytes, then hands back the answer's."""

    def __init__(self) -> None:
        self._sent = bytearray()

    def sendall(self, data: bytes) -> None:
        self._sent += data

    def makefile(self, *_: Any, **__: Any) -> io.BytesIO:
        request = io.BytesIO(bytes(self._sent))
        method, target, _version = request.readline().decode("latin-1").split(" ", 2)
        headers = parse_headers(request)
        body = request.read(int(headers.get("Content-Length") or 0))
        return io.BytesIO(_api_answer(method, urlsplit(target).path, headers, body))

    def close(self) -> None:
        pass


class _Connection(HTTPConnection):
    """http.client's connection over the in-memory socket: the request is written as on the wire
    and the answer parsed as from it; no DNS, no TCP, no TLS."""

    def connect(self) -> None:
        self.sock = cast("socket.socket", _Socket())


class _Api(urllib.request.HTTPHandler, urllib.request.HTTPSHandler):
    """urllib's only HTTP and HTTPS handler in this process: urllib's own do_open, over _Connection."""

    def http_open(self, req: urllib.request.Request) -> HTTPResponse:
        return self.do_open(_Connection, req)

    https_open = http_open


def _api_answer(method: str, path: str, headers: HTTPMessage, body: bytes) -> bytes:
    """What the API answers, as bytes on the wire.

    POST .../consultations is answered as the submit function answers a signed heartbeat: 201 with
    the lead's id, and `X-Lead-Capture-Canary: accepted` when the signature verifies with the
    canned key (else the plain 201 of an ordinary, quarantined submission, which the heartbeat
    judges a failure). Anything else is a 404.
    """
    calls[f"HTTP {method} {path}"] += 1
    extra = ""
    if method == "POST" and path.endswith("/consultations"):
        status, answer = 201, json.dumps({"id": str(uuid.uuid4()), "status": "received"}).encode()
        if _canary_verifies(headers.get(CANARY_HEADER), body):
            extra = f"{CANARY_HEADER}: accepted\r\n"
    else:
        status, answer = 404, b'{"title": "Not Found"}'
    head = f"HTTP/1.1 {status} {responses[status]}\r\nContent-Type: application/json\r\nContent-Length: {len(answer)}\r\n{extra}\r\n"
    return head.encode("latin-1") + answer


def _canary_verifies(header: str | None, body: bytes) -> bool:
    stamp, _, given = (header or "").partition(".")
    expected = hmac.new(SECRET_STRING.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return stamp.isdigit() and hmac.compare_digest(given, expected)


def install(function: str | None = None) -> FirstRequest:
    """Answer every AWS call of every client made from boto3's default session, and every urllib
    HTTP(S) request, from here on; with `function`'s replacements. Returns its FIRST_REQUESTS entry
    (BASELINE for None or "baseline")."""
    first = BASELINE if function in {None, "baseline"} else first_request(str(function))
    _answers.clear()
    _answers.update({**CANNED, **first.answers})
    urllib.request.install_opener(urllib.request.build_opener(_Api()))
    boto3.setup_default_session()
    assert boto3.DEFAULT_SESSION is not None
    events = boto3.DEFAULT_SESSION.events
    events.register("before-send", _answer)
    # The first and the last event of every API call (botocore's client._make_api_call).
    events.register("provide-client-params", _call_start)
    events.register("after-call", _call_end)
    events.register("after-call-error", _call_end)
    return first


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


def action_token(lead_id: str, action: str = "contacted", *, now: float | None = None) -> str:
    """An action link's token for `lead_id`, signed with the canned key as the notifier signs it.

    The format of domain/action_links.py (version, key id, lead id, action, expiry; HMAC-SHA256
    truncated to 128 bits), written here with the standard library so that building the event
    loads nothing of the function's. A change of the format shows as the actions function's
    first answer failing its check (a "not valid" page instead of the confirmation).
    """
    key = SECRET_STRING.encode()
    key_id = hashlib.sha256(b"lead-capture action link key id\x00" + key).digest()[:4]
    code = ("contacted", "booked", "closed").index(action) + 1
    expires = int((time.time() if now is None else now) + 30 * 86400)
    head = struct.pack(">B4s16sBI", 1, key_id, uuid.UUID(lead_id).bytes, code, expires)
    mac = hmac.new(key, head, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(head + mac).decode("ascii").rstrip("=")


def actions_event() -> dict[str, Any]:
    """GET /actions/{token}: the coordinator opens the email's "I've contacted them" link (a payload-2.0 event)."""
    from infra.local.gateway import Request, to_event

    token = action_token(LEAD_ID)
    headers = [
        ("Host", "api.example.com"),
        ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
        ("User-Agent", "Mozilla/5.0 (bench)"),
    ]
    request = Request(method="GET", path=f"/actions/{token}", query="", headers=headers, body=b"", source_ip=SOURCE_IP)
    return to_event(request, route_key="GET /actions/{token}", request_id=uuid.uuid4().hex, path_parameters={"token": token})


def scheduled_event(rule: str, at: str) -> dict[str, Any]:
    """What an EventBridge schedule delivers at `at` (as infra/local/scheduler.py builds it)."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": at,
        "region": "us-east-1",
        "resources": [f"arn:aws:events:us-east-1:123456789012:rule/{rule}"],
        "detail": {},
    }


# The followups run at 17:15 on the lead's day, in the practice's time: its promise (17:00) has
# passed, its escalation (Tuesday 17:00) has not: one reminder is due.
FOLLOWUPS_AT = "2026-12-08T01:15:00Z"


def followups_event() -> dict[str, Any]:
    return scheduled_event("followups-every-15-minutes", FOLLOWUPS_AT)


def heartbeat_event() -> dict[str, Any]:
    return scheduled_event("heartbeat-daily", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))


def ses_delivery_event() -> dict[str, Any]:
    """SES's Delivery event for the coordinator email, in EventBridge's envelope (tests/ses_event_examples.py's shape)."""
    mail = {
        "timestamp": "2026-12-07T15:00:02.000Z",
        "source": "Consultation form <forms@practice.example>",
        "sourceArn": "arn:aws:ses:us-east-1:123456789012:identity/practice.example",
        "sendingAccountId": "123456789012",
        "messageId": MESSAGE_ID,
        "destination": ["coordinator@practice.example"],
        "headersTruncated": False,
        "headers": [
            {"name": "From", "value": "Consultation form <forms@practice.example>"},
            {"name": "To", "value": "coordinator@practice.example"},
            {"name": "Subject", "value": "New consultation request: Bench M."},
            {"name": "MIME-Version", "value": "1.0"},
        ],
        "commonHeaders": {
            "from": ["Consultation form <forms@practice.example>"],
            "to": ["coordinator@practice.example"],
            "messageId": MESSAGE_ID,
            "subject": "New consultation request: Bench M.",
        },
        "tags": {
            "ses:configuration-set": ["bench-EmailConfigurationSet"],
            "ses:source-ip": ["192.0.2.0"],
            "ses:from-domain": ["practice.example"],
            "ses:caller-identity": ["bench-NotifyRole"],
            "lead_id": [LEAD_ID],
        },
    }
    delivery = {
        "timestamp": "2026-12-07T15:00:04.133Z",
        "processingTimeMillis": 2133,
        "recipients": ["coordinator@practice.example"],
        "smtpResponse": "250 2.6.0 Message received",
        "reportingMTA": "a8-70.smtp-out.amazonses.com",
    }
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Email Delivered",
        "source": "aws.ses",
        "account": "123456789012",
        "time": "2026-12-07T15:00:04Z",
        "region": "us-east-1",
        "resources": [],
        "detail": {"eventType": "Delivery", "mail": mail, "delivery": delivery},
    }


# An urgent lead paged once, due its first re-page (what the urgent function reads back), and that step as
# the page queue delivers it (SQS, one message).
URGENT_LEAD: dict[str, Any] = {
    **EMAILED_LEAD,
    "urgent": {"BOOL": True},
    "paged_at": {"S": "2026-12-07T15:00:01.000Z"},
    "last_paged_at": {"S": "2026-12-07T15:00:01.000Z"},
    "page_count": {"N": "1"},
    "page_scheduled": {"N": "2"},
}


def urgent_event() -> dict[str, Any]:
    body = json.dumps({"lead_id": LEAD_ID, "step": 2, "due": "2026-12-07T15:10:00.000Z"})
    return {
        "Records": [
            {
                "messageId": str(uuid.uuid4()),
                "receiptHandle": "bench-receipt-handle",
                "body": body,
                "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1796655000000", "SenderId": "bench"},
                "messageAttributes": {},
                "md5OfBody": hashlib.md5(body.encode(), usedforsecurity=False).hexdigest(),
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:bench-UrgentPagesQueue",
                "awsRegion": "us-east-1",
            }
        ]
    }


@dataclass(frozen=True)
class FirstRequest:
    """One function's first request: the event its trigger sends, the check of the answer, and the
    canned answers it needs instead of CANNED's (by operation name)."""

    event: Callable[[], dict[str, Any]]
    check: Callable[[Any], bool]
    answers: Mapping[str, dict[str, Any]] = field(default_factory=dict)


def _confirmation_page(answer: Any) -> bool:
    return bool(answer["statusCode"] == 200 and '<form method="post">' in answer["body"])


_EMAILED = {"GetItem": {"Item": EMAILED_LEAD}}


def desk_event() -> dict[str, Any]:
    """GET /desk/sign-in: a coordinator whose session has ended opens the desk: the session is looked up
    (not found), and the sign-in page is rendered from its templates."""
    from infra.local.gateway import Request, to_event

    headers = [("Host", "api.example.com"), ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"), ("User-Agent", "Mozilla/5.0 (bench)"),
               ("Cookie", "__Host-desk=an-ended-session")]  # fmt: skip
    request = Request(method="GET", path="/desk/sign-in", query="", headers=headers, body=b"", source_ip=SOURCE_IP)
    return to_event(request, route_key="GET /desk/{proxy+}", request_id=uuid.uuid4().hex, path_parameters={"proxy": "sign-in"})


def _sign_in_page(answer: Any) -> bool:
    return bool(answer["statusCode"] == 200 and 'action="/desk/sign-in"' in answer["body"])


# The one table: each function of template.yaml, by its bench name (infra.build.functions.Function.name).
FIRST_REQUESTS: dict[str, FirstRequest] = {
    # POST /consultations from the website's fetch(): stored, 201.
    "submit": FirstRequest(submit_event, lambda a: a["statusCode"] == 201),
    # The leads stream's INSERT of a new lead: one email, no failure.
    "notify": FirstRequest(notify_event, lambda a: a == {"batchItemFailures": []}),
    # The coordinator opens an action link of the email: the confirmation page with its one button.
    "actions": FirstRequest(actions_event, _confirmation_page, _EMAILED),
    # The 15-minute schedule: the emailed lead's promise has passed, so one reminder goes out.
    "followups": FirstRequest(
        followups_event, lambda a: a["reminded"] == [LEAD_ID] and a["failed"] == [] and a["escalated"] == [], _EMAILED
    ),
    # SES reports the coordinator email delivered: the lead becomes `delivered`.
    "ses-events": FirstRequest(ses_delivery_event, lambda a: a == {"outcome": "delivered", "escalation": "not_needed"}, _EMAILED),
    # The page queue's step 2 of an urgent lead paged once: a text to the on-call phone, step 3 scheduled.
    "urgent": FirstRequest(
        urgent_event,
        lambda a: a == {"batchItemFailures": []},
        {
            "GetItem": {"Item": URGENT_LEAD},
            "Publish": {"MessageId": "bench-sms-id"},
            "SendMessage": {"MessageId": "bench-step-id", "MD5OfMessageBody": "0" * 32},
        },
    ),
    # The daily schedule: a signed synthetic submission, POSTed to the API (answered by _Api), stored as a canary.
    "heartbeat": FirstRequest(heartbeat_event, lambda a: a["ok"] is True and a["status"] == 201),
    # A coordinator opens the desk: its sign-in page (Jinja2's templates compiled on the way).
    "desk": FirstRequest(desk_event, _sign_in_page, {"GetItem": {}}),
    # The leads stream's INSERT of a lead that asked for an acknowledgement: one email to the person, no failure.
    "person": FirstRequest(
        notify_event, lambda a: a == {"batchItemFailures": []}, {"GetItem": {"Item": {**STORED_LEAD, "acknowledge": {"BOOL": True}}}}
    ),
}
# The floor: the baseline handler's request.
BASELINE = FirstRequest(submit_event, lambda a: a["statusCode"] == 201)


def first_request(function: str) -> FirstRequest:
    try:
        return FIRST_REQUESTS[function]
    except KeyError:
        raise KeyError(
            f"no first request for the function {function!r}: add its event and check to FIRST_REQUESTS in infra/bench/stubs.py"
        ) from None
