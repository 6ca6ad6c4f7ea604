"""The API Gateway stand-in: events shaped as HTTP API payload 2.0, answers mapped back to HTTP."""

from __future__ import annotations

import base64
import json
from typing import Any

from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2
from infra.local.gateway import Cors, Gateway, Request, Route, from_result, to_event


def request(**overrides: Any) -> Request:
    values: dict[str, Any] = {
        "method": "POST",
        "path": "/consultations",
        "query": "utm_source=news&utm_source=ads&x=",
        "headers": [
            ("Host", "127.0.0.1:3000"),
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "text/html"),
            ("X-Custom", "one"),
            ("x-custom", "two"),
            ("Cookie", "a=1; b=2"),
            ("User-Agent", "pytest-browser"),
        ],
        "body": b"first_name=Sam&consent=on",
        "source_ip": "192.0.2.44",
    }
    values.update(overrides)
    return Request(**values)


def test_event_has_the_shape_api_gateway_sends() -> None:
    event = to_event(request(), route_key="POST /consultations", request_id="abc=")
    # The keys of AWS's documented payload format 2.0 (the test events of every suite come from here).
    assert {"version", "routeKey", "rawPath", "rawQueryString", "headers", "requestContext", "body", "isBase64Encoded"} <= set(event)
    context = {"accountId", "apiId", "domainName", "domainPrefix", "http", "requestId", "routeKey", "stage", "time", "timeEpoch"}
    assert context <= set(event["requestContext"])
    assert set(event["requestContext"]["http"]) == {"method", "path", "protocol", "sourceIp", "userAgent"}

    assert event["version"] == "2.0"
    assert event["routeKey"] == event["requestContext"]["routeKey"] == "POST /consultations"
    assert event["rawPath"] == "/consultations"
    assert event["rawQueryString"] == "utm_source=news&utm_source=ads&x="
    assert event["queryStringParameters"] == {"utm_source": "news,ads", "x": ""}
    assert all(name == name.lower() for name in event["headers"])
    assert event["headers"]["x-custom"] == "one,two"
    assert "cookie" not in event["headers"]
    assert event["cookies"] == ["a=1", "b=2"]
    assert event["headers"]["x-forwarded-for"] == "192.0.2.44"
    assert event["requestContext"]["http"]["sourceIp"] == "192.0.2.44"
    assert event["requestContext"]["http"]["userAgent"] == "pytest-browser"
    assert event["requestContext"]["requestId"] == "abc="
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"first_name=Sam&consent=on"


def test_powertools_reads_the_event_as_it_reads_api_gateways() -> None:
    parsed = APIGatewayProxyEventV2(to_event(request(), route_key="POST /consultations", request_id="r"))
    assert parsed.decoded_body == "first_name=Sam&consent=on"
    assert parsed.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parsed.request_context.http.source_ip == "192.0.2.44"
    assert parsed.cookies == ["a=1", "b=2"]
    assert parsed.raw_path == "/consultations"


def test_only_json_and_text_bodies_arrive_unencoded() -> None:
    def body_of(content_type: str | None, body: bytes = b'{"a": "\xc3\xa9"}') -> tuple[Any, bool]:
        headers = [("Content-Type", content_type)] if content_type else []
        event = to_event(request(headers=headers, body=body), route_key="POST /consultations", request_id="r")
        return event["body"], event["isBase64Encoded"]

    assert body_of("application/json") == ('{"a": "é"}', False)
    assert body_of("application/json; charset=utf-8") == ('{"a": "é"}', False)
    assert body_of("text/plain") == ('{"a": "é"}', False)
    for content_type in ("multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/octet-stream", None):
        encoded, flag = body_of(content_type)
        assert flag is True
        assert base64.b64decode(encoded) == b'{"a": "\xc3\xa9"}'
    assert body_of("application/json", b"\xff\xfe") == (base64.b64encode(b"\xff\xfe").decode(), True)


def test_no_body_no_query_no_cookies() -> None:
    event = to_event(request(method="GET", query="", headers=[("Host", "h")], body=b""), route_key="GET /x", request_id="r")
    assert "body" not in event and event["isBase64Encoded"] is False
    assert "queryStringParameters" not in event and "cookies" not in event


