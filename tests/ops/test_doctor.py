"""`leads doctor` against the rehearsed stack (moto): each first-deploy trap found and named with its fix.

moto answers SES v2 identities, SNS subscriptions and CloudWatch alarms; it does not model SES's
GetAccount (the sandbox) nor an email subscription awaiting confirmation, so those two answers are
given by a botocore `before-call` hook on the tool's own client, as AWS would give them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders
from infra.ops.leads import target as targets
from infra.ops.leads.doctor import Finding, StackFacts, diagnose

from tests.ops.conftest import run
from tests.template.conftest import REHEARSAL_STACK, Rehearsal


def _answering(parsed: dict[str, Any]) -> Callable[..., Any]:
    def answer(**kwargs: Any) -> tuple[AWSResponse, dict[str, Any]]:
        return AWSResponse("https://aws.example", 200, HTTPHeaders(), None), parsed

    return answer


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """The tool's clients answer GetAccount as an account in the SES sandbox (the default for a new account)."""
    account: dict[str, Any] = {"ProductionAccessEnabled": False}
    made = targets.Target.client

    def client(self: targets.Target, service: str) -> Any:
        new = service not in self._clients
        found = made(self, service)
        if new and service == "sesv2":
            found.meta.events.register("before-call.sesv2.GetAccount", _answering(account))
        return found

    monkeypatch.setattr(targets.Target, "client", client)
    yield account


def findings(resources: dict[str, str], answers: dict[str, dict[str, Any]] | None = None, **parameters: str) -> dict[str, list[Finding]]:
    """The checks on the rehearsed stack with some parameters changed; `answers` stands in for AWS's
    answer to an operation moto does not model (GetAccount: a sandbox account)."""
    answers = {"GetAccount": {"ProductionAccessEnabled": False}, **(answers or {})}
    session = boto3.session.Session()
    cloudformation = session.client("cloudformation")
    facts = StackFacts.read(cloudformation, REHEARSAL_STACK)
    facts = replace(facts, parameters={**facts.parameters, **parameters}, resources={**facts.resources, **resources})
    clients: dict[str, Any] = {}

    def client(service: str) -> Any:
        if service not in clients:
            clients[service] = session.client(service)
            for operation, parsed in answers.items():
                clients[service].meta.events.register(f"before-call.{service}.{operation}", _answering(parsed))
        return clients[service]

    by_check: dict[str, list[Finding]] = {}
    for finding in diagnose(client, facts):
        by_check.setdefault(finding.check, []).append(finding)
    return by_check


def test_a_fresh_stack_in_the_sandbox_gets_every_trap_named_with_its_fix(deployed: Rehearsal, sandbox: dict[str, Any]) -> None:
    result = run("doctor")
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    fixes = [line for line in lines if line.startswith("FIX")]
    assert any("SES sandbox" in line and "request production access" in line for line in fixes), lines
    assert any("sender identity: practice.example is not verified" in line for line in fixes), lines
    assert any("coordinator@practice.example is not verified: SES will not send to it -> verify it in SES" in line for line in fixes)
    assert any("AlarmEmail is empty" in line for line in fixes), lines
    assert any(line.startswith("FIX  heartbeat") for line in fixes), lines
    assert lines[-1] == f"{len(fixes)} thing(s) to fix"


def test_with_production_access_no_recipient_needs_verifying(deployed: Rehearsal, sandbox: dict[str, Any]) -> None:
    sandbox["ProductionAccessEnabled"] = True
    result = run("doctor")
    assert "ok   SES production access: granted" in result.output
    assert "recipient in the sandbox" not in result.output


