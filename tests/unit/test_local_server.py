"""The local server's Host check and body framing as plain functions (tests/e2e drives them over HTTP)."""

from __future__ import annotations

import io
from email.message import Message

import pytest
from infra.local.server import MAX_LINE, host_refusal, read_body


@pytest.mark.parametrize("host", ["127.0.0.1:3000", "localhost:3000", "LOCALHOST:3000", "[::1]:3000", " localhost:3000 "])
def test_own_names_on_the_own_port_are_answered(host: str) -> None:
    assert host_refusal([host], 3000) is None


@pytest.mark.parametrize(
    "host",
    ["attacker.example:3000", "attacker.example", "localhost:3001", "localhost", "127.0.0.1", "[::1]", "localhost.:3000",
     "127.0.0.2:3000", "0.0.0.0:3000", "127.1:3000", "localhost:3000.attacker.example", "user@localhost:3000", "[::ffff:127.0.0.1]:3000"],
)  # fmt: skip
def test_every_other_name_or_port_is_421(host: str) -> None:
    assert host_refusal([host], 3000) == 421


def test_on_port_80_the_name_alone_is_the_own_name() -> None:
    assert host_refusal(["localhost"], 80) is None
    assert host_refusal(["localhost:80"], 80) is None
    assert host_refusal(["attacker.example"], 80) == 421


@pytest.mark.parametrize("hosts", [[], [""], ["  "], ["localhost:3000", "localhost:3000"]])
def test_no_host_an_empty_one_or_several_are_400(hosts: list[str]) -> None:
    assert host_refusal(hosts, 3000) == 400


def headers(*pairs: tuple[str, str]) -> Message:
    message = Message()
    for name, value in pairs:
        message[name] = value
    return message


CHUNKED = ("Transfer-Encoding", "chunked")


def read(raw: bytes, *pairs: tuple[str, str], limit: int = 100) -> bytes | None:
    return read_body(io.BytesIO(raw), headers(*pairs), limit)


def test_chunks_with_extensions_and_trailers_are_joined() -> None:
    raw = b"3;name=value\r\nabc\r\nA \r\n0123456789\r\n0\r\nx-trailer: 1\r\n\r\nNEXT"
    stream = io.BytesIO(raw)
    assert read_body(stream, headers(CHUNKED), 100) == b"abc0123456789"
    assert stream.read() == b"NEXT"  # exactly the message is consumed; the next request is untouched


def test_chunked_coding_is_matched_without_case() -> None:
    assert read(b"1\r\nx\r\n0\r\n\r\n", ("Transfer-Encoding", "Chunked")) == b"x"


@pytest.mark.parametrize(
    "raw",
    [b"-1\r\nabc", b"-0\r\n\r\n", b"0x3\r\nabc\r\n0\r\n\r\n", b"+3\r\nabc\r\n0\r\n\r\n", b"1_0\r\n" + b"x" * 16 + b"\r\n0\r\n\r\n",
     b" 3\r\nabc\r\n0\r\n\r\n", b"\r\nabc\r\n0\r\n\r\n", b"zz\r\n", b"0" * 17 + b"3\r\nabc\r\n0\r\n\r\n", b"3\r\nabcXX0\r\n\r\n",
     b"3\r\nabcd\r\n0\r\n\r\n", b"9\r\nabc", b"3\r\nabc\r\n", b"3\r\nabc\r\n0\r\n", b"3\nabc\n0\n\n", b"3\r\nabc\r\n0\r\nx: 1\r\n",
     b"\xef\xbc\x93\r\nabc\r\n0\r\n\r\n", b"1;" + b"e" * MAX_LINE + b"\r\nx\r\n0\r\n\r\n",
     b"0\r\n" + b"x: y\r\n" * (MAX_LINE // 6 + 1) + b"\r\n", b""],
    ids=["negative", "minus zero", "0x", "plus", "underscore", "leading space", "empty size", "non-hex", "17 digits",
         "no CRLF after data", "data longer than size", "truncated data", "no last chunk", "no end of trailers", "bare LF",
         "trailer cut off", "full-width digit", "size line too long", "trailers too long", "no body at all"],
)  # fmt: skip
def test_malformed_chunking_raises(raw: bytes) -> None:
    with pytest.raises(ValueError):
        read(raw, CHUNKED)


def test_sixteen_hex_digits_are_a_size_and_over_the_cap() -> None:
    assert read(b"0" * 15 + b"5\r\nabcde\r\n0\r\n\r\n", CHUNKED) == b"abcde"
    assert read(b"ffffffffffffffff\r\n", CHUNKED) is None


def test_the_cap_counts_every_chunk_and_stops_before_reading_the_data() -> None:
    assert read(b"64\r\n" + b"x" * 100 + b"\r\n0\r\n\r\n", CHUNKED) == b"x" * 100
    assert read(b"64\r\n" + b"x" * 100 + b"\r\n1\r\n", CHUNKED) is None
    assert read(b"65\r\n", CHUNKED) is None


def test_content_length_reads_exactly_that_many_bytes() -> None:
    stream = io.BytesIO(b"abcNEXT")
    assert read_body(stream, headers(("Content-Length", "3")), 100) == b"abc"
    assert stream.read() == b"NEXT"
    assert read(b"", ("Content-Length", "0")) == b""
    assert read(b"") == b""
    assert read(b"x" * 101, ("Content-Length", "101")) is None


@pytest.mark.parametrize(
    "pairs",
    [[("Content-Length", "-1")], [("Content-Length", "+3")], [("Content-Length", "1_0")], [("Content-Length", "0x3")],
     [("Content-Length", "")], [("Content-Length", "3"), ("Content-Length", "3")], [("Content-Length", "3,3")],
     [("Content-Length", "\uff13")], [("Content-Length", "9")], [("Content-Length", "3"), CHUNKED],
     [("Transfer-Encoding", "gzip")], [("Transfer-Encoding", "gzip, chunked")], [CHUNKED, CHUNKED]],
    ids=["negative", "plus", "underscore", "0x", "empty", "twice", "list", "full-width digit", "truncated", "both framings",
         "unknown coding", "coding before chunked", "chunked twice"],
)  # fmt: skip
def test_malformed_framing_raises(pairs: list[tuple[str, str]]) -> None:
    with pytest.raises(ValueError):
        read(b"abc", *pairs)
