"""Cloudflare Turnstile's rules: what token we send, and what siteverify's answer means.

Who is at fault decides the answer: a missing, invalid, replayed or foreign token is the client's
(BotCheckFailed -> 403); siteverify refusing our own secret or failing is not the person's fault
(VerifierUnavailable -> 503 with Retry-After), so they are asked to try again rather than told
they look like a bot. The HTTP call and the secret are in `adapters/siteverify.py`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from leadcapture.kernel.errors import BotCheckFailed, VerifierUnavailable

TOKEN_FIELD = "cf-turnstile-response"  # noqa: S105 - a form field name, not a secret
# Cloudflare documents tokens of at most 2048 characters.
TOKEN_MAX = 2048
# Error codes that mean our request or Cloudflare is at fault, not the person's token.
NOT_THE_CLIENTS_FAULT = frozenset({"missing-input-secret", "invalid-input-secret", "bad-request", "internal-error"})


def token_of(value: object) -> str:
    """The token to send to siteverify; BotCheckFailed when there is none worth sending."""
    if not isinstance(value, str) or not value.strip():
        raise BotCheckFailed("captcha_missing")
    if len(value) > TOKEN_MAX:
        raise BotCheckFailed("captcha_invalid")
    return value.strip()


def judge(answer: Mapping[str, object], *, hostnames: tuple[str, ...], action: str) -> None:
    """Return when siteverify's answer accepts the token for our site and action; raise otherwise."""
    codes = {str(code) for code in _codes(answer)}
    if answer.get("success") is not True:
        if codes & NOT_THE_CLIENTS_FAULT:
            raise VerifierUnavailable("turnstile_refused")
        raise BotCheckFailed("captcha_replayed" if "timeout-or-duplicate" in codes else "captcha_invalid")
    hostname = str(answer.get("hostname") or "").lower()
    if hostnames and hostname not in hostnames:
        raise BotCheckFailed("captcha_hostname")
    if action and answer.get("action") != action:
        raise BotCheckFailed("captcha_action")


def _codes(answer: Mapping[str, object]) -> list[object]:
    codes = answer.get("error-codes")
    return list(codes) if isinstance(codes, list) else []


def idempotency_uuid(key: str) -> uuid.UUID:
    """The UUID siteverify wants as idempotency key, derived from our submission key.

    The same submission retried after a failure verifies its token again with the same UUID, and
    Cloudflare answers as before instead of `timeout-or-duplicate`.
    """
    return uuid.uuid5(uuid.NAMESPACE_URL, "turnstile:" + key)