@pytest.fixture
def monitored(deployed: Rehearsal) -> dict[str, str]:
    """The alarm topic and the heartbeat alarm (moto's CloudFormation skips both), as the template makes them."""
    topic = boto3.client("sns").create_topic(Name=f"{REHEARSAL_STACK}-alarms")["TopicArn"]
    name = f"{REHEARSAL_STACK}-heartbeat-missing"
    boto3.client("cloudwatch").put_metric_alarm(
        AlarmName=name, MetricName="HeartbeatOK", Namespace="LeadCapture", Statistic="Sum", Period=3600,
        EvaluationPeriods=26, Threshold=1, ComparisonOperator="LessThanThreshold",
    )  # fmt: skip
    return {"AlarmTopic": topic, "HeartbeatMissingAlarm": name}


def test_the_alarm_subscription_confirmed_or_still_pending(monitored: dict[str, str]) -> None:
    boto3.client("sns").subscribe(TopicArn=monitored["AlarmTopic"], Protocol="email", Endpoint="ops@practice.example")
    assert [f.ok for f in findings(monitored, AlarmEmail="ops@practice.example")["alarm email"]] == [True]
    pending = {"Subscriptions": [{"Protocol": "email", "SubscriptionArn": "PendingConfirmation", "TopicArn": monitored["AlarmTopic"]}]}
    (finding,) = findings(monitored, {"ListSubscriptionsByTopic": pending}, AlarmEmail="ops@practice.example")["alarm email"]
    assert not finding.ok and "not confirmed" in finding.detail and "confirm it" in finding.fix


def test_the_heartbeat_passes_once_its_alarm_is_ok(monitored: dict[str, str]) -> None:
    cloudwatch = boto3.client("cloudwatch")
    cloudwatch.set_alarm_state(AlarmName=monitored["HeartbeatMissingAlarm"], StateValue="ALARM", StateReason="no beat yet")
    (waiting,) = findings(monitored)["heartbeat"]
    assert not waiting.ok and "invoke" in waiting.fix
    cloudwatch.set_alarm_state(AlarmName=monitored["HeartbeatMissingAlarm"], StateValue="OK", StateReason="beat")
    assert [f.ok for f in findings(monitored)["heartbeat"]] == [True]


IDENTITIES = {
    "signing": {"IdentityType": "DOMAIN", "VerifiedForSendingStatus": True, "DkimAttributes": {"Status": "SUCCESS"}},
    "no_dkim": {"IdentityType": "DOMAIN", "VerifiedForSendingStatus": True, "DkimAttributes": {"Status": "PENDING"}},
}


@pytest.mark.parametrize(("identity", "ok", "detail"), [
    ("signing", True, "practice.example verified, DKIM signing"),
    ("no_dkim", False, "practice.example is verified but DKIM is PENDING"),
])  # fmt: skip
def test_the_sender_identity_verified_with_or_without_dkim(identity: str, ok: bool, detail: str) -> None:
    # moto verifies no identity and signs with no DKIM: AWS's answers, through botocore's Stubber.
    from botocore.stub import Stubber
    from infra.ops.leads.doctor import _recipients, _sender

    ses = boto3.client("sesv2", region_name="us-east-1")
    facts = StackFacts("s", {"SesIdentity": "practice.example", "CoordinatorEmails": "c@practice.example"}, {}, {})
    with Stubber(ses) as stub:
        stub.add_response("get_email_identity", IDENTITIES[identity], {"EmailIdentity": "practice.example"})
        stub.add_client_error("get_email_identity", "NotFoundException", expected_params={"EmailIdentity": "c@practice.example"})
        stub.add_response("get_email_identity", IDENTITIES[identity], {"EmailIdentity": "practice.example"})
        (sender,) = _sender(ses, facts)
        (recipient,) = _recipients(ses, facts)
        stub.assert_no_pending_responses()
    assert (sender.ok, sender.detail) == (ok, detail)
    assert recipient.ok and recipient.detail == "c@practice.example verified"  # through its domain's identity


def test_doctor_needs_a_deployed_stack() -> None:
    result = run("doctor", stack=None)
    assert result.exit_code == 2 and "pass --stack NAME" in result.output
