"""What each function's first answer loads and builds: the cold start pays for nothing it does not use.

Each case runs a fresh interpreter with the function's Lambda environment (from the template) and the
benchmark's in-memory AWS, answers one event, and reports what was imported and built. The costs
are measured by `python3 infra/dev.py bench --only cold` (docs/performance.md); these tests keep
the savings from quietly coming back.
"""

from __future__ import annotations

import json
import sys

import pytest
from infra.bench import cold

PROBE = """
import json, sys
{first_answer}
assert _first.check(_answer), _answer
from leadcapture.intake.domain import triage
from leadcapture.kernel import lookup
state = {{
    "modules": sorted(sys.modules),
    "crisis_patterns_compiled": triage.crisis_patterns.cache_info().currsize,
    "lookup_rules_built": lookup.lookup_rules.cache_info().currsize,
}}
with open(sys.argv[1], "w") as out:
    json.dump(state, out)
"""


def first_answer(kind: str) -> dict[str, object]:
    code = PROBE.format(first_answer=cold.first_answer_code(kind))
    loaded: dict[str, object] = json.loads(cold.run_python(["-c", code], cold.probe_environment(kind), f"{kind} probe"))
    return loaded


@pytest.fixture(scope="module")
def submit() -> dict[str, object]:
    return first_answer("submit")


@pytest.fixture(scope="module")
def notify() -> dict[str, object]:
    return first_answer("notify")


def test_submit_triages_validates_and_stores(submit: dict[str, object]) -> None:
    # The bench's submission has an email, a phone and a message: every rule of the contract ran.
    assert {"email_validator", "phonenumbers", "leadcapture.intake.domain.triage"} <= set(submit["modules"])  # type: ignore[call-overload]
    assert submit["crisis_patterns_compiled"] == 1


def test_submit_builds_no_lookup_rules(submit: dict[str, object]) -> None:
    # Only the leads tool looks a person up by a typed-in address or number.
    assert submit["lookup_rules_built"] == 0


def test_a_json_post_loads_no_multipart_parser_policy(submit: dict[str, object]) -> None:
    assert "email.policy" not in submit["modules"]  # type: ignore[operator]


def test_the_notifier_never_compiles_the_crisis_patterns(notify: dict[str, object]) -> None:
    # The lead was triaged when it was captured; its `urgent` is stored.
    assert notify["crisis_patterns_compiled"] == 0


def test_the_notifier_needs_no_email_validator_for_an_ascii_address(notify: dict[str, object]) -> None:
    # The stored address was normalized by the contract's rule at capture: an ASCII one is its own
    # ASCII form, so the Reply-To needs no second validation (and its ~30 ms import).
    assert "email_validator" not in notify["modules"]  # type: ignore[operator]


def test_no_function_loads_the_xray_sdk_when_tracing_is_off(submit: dict[str, object], notify: dict[str, object]) -> None:
    # The template's default (Tracing=false): the SDK alone would cost about as much as boto3.
    for loaded in (submit, notify):
        assert "aws_xray_sdk" not in loaded["modules"]  # type: ignore[operator]


if __name__ == "__main__":  # pragma: no cover - a quick look at one function
    print(json.dumps(first_answer(sys.argv[1]), indent=1))
