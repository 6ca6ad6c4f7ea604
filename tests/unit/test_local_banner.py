"""The local stack's banner says what the outbox's emails hold, and how to see the person's details."""

from __future__ import annotations

from infra.local.__main__ import email_detail_note
from infra.local.stack import Stack


def test_the_default_outbox_holds_notices_and_says_how_to_see_everything() -> None:
    assert email_detail_note(Stack(env={})) == "notices: no name, no message; EMAIL_DETAIL=full shows everything"


def test_another_level_is_named() -> None:
    assert email_detail_note(Stack(env={"EMAIL_DETAIL": "full"})) == "EMAIL_DETAIL=full"
