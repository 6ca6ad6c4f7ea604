"""The local stack's HTTP server at the byte level: which Host it answers, and how it reads bodies.

A page on another site can reach a loopback server through DNS rebinding: its own name is made
to resolve to 127.0.0.1, and the browser then sends the page's name in Host. So the server answers
only its own names. Bodies are read as API Gateway limits them (10 MiB); malformed chunking is a
400 from the gateway itself, before the function sees anything.
"""

from __future__ import annotations

import http.client
import json
import socket
from urllib.parse import urlsplit

import pytest
from tests import personal_data
from tests.e2e.conftest import RunningStack, lead_fields

MIB = 1024 * 1024
BAD_REQUEST = {"message": "Bad Request"}


def port_of(stack: RunningStack) -> int:
    port = urlsplit(stack.url).port
    assert port is not None
    return port


def send(
    stack: RunningStack, method: str, path: str, *, hosts: list[str], body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    """One request over http.client with exactly the Host headers given (none, one or several)."""
    connection = http.client.HTTPConnection("127.0.0.1", port_of(stack), timeout=30)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for host in hosts:
            connection.putheader("Host", host)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def lead_body(tag: str) -> bytes:
    body = json.dumps({**lead_fields(tag), "consent": True}).encode()
    personal_data.remember(body, "application/json")
    return body


# --- Host -----------------------------------------------------------------------------------------

FOREIGN = ["attacker.example:{port}", "attacker.example", "127.0.0.1.nip.io:{port}", "localhost:1", "127.0.0.1", "localhost.:{port}"]
ROUTES = [("GET", "/_local/leads"), ("GET", "/_local/leads?format=json"), ("GET", "/_local/outbox"), ("GET", "/_local/aws"), ("GET", "/"),
          ("GET", "/openapi.json"), ("HEAD", "/_local/leads"), ("OPTIONS", "/consultations"), ("TRACE", "/"),
          ("POST", "/_local/tick")]  # fmt: skip


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize("host", FOREIGN)
def test_a_foreign_host_gets_421_on_every_path(stack: RunningStack, method: str, path: str, host: str) -> None:
    status, body = send(stack, method, path, hosts=[host.format(port=port_of(stack))], headers={"Accept": "application/json"})
    assert status == 421
    if method != "HEAD":
        assert json.loads(body) == {"message": "Misdirected Request"}


def test_a_rebinding_page_cannot_post_a_lead(stack: RunningStack, tag: str) -> None:
    body = lead_body(tag)
    # No Origin: the function's origin check is not what refuses it (a page's own Origin would be refused there too).
    status, answer = send(stack, "POST", "/consultations", hosts=[f"attacker.example:{port_of(stack)}"], body=body,
                          headers={"Content-Type": "application/json"})  # fmt: skip
    assert (status, json.loads(answer)) == (421, {"message": "Misdirected Request"})
    assert stack.leads_with(tag) == []
    assert "refused a request for another host name (421)" in stack.console()


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}", "[::1]:{port}"])
def test_the_stacks_own_names_are_answered(stack: RunningStack, host: str, tag: str) -> None:
    own = host.format(port=port_of(stack))
    status, body = send(stack, "GET", "/_local/leads?format=json", hosts=[own])
    assert status == 200
    assert isinstance(json.loads(body), list)
    status, _ = send(stack, "POST", "/consultations", hosts=[own], body=lead_body(tag), headers={"Content-Type": "application/json"})
    assert status == 201


@pytest.mark.parametrize("hosts", [[], ["127.0.0.1:{port}", "127.0.0.1:{port}"], ["127.0.0.1:{port}", "attacker.example"], [""]])
def test_no_host_or_more_than_one_is_400(stack: RunningStack, hosts: list[str]) -> None:
    status, body = send(stack, "GET", "/_local/leads?format=json", hosts=[h.format(port=port_of(stack)) for h in hosts])
    assert (status, json.loads(body)) == (400, BAD_REQUEST)


# --- bodies ---------------------------------------------------------------------------------------


