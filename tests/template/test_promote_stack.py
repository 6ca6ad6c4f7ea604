"""`python -m infra.ops.promote --stack NAME` against the rehearsed stack: the notify function's settings, nothing from the shell."""

from __future__ import annotations

import json

import pytest
from infra.local.runtime import LambdaContext
from infra.ops import promote
from moto.ses.models import ses_backends

from tests.conftest import json_event, valid_lead
from tests.template.conftest import REHEARSAL_STACK, Rehearsal, use_stack_environment

pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse AWS")

SETTINGS = ("LEADS_TABLE_NAME", "IDEMPOTENCY_TABLE_NAME", "SENDER_EMAIL", "COORDINATOR_EMAILS", "SES_CONFIGURATION_SET")


def test_promote_takes_the_stacks_settings(
    rehearsal: Rehearsal, monkeypatch: pytest.MonkeyPatch, lambda_context: LambdaContext, capsys: pytest.CaptureFixture[str]
) -> None:
    from leadcapture.handlers import submit

    use_stack_environment(rehearsal, monkeypatch)
    answer = submit.handler(json_event(valid_lead(website="autofilled")), lambda_context)
    lead_id = json.loads(answer["body"])["id"]
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)

    assert promote.main(["--stack", REHEARSAL_STACK, "list"]) == 0
    assert lead_id in capsys.readouterr().out
    assert promote.main(["--stack", REHEARSAL_STACK, lead_id]) == 0
    assert f"{lead_id}: sent" in capsys.readouterr().out
    [message] = ses_backends["123456789012"]["us-east-1"].sent_messages
    # The stack's sender and coordinator (REHEARSAL_PARAMETERS), not the Settings examples.
    assert "forms@practice.example" in message.source
    assert set(message.destinations) == {"coordinator@practice.example"}


def test_promote_refuses_a_stack_it_cannot_read(rehearsal: Rehearsal, capsys: pytest.CaptureFixture[str]) -> None:
    assert promote.main(["--stack", "no-such-stack", "list"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no-such-stack" in err
