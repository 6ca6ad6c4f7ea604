"""Cloudflare Turnstile, checked on the server (optional; on when TURNSTILE_SECRET_PARAMETER is set).

The widget puts a token in the form's `cf-turnstile-response` field; we POST it to siteverify with
the secret (an SSM SecureString read through Powertools parameters, cached), the client IP and an
idempotency key, then check `success`, `hostname` and `action`.

Who is at fault decides the answer: a missing, invalid, replayed or foreign token is the client's
(Forbidden -> 403); siteverify down, slow, answering 5xx or not JSON, or refusing our own secret,
is not the person's fault (VerifierUnavailable -> 503 with Retry-After), so they are asked to try
again rather than told they look like a bot. Nothing here logs the token or the IP.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from .errors import Forbidden, VerifierUnavailable
from .observability import logger

TOKEN_FIELD = "cf-turnstile-response"  # noqa: S105 - a form field name, not a secret
# Cloudflare documents tokens of at most 2048 characters.
TOKEN_MAX = 2048
_ANSWER_MAX_BYTES = 64 * 1024
_SECRET_MAX_AGE_SECONDS = 300
# Error codes that mean our request or Cloudflare is at fault, not the person's token.
_NOT_THE_CLIENTS_FAULT = frozenset({"missing-input-secret", "invalid-input-secret", "bad-request", "internal-error"})


@dataclass(frozen=True, slots=True)
class TurnstileVerifier:
    secret_parameter: str
    verify_url: str
    hostnames: tuple[str, ...]
    action: str
    timeout_seconds: float

    def verify(self, token: object, *, remote_ip: str | None, idempotency_key: uuid.UUID) -> None:
        """Return when the token is good; raise Forbidden or VerifierUnavailable otherwise."""
        if not isinstance(token, str) or not token.strip():
            raise Forbidden("captcha_missing")
        if len(token) > TOKEN_MAX:
            raise Forbidden("captcha_invalid")
        answer = self._siteverify(token.strip(), remote_ip=remote_ip, idempotency_key=idempotency_key)
        codes = {str(code) for code in answer.get("error-codes") or []}
        if answer.get("success") is not True:
            if codes & _NOT_THE_CLIENTS_FAULT:
                logger.error("turnstile refused our request", error_codes=sorted(codes & _NOT_THE_CLIENTS_FAULT))
                raise VerifierUnavailable("turnstile_refused")
            raise Forbidden("captcha_replayed" if "timeout-or-duplicate" in codes else "captcha_invalid")
        hostname = str(answer.get("hostname") or "").lower()
        if self.hostnames and hostname not in self.hostnames:
            raise Forbidden("captcha_hostname")
        if not self.hostnames:
            logger.warning("turnstile hostname not checked: set TURNSTILE_HOSTNAMES or ALLOWED_ORIGINS")
        if self.action and answer.get("action") != self.action:
            raise Forbidden("captcha_action")

    def _siteverify(self, token: str, *, remote_ip: str | None, idempotency_key: uuid.UUID) -> dict[str, Any]:
        form = {"secret": self._secret(), "response": token, "idempotency_key": str(idempotency_key)}
        if remote_ip:
            form["remoteip"] = remote_ip
        request = Request(  # noqa: S310 - the scheme is checked in _check_url
            _check_url(self.verify_url),
            data=urlencode(form).encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urlopen(request, timeout=self.timeout_seconds) as response:  # noqa: S310 - the scheme is checked
                raw = response.read(_ANSWER_MAX_BYTES)
        except HTTPError as err:
            err.close()
            raise VerifierUnavailable(f"http_{err.code}") from None
        except (URLError, TimeoutError, OSError) as err:
            raise VerifierUnavailable(type(getattr(err, "reason", err)).__name__) from None
        try:
            answer = json.loads(raw)
        except ValueError:
            raise VerifierUnavailable("not_json") from None
        if not isinstance(answer, dict):
            raise VerifierUnavailable("not_json")
        return answer

    def _secret(self) -> str:
        from aws_lambda_powertools.utilities.parameters import GetParameterError

        try:
            value = _ssm_provider().get(self.secret_parameter, decrypt=True, max_age=_SECRET_MAX_AGE_SECONDS)
        except GetParameterError:
            logger.error("turnstile secret unavailable", parameter=self.secret_parameter)
            raise VerifierUnavailable("secret_unavailable") from None
        return str(value)


def _check_url(url: str) -> str:
    if urlsplit(url).scheme not in {"https", "http"}:
        raise VerifierUnavailable("bad_verify_url")
    return url


def idempotency_uuid(key: str) -> uuid.UUID:
    """The UUID siteverify wants as idempotency key, derived from our submission key.

    The same submission retried after a failure verifies its token again with the same UUID, and
    Cloudflare answers as before instead of `timeout-or-duplicate`.
    """
    return uuid.uuid5(uuid.NAMESPACE_URL, "turnstile:" + key)


@cache
def _ssm_provider() -> Any:
    from aws_lambda_powertools.utilities.parameters import SSMProvider

    from . import aws

    return SSMProvider(boto3_client=aws.ssm())


def default_verifier() -> TurnstileVerifier | None:
    """The verifier for this process's settings; None when Turnstile is off."""
    from .config import get_settings

    settings = get_settings()
    if not settings.turnstile_secret_parameter:
        return None
    return TurnstileVerifier(
        secret_parameter=settings.turnstile_secret_parameter,
        verify_url=settings.turnstile_verify_url,
        hostnames=settings.turnstile_expected_hostnames,
        action=settings.turnstile_action,
        timeout_seconds=settings.turnstile_timeout_seconds,
    )


def reset() -> None:
    _ssm_provider.cache_clear()