def test_function_answers_become_http_responses() -> None:
    response = from_result(
        {
            "statusCode": 303,
            "headers": {"Location": "/thank-you", "Content-Type": "text/html"},
            "multiValueHeaders": {"X-Many": ["1", "2"]},
            "cookies": ["a=1; Secure", "b=2"],
            "body": "<p>ok</p>",
            "isBase64Encoded": False,
        }
    )
    assert response.status == 303
    assert ("location", "/thank-you") in response.headers
    assert [v for k, v in response.headers if k == "x-many"] == ["1", "2"]
    assert [v for k, v in response.headers if k == "set-cookie"] == ["a=1; Secure", "b=2"]
    assert response.body == b"<p>ok</p>"

    binary = from_result({"statusCode": 200, "body": base64.b64encode(b"\x00\x01").decode(), "isBase64Encoded": True})
    assert binary.body == b"\x00\x01"
    inferred = from_result({"id": "x"})
    assert (inferred.status, json.loads(inferred.body)) == (200, {"id": "x"})


def test_a_function_error_is_a_500_like_api_gateways() -> None:
    errors: list[Exception] = []

    def broken(event: dict[str, Any]) -> Any:
        raise RuntimeError("boom")

    gateway = Gateway(routes=[Route("POST", "/consultations", broken)], cors=None, on_error=errors.append)
    response = gateway.handle(request())
    assert response.status == 500
    assert json.loads(response.body) == {"message": "Internal Server Error"}
    assert len(errors) == 1


def test_the_gateway_replaces_the_functions_cors_headers() -> None:
    def answer(event: dict[str, Any]) -> Any:
        return {"statusCode": 201, "headers": {"Access-Control-Allow-Origin": "*", "Content-Type": "application/json"}, "body": "{}"}

    gateway = Gateway(routes=[Route("POST", "/consultations", answer)], cors=Cors(("https://practice.example",)), on_error=print)
    allowed = gateway.handle(request(headers=[("Origin", "https://practice.example")]))
    assert [v for k, v in allowed.headers if k.startswith("access-control-")] == ["https://practice.example"]
    refused = gateway.handle(request(headers=[("Origin", "https://elsewhere.example")]))
    assert not [k for k, _ in refused.headers if k.startswith("access-control-")]


def test_cors_matches_origins_as_plain_strings_like_api_gateway() -> None:
    # The list comes from the settings in normal form; the Origin header is compared as it is sent.
    cors = Cors(("https://practice.example", "http://localhost:3000"))
    assert cors.allows("https://practice.example")
    assert cors.allows("http://localhost:3000")
    for other in ("https://practice.example/", "HTTPS://practice.example", "https://practice.example:443", "http://localhost:3000/",
                  "https://www.practice.example", "null", "", None):  # fmt: skip
        assert not cors.allows(other), other


def test_routes_match_method_and_path_with_path_parameters_like_api_gateway() -> None:
    events: list[dict[str, Any]] = []

    def answer(event: dict[str, Any]) -> Any:
        events.append(event)
        return {"statusCode": 200, "body": "ok"}

    routes = [Route("POST", "/consultations", answer), Route("GET", "/actions/{token}", answer), Route("POST", "/actions/{token}", answer)]
    gateway = Gateway(routes=routes, cors=None, on_error=print)
    assert gateway.handle(request(method="GET", path="/actions/abc-_9", body=b"")).status == 200
    assert (events[-1]["routeKey"], events[-1]["pathParameters"]) == ("GET /actions/{token}", {"token": "abc-_9"})
    assert events[-1]["rawPath"] == "/actions/abc-_9"
    assert gateway.handle(request(path="/actions/xyz")).status == 200
    assert events[-1]["routeKey"] == "POST /actions/{token}"
    assert "pathParameters" not in gateway_event(gateway, events)
    for method, path in [
        ("GET", "/actions/"),
        ("GET", "/actions/a/b"),
        ("PUT", "/actions/a"),
        ("GET", "/actions"),
        ("GET", "/consultations"),
    ]:
        assert gateway.handle(request(method=method, path=path, body=b"")).status == 404, (method, path)
    assert gateway.serves("/actions/a") and gateway.serves("/consultations") and not gateway.serves("/_local/leads")
    assert gateway.shown_path("/actions/secret-token") == "/actions/{token}"


def gateway_event(gateway: Gateway, events: list[dict[str, Any]]) -> dict[str, Any]:
    """The event of a POST /consultations: a route without parameters sends none."""
    gateway.handle(request())
    return events[-1]
