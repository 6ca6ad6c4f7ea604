"""The local stack over HTTP: the three encodings, the outbox and leads viewers, CORS, routes, stop."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest
from tests.e2e.conftest import ROOT, RunningStack, lead_fields, stack_environment, start_stack, stop_stack

JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def multipart(fields: dict[str, str]) -> tuple[bytes, str]:
    boundary = "----lead" + uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()]
    return ("".join(parts) + f"--{boundary}--\r\n").encode("utf-8"), f"multipart/form-data; boundary={boundary}"


def test_json_post_is_stored_and_emailed_to_the_outbox(stack: RunningStack, tag: str) -> None:
    answer = stack.request("POST", "/consultations", json.dumps({**lead_fields(tag), "consent": True}).encode(), JSON_HEADERS)
    assert answer.status == 201, answer
    lead_id = answer.json()["id"]
    assert answer.headers["apigw-requestid"]

    emails = stack.emails_with(tag)
    assert len(emails) == 1
    email = emails[0]
    assert set(email) >= {"to", "from", "reply_to", "subject", "text", "html", "sent_at"}
    assert email["to"] == ["coordinator@practice.example"]
    assert email["from"] == "Care Coordinator form <forms@practice.example>"
    assert email["reply_to"] == f"sam.{tag}@example.com"
    assert email["subject"] == "New consultation request: Sam R."
    assert lead_id in email["text"] and lead_id in email["html"]

    leads = stack.leads_with(tag)
    assert [lead["id"] for lead in leads] == [lead_id]
    assert leads[0]["phone"] == "+12135550117"
    # SES (here the stack's stand-in: every address but the simulator's bounces delivers) reports delivery.
    assert stack.wait_for(lambda: stack.leads_with(tag)[0]["status"] == "delivered"), stack.leads_with(tag)
    assert [change["status"] for change in stack.leads_with(tag)[0]["history"]] == ["new", "notified", "delivered"]


def test_plain_form_post_redirects_to_the_thank_you_page(stack: RunningStack, tag: str) -> None:
    answer = stack.request("POST", "/consultations", urlencode(lead_fields(tag)).encode(), FORM_HEADERS)
    assert answer.status == 303, answer
    assert answer.headers["location"] == "/thank-you"
    assert len(stack.leads_with(tag)) == 1

    page = stack.request("GET", "/thank-you")
    assert page.status == 200
    assert "Thank you" in page.text
    assert "data-crisis-now hidden" in page.text  # nothing urgent: the crisis section stays hidden


def test_multipart_post_is_stored(stack: RunningStack, tag: str) -> None:
    body, content_type = multipart(lead_fields(tag))
    answer = stack.request("POST", "/consultations", body, {"Content-Type": content_type, "Accept": "application/json"})
    assert answer.status == 201, answer
    assert [lead["id"] for lead in stack.leads_with(tag)] == [answer.json()["id"]]
    assert len(stack.emails_with(tag)) == 1


def test_an_urgent_plain_post_lands_on_a_thank_you_page_that_shows_crisis_resources(stack: RunningStack, tag: str) -> None:
    fields = lead_fields(tag, message=f"Some days I want to die. {tag}")
    answer = stack.request("POST", "/consultations", urlencode(fields).encode(), FORM_HEADERS)
    assert answer.status == 303
    assert answer.headers["location"] == "/thank-you?crisis=1"

    page = stack.request("GET", answer.headers["location"]).text
    assert "data-crisis-now hidden" not in page
    assert 'id="crisis-now" role="alert" data-crisis-now>' in page
    assert 'href="tel:988"' in page

    emails = stack.emails_with(tag)
    assert [e["subject"] for e in emails] == ["[URGENT] New consultation request: Sam R."]


def test_a_bad_email_gets_field_errors_for_json_clients(stack: RunningStack, tag: str) -> None:
    answer = stack.request("POST", "/consultations", json.dumps({**lead_fields(tag), "email": "sam@@example"}).encode(), JSON_HEADERS)
    assert answer.status == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in answer.json()["errors"]] == ["email"]
    assert stack.leads_with(tag) == []


def test_outbox_page_shows_each_email_escaped_and_sandboxed(stack: RunningStack, tag: str) -> None:
    fields = lead_fields(tag, message=f'<script>alert("{tag}")</script> <img src=x onerror=alert(1)>')
    assert stack.request("POST", "/consultations", urlencode(fields).encode(), FORM_HEADERS).status == 303
    assert stack.emails_with(tag)

    page = stack.request("GET", "/_local/outbox", headers={"Accept": "text/html"})
    assert page.status == 200
    assert page.headers["content-type"].startswith("text/html")
    assert f'<script>alert("{tag}")' not in page.text
    assert "<img src=x" not in page.text
    # No scripts, same-origin access or forms in the frame; links open a new tab outside it.
    assert '<iframe sandbox="allow-popups allow-popups-to-escape-sandbox"' in page.text
    assert "New consultation request: Sam R." in page.text


def test_outbox_lists_newest_first(stack: RunningStack) -> None:
    first, second = "t" + uuid.uuid4().hex[:12], "t" + uuid.uuid4().hex[:12]
    for tag in (first, second):
        assert stack.request("POST", "/consultations", urlencode(lead_fields(tag)).encode(), FORM_HEADERS).status == 303
        assert stack.emails_with(tag)
    texts = [json.dumps(e) for e in stack.get_json("/_local/outbox")]
    assert min(i for i, t in enumerate(texts) if second in t) < min(i for i, t in enumerate(texts) if first in t)


def test_leads_page_is_html_for_browsers(stack: RunningStack, tag: str) -> None:
    fields = lead_fields(tag, message=f"<b>{tag}</b>")
    assert stack.request("POST", "/consultations", urlencode(fields).encode(), FORM_HEADERS).status == 303
    page = stack.request("GET", "/_local/leads", headers={"Accept": "text/html"})
    assert page.status == 200
    assert page.headers["content-type"].startswith("text/html")
    assert f"&lt;b&gt;{tag}&lt;/b&gt;" in page.text
    assert f"<b>{tag}</b>" not in page.text


def test_openapi_document_describes_the_endpoint(stack: RunningStack) -> None:
    document = stack.get_json("/openapi.json")
    operation = document["paths"]["/consultations"]["post"]
    assert {"201", "422"} <= set(operation["responses"])


def test_cors_answers_as_the_http_api_does(stack: RunningStack, tag: str) -> None:
    own = stack.url.replace("127.0.0.1", "localhost")
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,idempotency-key"}

    allowed = stack.request("OPTIONS", "/consultations", headers={"Origin": own, **preflight})
    assert allowed.status == 204
    assert allowed.headers["access-control-allow-origin"] == own
    assert "idempotency-key" in allowed.headers["access-control-allow-headers"]
    assert "POST" in allowed.headers["access-control-allow-methods"]

    refused = stack.request("OPTIONS", "/consultations", headers={"Origin": "https://elsewhere.example", **preflight})
    assert refused.status == 204
    assert "access-control-allow-origin" not in refused.headers

    body = json.dumps({**lead_fields(tag), "consent": True}).encode()
    posted = stack.request("POST", "/consultations", body, {**JSON_HEADERS, "Origin": stack.url})
    assert posted.headers.get("access-control-allow-origin") == stack.url
    other = stack.request("POST", "/consultations", body, {**JSON_HEADERS, "Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize(("method", "path"), [("GET", "/consultations"), ("PUT", "/consultations"), ("DELETE", "/consultations"),
                                              ("POST", "/consultations/"), ("POST", "/"), ("OPTIONS", "/consultations"),
                                              ("HEAD", "/consultations"), ("TRACE", "/consultations"), ("PROPFIND", "/")])  # fmt: skip
def test_other_routes_get_the_http_api_404(stack: RunningStack, method: str, path: str) -> None:
    answer = stack.request(method, path, b"{}" if method in {"POST", "PUT"} else None, {"Content-Type": "application/json"})
    assert answer.status == 404
    if method != "HEAD":
        assert answer.json() == {"message": "Not Found"}


@pytest.mark.parametrize("path", ["/nothing-here", "/../pyproject.toml", "/..%2fpyproject.toml", "/.gitignore", "/form.py"])
def test_site_serves_only_its_own_files(stack: RunningStack, path: str) -> None:
    assert stack.request("GET", path).status == 404


def test_site_pages_are_served(stack: RunningStack) -> None:
    for path, kind in [("/", "text/html"), ("/form.js", "text/javascript"), ("/form.css", "text/css"), ("/thank-you", "text/html")]:
        answer = stack.request("GET", path)
        assert answer.status == 200, path
        assert answer.headers["content-type"].startswith(kind), path


def test_console_never_shows_a_submitted_value(stack: RunningStack, tag: str) -> None:
    fields = lead_fields(tag, first_name=f"Zed{tag}", last_name=f"Quill{tag}", phone="+1 213 555 0199", message=f"Private words {tag}")
    assert stack.request("POST", "/consultations", urlencode(fields).encode(), FORM_HEADERS).status == 303
    assert stack.request("POST", "/consultations", json.dumps({**fields, "email": f"bad@@{tag}"}).encode(), JSON_HEADERS).status == 422
    assert stack.emails_with(tag)
    console = stack.console()
    assert "lead captured" in console  # the functions' logs are in it
    for value in [tag, "2135550199", "213 555 0199", "127.0.0.1 -"]:
        assert value not in console


def test_contract_smoke_passes(stack: RunningStack) -> None:
    """The shared contract check, when a copy of shared/ sits beside the repo (as in CI)."""
    smoke = ROOT.parent / "shared" / "contract_smoke.py"
    if not smoke.exists():
        pytest.skip(f"{smoke} is not here")
    result = subprocess.run([sys.executable, str(smoke), stack.url], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failed" in result.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.mark.slow
def test_port_from_the_environment_and_a_clean_stop_on_sigterm() -> None:
    port = _free_port()
    own = start_stack(env=stack_environment(PORT=str(port)))
    try:
        assert own.url == f"http://127.0.0.1:{port}"
        console = own.console()
        assert "in memory" in console and "AWS_PROFILE" in console and "/_local/outbox" in console
        assert own.request("GET", "/").status == 200
    finally:
        code = stop_stack(own, signal.SIGTERM)
    assert code == 0
    assert "[local] stopped" in own.console()


@pytest.mark.slow
def test_an_endpoint_in_the_environment_is_used_instead_of_moto(tmp_path: Path, tag: str) -> None:
    import boto3
    from moto.server import ThreadedMotoServer

    outside = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    outside.start()
    host, port = outside.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    aws = {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": "us-east-1"}
    own = start_stack("--port", "0", "--create-tables", env=stack_environment(**aws, AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled"))
    try:
        assert "AWS: the one named by AWS_ENDPOINT_URL" in own.console()
        answer = own.request("POST", "/consultations", json.dumps({**lead_fields(tag), "consent": True}).encode(), JSON_HEADERS)
        assert answer.status == 201
        credentials = {"aws_access_key_id": "x", "aws_secret_access_key": "x"}
        dynamodb = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1", **credentials)
        items = dynamodb.scan(TableName="leads")["Items"]
        assert [i["id"]["S"] for i in items] == [answer.json()["id"]]
        outbox = own.request("GET", "/_local/outbox", headers={"Accept": "application/json"})
        assert outbox.status == 404
        assert "moto" in outbox.json()["detail"]
    finally:
        stop_stack(own)
        outside.stop()
