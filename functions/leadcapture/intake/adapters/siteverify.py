"""Cloudflare Turnstile's siteverify, over HTTPS, with the secret from an SSM SecureString.

We POST the token with the secret (read through Powertools parameters, decrypted, cached), the
client IP and an idempotency key; `domain/turnstile.py` judges the answer. Siteverify down, slow,
answering 5xx or not JSON, or our secret unreadable: VerifierUnavailable (503). Nothing here logs
the token or the IP.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from leadcapture.intake.domain.turnstile import NOT_THE_CLIENTS_FAULT, judge, token_of
from leadcapture.kernel.errors import VerifierUnavailable
from leadcapture.observability import logger

if TYPE_CHECKING:
    from botocore.client import BaseClient

    from leadcapture.intake.settings import SubmitSettings as Settings

_ANSWER_MAX_BYTES = 64 * 1024
_SECRET_MAX_AGE_SECONDS = 300


class TurnstileVerifier:
    """A TokenVerifier backed by Cloudflare's siteverify, as the submit settings' TURNSTILE_* describe it."""

    def __init__(self, settings: Settings, *, ssm: Callable[[], BaseClient]) -> None:
        self.secret_parameter = settings.turnstile_secret_parameter
        self.verify_url = settings.turnstile_verify_url
        self.hostnames = settings.turnstile_expected_hostnames
        self.action = settings.turnstile_action
        self.timeout_seconds = settings.turnstile_timeout_seconds
        self._ssm = ssm
        self._provider: Any = None

    def verify(self, token: object, *, remote_ip: str | None, idempotency_key: uuid.UUID) -> None:
        """Return when the token is good; raise BotCheckFailed or VerifierUnavailable otherwise."""
        answer = self._siteverify(token_of(token), remote_ip=remote_ip, idempotency_key=idempotency_key)
        ours = {str(code) for code in answer.get("error-codes") or []} & NOT_THE_CLIENTS_FAULT
        if answer.get("success") is not True and ours:
            logger.error("turnstile refused our request", error_codes=sorted(ours))
        if not self.hostnames:
            logger.warning("turnstile hostname not checked: set TURNSTILE_HOSTNAMES or ALLOWED_ORIGINS")
        judge(answer, hostnames=self.hostnames, action=self.action)

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
            value = self._parameters().get(self.secret_parameter, decrypt=True, max_age=_SECRET_MAX_AGE_SECONDS)
        except GetParameterError:
            logger.error("turnstile secret unavailable", parameter=self.secret_parameter)
            raise VerifierUnavailable("secret_unavailable") from None
        return str(value)

    def _parameters(self) -> Any:
        # Made on first use (no SSM client unless Turnstile is on and a token arrives); its cache of
        # the secret then lives as long as this verifier.
        if self._provider is None:
            from aws_lambda_powertools.utilities.parameters import SSMProvider

            self._provider = SSMProvider(boto3_client=self._ssm())
        return self._provider


def _check_url(url: str) -> str:
    if urlsplit(url).scheme not in {"https", "http"}:
        raise VerifierUnavailable("bad_verify_url")
    return url
