"""The heartbeat's rules (domain/heartbeat.py): signatures that verify and those that must not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from leadcapture.heartbeat.domain import heartbeat as beats
from leadcapture.heartbeat.domain.heartbeat import PostAnswer
from leadcapture.intake.domain.contract import validate_submission
from leadcapture.kernel import canary as heartbeat

KEY = b"k" * 64
NOW = 1_796_000_000.0
BODY = beats.body_of(beats.synthetic_submission(datetime.fromtimestamp(NOW, UTC)))


def test_a_signature_made_now_with_the_key_verifies() -> None:
    header = heartbeat.sign(KEY, BODY, NOW)
    assert heartbeat.verify(header, BODY, key=KEY, now=NOW)
    assert heartbeat.verify(header, BODY, key=KEY, now=NOW + heartbeat.REPLAY_WINDOW_SECONDS)
    assert heartbeat.verify(f"  {header} ", BODY, key=KEY, now=NOW)


def test_a_tampered_body_does_not_verify() -> None:
    header = heartbeat.sign(KEY, BODY, NOW)
    assert not heartbeat.verify(header, BODY.replace(b"Heartbeat", b"Heartbeet"), key=KEY, now=NOW)
    assert not heartbeat.verify(header, BODY + b" ", key=KEY, now=NOW)


def test_a_tampered_timestamp_or_signature_does_not_verify() -> None:
    stamp, _, given = heartbeat.sign(KEY, BODY, NOW).partition(".")
    assert not heartbeat.verify(f"{int(stamp) + 1}.{given}", BODY, key=KEY, now=NOW)
    flipped = ("0" if given[0] != "0" else "1") + given[1:]
    assert not heartbeat.verify(f"{stamp}.{flipped}", BODY, key=KEY, now=NOW)
    assert not heartbeat.verify(f"{stamp}.{given.upper()}", BODY, key=KEY, now=NOW)


def test_another_key_does_not_verify() -> None:
    assert not heartbeat.verify(heartbeat.sign(b"other key", BODY, NOW), BODY, key=KEY, now=NOW)


@pytest.mark.parametrize("skew", [heartbeat.REPLAY_WINDOW_SECONDS + 1, -(heartbeat.REPLAY_WINDOW_SECONDS + 1), 86400])
def test_a_stale_or_future_signature_does_not_verify(skew: int) -> None:
    assert not heartbeat.verify(heartbeat.sign(KEY, BODY, NOW), BODY, key=KEY, now=NOW + skew)


@pytest.mark.parametrize(
    "header",
    [None, "", " ", ".", "1796000000", "1796000000.", "abc.def", "-1796000000.00", "١٧٩٦٠٠٠٠٠٠.00", "1" * 200, "1796000000.é"],
)
def test_a_missing_or_malformed_header_does_not_verify(header: str | None) -> None:
    assert not heartbeat.verify(header, BODY, key=KEY, now=NOW)


def test_without_a_key_nothing_verifies() -> None:
    header = heartbeat.sign(KEY, BODY, NOW)
    assert not heartbeat.verify(header, BODY, key=None, now=NOW)
    assert not heartbeat.verify(header, BODY, key=b"", now=NOW)


def test_the_synthetic_submission_is_valid_and_fills_the_honeypot() -> None:
    at = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
    submission = beats.synthetic_submission(at)
    request = validate_submission(submission)
    assert request.website == "heartbeat"  # a failed signature is quarantined, never emailed
    assert request.email == "heartbeat@example.com"
    # Each beat's body (and so its idempotency key) is its own.
    assert beats.body_of(submission) != beats.body_of(beats.synthetic_submission(at + timedelta(days=1)))


@pytest.mark.parametrize(
    ("answer", "ok", "reason"),
    [
        (PostAnswer(201, heartbeat.ACCEPTED, "id-1"), True, "stored"),
        (PostAnswer(201, None, "id-1"), False, "not_recognized"),
        (PostAnswer(201, "nope", "id-1"), False, "not_recognized"),
        (PostAnswer(503), False, "http_503"),
        (PostAnswer(429), False, "http_429"),
        (PostAnswer(None, error="URLError"), False, "URLError"),
    ],
)
def test_only_a_201_with_the_accepted_header_is_a_good_beat(answer: PostAnswer, ok: bool, reason: str) -> None:
    beat = beats.judge(answer)
    assert (beat.ok, beat.reason) == (ok, reason)


class RecordingPoster:
    def __init__(self, answer: PostAnswer) -> None:
        self.answer = answer
        self.posts: list[tuple[bytes, dict[str, str]]] = []

    def post(self, body: bytes, headers: dict[str, str]) -> PostAnswer:
        self.posts.append((body, headers))
        return self.answer


def test_send_heartbeat_signs_exactly_the_body_it_posts() -> None:
    now = datetime.fromtimestamp(NOW, UTC)
    poster = RecordingPoster(PostAnswer(201, heartbeat.ACCEPTED, "id-1"))
    beat = beats.send_heartbeat(key=lambda: KEY, poster=poster, now=now)
    assert beat.ok and beat.lead_id == "id-1"
    ((body, headers),) = poster.posts
    assert heartbeat.verify(headers[heartbeat.HEADER], body, key=KEY, now=NOW)


def test_send_heartbeat_without_a_key_posts_nothing() -> None:
    poster = RecordingPoster(PostAnswer(201, heartbeat.ACCEPTED))
    beat = beats.send_heartbeat(key=lambda: None, poster=poster, now=datetime.fromtimestamp(NOW, UTC))
    assert (beat.ok, beat.reason, poster.posts) == (False, "no_key", [])


def test_only_ascii_digits_make_a_timestamp() -> None:
    # int() reads other scripts' digits: the same instant spelled in them is not our header.
    stamp, _, given = heartbeat.sign(KEY, BODY, NOW).partition(".")
    arabic_indic = stamp.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert not heartbeat.verify(f"{arabic_indic}.{given}", BODY, key=KEY, now=NOW)