def raw_post(
    stack: RunningStack, body: bytes, *, headers: str = "Transfer-Encoding: chunked\r\n", half_close: bool = True, timeout: float = 30
) -> tuple[int, bytes]:
    """POST /consultations over a bare socket; the client then closes its side (as a cut-off upload
    does) unless `half_close` is False, and reads the answer until the server closes."""
    head = (
        f"POST /consultations HTTP/1.1\r\nHost: 127.0.0.1:{port_of(stack)}\r\nContent-Type: application/json\r\n"
        f"Accept: application/json\r\n{headers}\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port_of(stack)), timeout=timeout) as connection:
        connection.sendall(head + body)
        if half_close:
            connection.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    status_line, _, rest = received.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


def chunked(*chunks: bytes) -> bytes:
    return b"".join(f"{len(c):x}\r\n".encode() + c + b"\r\n" for c in chunks) + b"0\r\n\r\n"


def test_well_formed_chunks_are_joined_and_stored(stack: RunningStack, tag: str) -> None:
    body = lead_body(tag)
    status, _ = raw_post(stack, chunked(body[:10], body[10:]))
    assert status == 201
    assert len(stack.leads_with(tag)) == 1


def test_a_negative_chunk_size_is_400_and_nothing_is_stored(stack: RunningStack, tag: str) -> None:
    # Read as "everything until the connection closes" it skipped the cap and stored the lead.
    status, answer = raw_post(stack, b"-1\r\n" + lead_body(tag))
    assert (status, json.loads(answer)) == (400, BAD_REQUEST)
    assert stack.leads_with(tag) == []


def test_a_negative_chunk_size_is_refused_without_waiting_for_more(stack: RunningStack) -> None:
    # The connection stays open: a server that reads "until the end" (past any cap) never answers.
    status, answer = raw_post(stack, b"-1\r\n" + b"x" * 100, half_close=False, timeout=5)
    assert (status, json.loads(answer)) == (400, BAD_REQUEST)


def _framings(body: bytes) -> dict[str, bytes]:
    size = f"{len(body):x}".encode()
    return {
        "0x prefix": b"0x" + size + b"\r\n" + body + b"\r\n0\r\n\r\n",
        "plus sign": b"+" + size + b"\r\n" + body + b"\r\n0\r\n\r\n",
        "underscore": size[:1] + b"_" + size[1:] + b"\r\n" + body + b"\r\n0\r\n\r\n",
        "leading space": b" " + size + b"\r\n" + body + b"\r\n0\r\n\r\n",
        "empty size line": b"\r\n" + body + b"\r\n0\r\n\r\n",
        "non-hex size": b"zz\r\n" + body + b"\r\n0\r\n\r\n",
        "oversized hex string": b"0" * 40 + size + b"\r\n" + body + b"\r\n0\r\n\r\n",
        "no CRLF after the data": size + b"\r\n" + body + b"XX0\r\n\r\n",
        "data longer than its size": size + b"\r\n" + body + b"}\r\n0\r\n\r\n",
        "truncated data": f"{len(body) + 10:x}\r\n".encode() + body,
        "no last chunk": size + b"\r\n" + body + b"\r\n",
        "no end of trailers": size + b"\r\n" + body + b"\r\n0\r\n",
        "bare LF line ends": size + b"\n" + body + b"\n0\n\n",
    }


@pytest.mark.parametrize("framing", sorted(_framings(b"")))
def test_malformed_chunking_is_the_gateways_400_and_nothing_is_stored(stack: RunningStack, tag: str, framing: str) -> None:
    status, answer = raw_post(stack, _framings(lead_body(tag))[framing])
    assert (status, json.loads(answer)) == (400, BAD_REQUEST)
    assert stack.leads_with(tag) == []


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        ("Content-Length: +5\r\n", b"{}xxx"),
        ("Content-Length: 1_0\r\n", b"{}" + b" " * 8),
        ("Content-Length: 5\r\nContent-Length: 6\r\n", b"{}    "),
        ("Content-Length: 2\r\nTransfer-Encoding: chunked\r\n", chunked(b"{}")),
        ("Transfer-Encoding: gzip\r\n", b"{}"),
        ("Content-Length: 50\r\n", b"{}"),
    ],
    ids=["plus sign", "underscore", "two lengths", "length and chunked", "unknown coding", "truncated"],
)
def test_malformed_framing_without_chunks_is_400(stack: RunningStack, headers: str, body: bytes) -> None:
    status, answer = raw_post(stack, body, headers=headers)
    assert (status, json.loads(answer)) == (400, BAD_REQUEST)


def test_chunks_over_10_mib_in_total_are_413(stack: RunningStack) -> None:
    status, answer = raw_post(stack, b"a00000\r\n" + b"x" * (10 * MIB) + b"\r\n1\r\nx\r\n0\r\n\r\n")
    assert (status, json.loads(answer)) == (413, {"message": "Request Entity Too Large"})


def test_one_chunk_size_over_10_mib_is_413_before_its_data(stack: RunningStack) -> None:
    status, answer = raw_post(stack, b"a00001\r\n")
    assert (status, json.loads(answer)) == (413, {"message": "Request Entity Too Large"})
