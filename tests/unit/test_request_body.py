"""Reading raw bodies: three encodings, base64, charsets, limits; failures are 400/413/415."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

import pytest

from leadcapture.intake.web.request_body import MAX_BODY_BYTES, parse_body
from leadcapture.kernel.errors import BodyTooLarge, MalformedBody, UnsupportedMediaType


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def multipart(fields: list[tuple[str, str]], boundary: str = "XyZ") -> bytes:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value.encode("utf-8") + b"\r\n"
        for name, value in fields
    ]
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def test_json_object() -> None:
    parsed = parse_body('{"first_name": "Zoë", "consent": true}', is_base64=False, content_type="application/json")
    assert parsed.fields == {"first_name": "Zoë", "consent": True}
    assert parsed.repeated == frozenset()


def test_json_base64_with_charset() -> None:
    raw = json.dumps({"first_name": "Zoë"}, ensure_ascii=False).encode("utf-8")
    parsed = parse_body(b64(raw), is_base64=True, content_type="application/json; charset=UTF-8")
    assert parsed.fields["first_name"] == "Zoë"


def test_json_in_latin1_charset_is_honoured() -> None:
    raw = '{"first_name": "Zoë"}'.encode("latin-1")
    parsed = parse_body(b64(raw), is_base64=True, content_type="application/json; charset=ISO-8859-1")
    assert parsed.fields["first_name"] == "Zoë"


def test_json_duplicate_keys_are_reported() -> None:
    parsed = parse_body('{"email": "a@example.com", "email": "b@example.com"}', is_base64=False, content_type="application/json")
    assert parsed.repeated == frozenset({"email"})


def test_every_value_of_a_repeated_key_is_kept_in_order() -> None:
    # A checkbox group posts its name once per box ticked (issue 23: best_time takes them all).
    parsed = parse_body(
        "best_time=evening&first_name=Sam&best_time=morning", is_base64=False, content_type="application/x-www-form-urlencoded"
    )
    assert parsed.repeated == frozenset({"best_time"})
    assert parsed.every == {"best_time": ["evening", "morning"]}
    assert parsed.fields["best_time"] == "morning"


def test_the_form_map_gives_a_list_field_every_value_under_any_of_its_names() -> None:
    from leadcapture.intake.website.form_fields import FieldMap

    parsed = parse_body(
        "your-best-time%5B%5D=evening&your-best-time%5B%5D=morning&your-email=a%40example.com&your-email=b%40example.com",
        is_base64=False,
        content_type="application/x-www-form-urlencoded",
    )
    mapped = FieldMap.build("contact-form-7", {}).apply(parsed.fields, parsed.repeated, parsed.every)
    assert mapped.fields["best_time"] == ["evening", "morning"]
    assert mapped.repeated == frozenset({"email"})  # every other field must still be given once
    assert mapped.site_name("best_time") == "your-best-time[]"
    json_body = parse_body('{"best_time": ["evening", ""], "email": "a@example.com"}', is_base64=False, content_type="application/json")
    assert FieldMap.build("", {}).apply(json_body.fields, json_body.repeated, json_body.every).fields["best_time"] == ["evening"]


def test_nested_duplicate_keys_are_not_top_level_duplicates() -> None:
    parsed = parse_body('{"x": {"a": 1, "a": 2}, "email": "a@example.com"}', is_base64=False, content_type="application/json")
    assert parsed.repeated == frozenset()
    assert set(parsed.fields) == {"x", "email"}


def test_urlencoded_base64_as_api_gateway_sends_it() -> None:
    raw = urlencode({"first_name": "José", "consent": "on"}).encode("ascii")
    parsed = parse_body(b64(raw), is_base64=True, content_type="application/x-www-form-urlencoded")
    assert parsed.fields == {"first_name": "José", "consent": "on"}


def test_urlencoded_repeated_fields_are_reported() -> None:
    parsed = parse_body("email=a%40example.com&email=b%40example.com", is_base64=False, content_type="application/x-www-form-urlencoded")
    assert parsed.repeated == frozenset({"email"})


def test_urlencoded_in_latin1() -> None:
    raw = urlencode({"first_name": "Zoë"}, encoding="latin-1").encode("ascii")
    parsed = parse_body(b64(raw), is_base64=True, content_type="application/x-www-form-urlencoded; charset=iso-8859-1")
    assert parsed.fields["first_name"] == "Zoë"


def test_multipart() -> None:
    raw = multipart([("first_name", "李"), ("consent", "on"), ("message", "line1\r\nline2")])
    parsed = parse_body(b64(raw), is_base64=True, content_type="multipart/form-data; boundary=XyZ")
    assert parsed.fields == {"first_name": "李", "consent": "on", "message": "line1\r\nline2"}


def test_multipart_file_parts_are_dropped() -> None:
    raw = (
        b'--B\r\nContent-Disposition: form-data; name="first_name"\r\n\r\nSam\r\n'
        b'--B\r\nContent-Disposition: form-data; name="upload"; filename="x.exe"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\nMZ\x00\x01\r\n"
        b"--B--\r\n"
    )
    parsed = parse_body(b64(raw), is_base64=True, content_type="multipart/form-data; boundary=B")
    assert parsed.fields == {"first_name": "Sam"}


@pytest.mark.parametrize(
    ("body", "is_base64", "content_type"),
    [
        ("{", False, "application/json"),
        ("[1, 2]", False, "application/json"),
        ("null", False, "application/json"),
        ("42", False, "application/json"),
        ('"text"', False, "application/json"),
        ("", False, "application/json"),
        ("   ", False, "application/json"),
        (None, False, "application/json"),
        ("not base64!!", True, "application/json"),
        (b64(b'{"a": "\xff\xfe"}'), True, "application/json"),
        (b64(b"first_name=%FF"), True, "application/x-www-form-urlencoded"),
        ("[" * 5000 + "]" * 5000, False, "application/json"),
        ('{"a": ' * 30 + "1" + "}" * 30, False, "application/json"),
        (b64(b"no boundary"), True, "multipart/form-data"),
        (b64(b"garbage without parts"), True, "multipart/form-data; boundary=B"),
        ("&".join(f"k{i}=v" for i in range(200)), False, "application/x-www-form-urlencoded"),
    ],
)
def test_malformed_bodies(body: str | None, is_base64: bool, content_type: str) -> None:
    with pytest.raises(MalformedBody):
        parse_body(body, is_base64=is_base64, content_type=content_type)


@pytest.mark.parametrize("content_type", [None, "", "text/plain", "application/xml", "application/jsonx", "image/png", "json"])
def test_other_content_types_are_unsupported(content_type: str | None) -> None:
    with pytest.raises(UnsupportedMediaType):
        parse_body("{}", is_base64=False, content_type=content_type)


def test_unknown_charset_is_unsupported() -> None:
    with pytest.raises(UnsupportedMediaType):
        parse_body("{}", is_base64=False, content_type="application/json; charset=klingon")


def test_size_limit_applies_to_the_decoded_body() -> None:
    at_limit = '{"message": "' + "a" * (MAX_BODY_BYTES - 15) + '"}'
    assert len(at_limit.encode()) == MAX_BODY_BYTES
    parse_body(b64(at_limit.encode()), is_base64=True, content_type="application/json")
    over = '{"message": "' + "a" * (MAX_BODY_BYTES - 14) + '"}'
    with pytest.raises(BodyTooLarge):
        parse_body(b64(over.encode()), is_base64=True, content_type="application/json")
    with pytest.raises(BodyTooLarge):
        parse_body(over, is_base64=False, content_type="application/json")


@pytest.mark.parametrize(
    "charset",
    [
        "undefined",
        '"undefined"',
        "UNDEFINED",
        "idna",
        "IDNA",
        "utf-7",
        "utf-16",
        "utf-32",
        "rot13",
        "base64",
        "hex",
        "punycode",
        "raw_unicode_escape",
        "x-klingon",
    ],
)
@pytest.mark.parametrize("media_type", ["application/json", "application/x-www-form-urlencoded"])
def test_only_browser_charsets_are_accepted(media_type: str, charset: str) -> None:
    with pytest.raises(UnsupportedMediaType, match="charset"):
        parse_body(b64(b'{"a": "b"}'), is_base64=True, content_type=f"{media_type}; charset={charset}")


@pytest.mark.parametrize("charset", ["undefined", "idna", "utf-16"])
def test_a_multipart_part_charset_must_be_a_browser_charset(charset: str) -> None:
    raw = (
        b'--B\r\nContent-Disposition: form-data; name="first_name"\r\n'
        + f"Content-Type: text/plain; charset={charset}\r\n\r\nSam\r\n--B--\r\n".encode()
    )
    with pytest.raises(UnsupportedMediaType, match="charset"):
        parse_body(b64(raw), is_base64=True, content_type="multipart/form-data; boundary=B")


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", '"utf-8"', "utf8", "iso-8859-1", "ISO-8859-1", "latin1", "us-ascii", "windows-1252"])
def test_the_charsets_browsers_send_are_accepted(charset: str) -> None:
    assert parse_body('{"a": "b"}', is_base64=False, content_type=f"application/json; charset={charset}").fields == {"a": "b"}


def test_the_415_names_the_charset_as_a_short_token() -> None:
    with pytest.raises(UnsupportedMediaType) as caught:
        parse_body("{}", is_base64=False, content_type="application/json; charset=undefined")
    assert "undefined" in str(caught.value)
    for odd in ("x" * 200, "a<b>c", "é"):
        with pytest.raises(UnsupportedMediaType) as caught:
            parse_body("{}", is_base64=False, content_type=f"application/json; charset={odd}")
        assert odd not in str(caught.value) and len(str(caught.value)) < 120


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = json.dumps({"message": "[" * 21, "first_name": "{" * 500 + "]" * 500})
    assert parse_body(text, is_base64=False, content_type="application/json").fields["message"] == "[" * 21


@pytest.mark.parametrize("depth", [21, 30, 5000])
def test_the_parsed_value_is_measured_for_nesting(depth: int) -> None:
    with pytest.raises(MalformedBody, match="nested too deeply"):
        parse_body('{"a": ' + "[" * depth + "]" * depth + "}", is_base64=False, content_type="application/json")


def test_twenty_levels_of_nesting_are_fine() -> None:
    parse_body('{"a": ' + "[" * 19 + "]" * 19 + "}", is_base64=False, content_type="application/json")
