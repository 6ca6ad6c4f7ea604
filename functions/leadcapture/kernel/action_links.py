"""The coordinator email's action links: signed tokens that hold a lead id, an action and an expiry.

A token is 42 bytes, base64url without padding (56 characters):

    version (1) | key id (4) | lead id (16, the uuid's bytes) | action (1) | expires, unix s (4) | MAC (16)

The action byte is the action's 1-based place in `status.ACTIONS` (1 to 127, append-only), or
ACKNOWLEDGE_CODE (128) for "I'm on it" on an urgent lead, which records who has it and is not a
status (`paging.acknowledge`): outcomes appended to ACTIONS can never take its code.

The MAC is HMAC-SHA256 over everything before it, truncated to 128 bits. The key id is a
fingerprint of the key that signed (not the key's version in Secrets Manager), so a verifier holding
the current and the previous key knows which to use: links signed before a rotation keep working
until the next one. Nothing personal is in a token: a lead id is a random uuid.

42 bytes is a multiple of 3, so the base64 text has no spare bits: every character changed is a
changed byte, and a one-character edit never decodes to the same token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from leadcapture.kernel.errors import LinkKeyUnavailable
from leadcapture.kernel.status import ACTIONS, Action

if TYPE_CHECKING:
    from leadcapture.kernel.ports import LinkKeys

LIFETIME = timedelta(days=30)
VERSION = 1
# What the coordinator reads on each link and page.
LABELS: dict[Action, str] = {
    "contacted": "I've contacted them",
    "booked": "Consultation booked",
    "not_a_fit": "Not a fit",
    "no_response": "No response",
    "closed": "Closed",
}
# The links an email carries, in the order it shows them. `closed` is recorded in the desk or with the
# leads tool; its links in emails sent before the outcomes were split still work.
LINKED: tuple[Action, ...] = ("contacted", "booked", "not_a_fit", "no_response")
PATH = "/actions/"

_MAC_BYTES = 16
_HEAD = struct.Struct(">B4s16sBI")
_TOKEN_BYTES = _HEAD.size + _MAC_BYTES
_TOKEN_TEXT = re.compile(rf"[A-Za-z0-9_-]{{{_TOKEN_BYTES * 4 // 3}}}")
# The action as one byte: its place in this tuple, 1-based (0 is never an action).
_CODES: tuple[Action, ...] = ACTIONS

Refusal = Literal["malformed", "tampered", "unknown_key", "expired", "unknown_action"]

# "I'm on it": an urgent lead's pages stop (kernel/paging.py). Not a status: its own code, above every
# status's place (1 to 127), and its own label; a link and a page show it like the others.
Acknowledge = Literal["acknowledge"]
ACKNOWLEDGE: Acknowledge = "acknowledge"
ACKNOWLEDGE_CODE = 128
ACKNOWLEDGE_LABEL = "I'm on it"
LinkAction = Action | Acknowledge


def label(action: LinkAction) -> str:
    """What a link and its page call the action."""
    return ACKNOWLEDGE_LABEL if action == ACKNOWLEDGE else LABELS[action]


@dataclass(frozen=True, slots=True)
class Verified:
    lead_id: str
    action: LinkAction
    expires_at: int


@dataclass(frozen=True, slots=True)
class Refused:
    """Why a token is refused: a fixed word, safe in a log line and on a page."""

    reason: Refusal


def key_id(key: bytes) -> bytes:
    """The 4-byte fingerprint that names a key in the tokens it signs (not the key, nor enough to find it)."""
    return hashlib.sha256(b"lead-capture action link key id\x00" + key).digest()[:4]


_MAX_EXPIRES = 2**32 - 1


def sign(lead_id: str, action: LinkAction, *, key: bytes, now: datetime) -> str:
    """A token for one action on one lead, valid for LIFETIME from `now`. ValueError when the id is no uuid."""
    # The expiry is four bytes: a `now` past 2106 (a malformed event's time) must not overflow it.
    expires = min(int((now + LIFETIME).timestamp()), _MAX_EXPIRES)
    code = ACKNOWLEDGE_CODE if action == ACKNOWLEDGE else _CODES.index(action) + 1
    head = _HEAD.pack(VERSION, key_id(key), uuid.UUID(lead_id).bytes, code, expires)
    return _b64(head + _mac(key, head))


def verify(token: str, *, keys: Iterable[bytes], now: datetime) -> Verified | Refused:
    """The lead id and action a token holds, or why it is refused.

    `keys` is read lazily, newest first: the previous key is fetched only for a token that names
    it. The MAC is checked (in constant time) before anything else the token says is believed, so
    an expiry or an action is only reported for a token we signed.
    """
    parts = _parts(token)
    if parts is None:
        return Refused("malformed")
    head, mac = parts
    _, kid, lead, code, expires = _HEAD.unpack(head)
    key = next((k for k in keys if hmac.compare_digest(key_id(k), kid)), None)
    if key is None:
        return Refused("unknown_key")
    if not hmac.compare_digest(_mac(key, head), mac):
        return Refused("tampered")
    if code != ACKNOWLEDGE_CODE and not 1 <= code <= len(_CODES):
        return Refused("unknown_action")
    if now.timestamp() >= expires:
        return Refused("expired")
    action: LinkAction = ACKNOWLEDGE if code == ACKNOWLEDGE_CODE else _CODES[code - 1]
    return Verified(str(uuid.UUID(bytes=lead)), action, expires)


def action_links(lead_id: str, now: datetime, *, base_url: str, key: bytes, acknowledge: bool = False) -> list[tuple[str, str]]:
    """(label, url) of every action for one lead, signed now, "I'm on it" first when `acknowledge`
    (an urgent lead's); [] when the lead id is no uuid."""
    try:
        uuid.UUID(lead_id)
    except ValueError:
        return []
    root = base_url.rstrip("/")
    actions: tuple[LinkAction, ...] = ((ACKNOWLEDGE,) if acknowledge else ()) + LINKED
    return [(label(action), f"{root}{PATH}{sign(lead_id, action, key=key, now=now)}") for action in actions]


def _parts(token: str) -> tuple[bytes, bytes] | None:
    """(signed head, MAC) of a token of the right shape and version, else None."""
    if not _TOKEN_TEXT.fullmatch(token):
        return None
    raw = base64.urlsafe_b64decode(token)
    if raw[0] != VERSION:
        return None
    return raw[: _HEAD.size], raw[_HEAD.size :]


def _mac(key: bytes, head: bytes) -> bytes:
    return hmac.new(key, head, hashlib.sha256).digest()[:_MAC_BYTES]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def links_for(
    lead_id: str, now: datetime, *, base_url: str, keys: LinkKeys | None, acknowledge: bool = False
) -> tuple[list[tuple[str, str]] | None, str | None]:
    """The action links for one lead's email, and the error code when they could not be made.

    ([], None) when links are off (no base URL or no keys); (None, code) when the key could not
    be read: the email then goes without them and says so (a person asking for help reaching the
    coordinator matters more than the links, which the leads tool stands in for).
    """
    if keys is None or not base_url:
        return [], None
    try:
        key = next(iter(keys.keys()))
    except LinkKeyUnavailable as err:
        return None, err.code
    return action_links(lead_id, now, base_url=base_url, key=key, acknowledge=acknowledge), None


def acknowledge_link(lead_id: str, now: datetime, *, base_url: str, keys: LinkKeys | None) -> str | None:
    """The signed "I'm on it" link of an urgent lead (a page's link); None when links are off or the key
    cannot be read: a page goes out without its link rather than wait (the urgent email has the link too)."""
    if keys is None or not base_url:
        return None
    try:
        key = next(iter(keys.keys()))
        token = sign(lead_id, ACKNOWLEDGE, key=key, now=now)
    except (LinkKeyUnavailable, ValueError):
        return None
    return f"{base_url.rstrip('/')}{PATH}{token}"
