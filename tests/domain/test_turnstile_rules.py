"""Turnstile's rules: which token is worth sending, and what siteverify's answer means (no HTTP here)."""

from __future__ import annotations

import pytest

from leadcapture.intake.domain.turnstile import NOT_THE_CLIENTS_FAULT, TOKEN_MAX, idempotency_uuid, judge, token_of
from leadcapture.kernel.errors import BotCheckFailed, VerifierUnavailable

HOSTS = ("practice.example",)


def good(**changes: object) -> dict[str, object]:
    return {"success": True, "hostname": "practice.example", "action": "consultation", "error-codes": [], **changes}


def reason_of(answer: dict[str, object], hostnames: tuple[str, ...] = HOSTS, action: str = "consultation") -> str:
    with pytest.raises(BotCheckFailed) as refused:
        judge(answer, hostnames=hostnames, action=action)
    return refused.value.reason


@pytest.mark.parametrize("token", [None, "", "   ", ["solved"], 42])
def test_no_token_is_missing(token: object) -> None:
    with pytest.raises(BotCheckFailed) as refused:
        token_of(token)
    assert refused.value.reason == "captcha_missing"


def test_a_token_over_the_documented_length_is_invalid() -> None:
    assert token_of("t" * TOKEN_MAX) == "t" * TOKEN_MAX
    with pytest.raises(BotCheckFailed) as refused:
        token_of("t" * (TOKEN_MAX + 1))
    assert refused.value.reason == "captcha_invalid"


def test_a_token_is_sent_trimmed() -> None:
    assert token_of("  solved \n") == "solved"


def test_a_success_for_our_host_and_action_passes() -> None:
    judge(good(hostname="Practice.Example"), hostnames=HOSTS, action="consultation")


def test_a_failed_token_is_invalid() -> None:
    assert reason_of({"success": False, "error-codes": ["invalid-input-response"]}) == "captcha_invalid"


def test_a_spent_token_is_replayed() -> None:
    assert reason_of({"success": False, "error-codes": ["timeout-or-duplicate"]}) == "captcha_replayed"


def test_only_a_true_success_counts() -> None:
    assert reason_of(good(success="true")) == "captcha_invalid"


@pytest.mark.parametrize("code", sorted(NOT_THE_CLIENTS_FAULT))
def test_our_own_fault_is_unavailable_not_the_persons(code: str) -> None:
    with pytest.raises(VerifierUnavailable) as unavailable:
        judge({"success": False, "error-codes": [code]}, hostnames=HOSTS, action="consultation")
    assert unavailable.value.code == "turnstile_refused"


def test_a_token_solved_on_another_site_is_refused() -> None:
    assert reason_of(good(hostname="elsewhere.example")) == "captcha_hostname"


def test_without_configured_hostnames_any_hostname_passes() -> None:
    judge(good(hostname="elsewhere.example"), hostnames=(), action="consultation")


def test_a_token_for_another_action_is_refused() -> None:
    assert reason_of(good(action="login")) == "captcha_action"


def test_without_a_configured_action_any_action_passes() -> None:
    judge(good(action="login"), hostnames=HOSTS, action="")


def test_error_codes_that_are_not_a_list_are_ignored() -> None:
    assert reason_of({"success": False, "error-codes": "internal-error"}) == "captcha_invalid"


def test_the_idempotency_uuid_is_stable_per_submission_key() -> None:
    assert idempotency_uuid("content:abc") == idempotency_uuid("content:abc")
    assert idempotency_uuid("content:abc") != idempotency_uuid("content:abd")
