"""`leads doctor`: the first deploy's silent traps, one line each with its fix.

A stack can deploy cleanly and still never deliver an email: SES still in its sandbox (it sends
only to verified addresses), a sender identity without DKIM, a coordinator address nobody
verified while in the sandbox, an alarm subscription never confirmed (alarms go nowhere), a
heartbeat that has not run. Each check reads what AWS says about the stack's own parameters and
resources; none changes anything. A check AWS will not answer (a missing permission) says so and
counts as not passed: silence is the trap.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any

from leadcapture.adapters.aws import error_code


@dataclass(frozen=True, slots=True)
class Finding:
    ok: bool
    check: str
    detail: str
    fix: str = ""

    def line(self) -> str:
        mark = "ok  " if self.ok else "FIX "
        return f"{mark} {self.check}: {self.detail}" + (f" -> {self.fix}" if self.fix and not self.ok else "")


@dataclass(frozen=True, slots=True)
class StackFacts:
    """What the checks need of a deployed stack: its parameters, outputs and resources' physical ids."""

    name: str
    parameters: dict[str, str]
    outputs: dict[str, str]
    resources: dict[str, str]

    @classmethod
    def read(cls, cloudformation: Any, name: str) -> StackFacts:
        stack = cloudformation.describe_stacks(StackName=name)["Stacks"][0]
        parameters = {p["ParameterKey"]: str(p.get("ParameterValue", "")) for p in stack.get("Parameters", [])}
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
        resources: dict[str, str] = {}
        for page in cloudformation.get_paginator("list_stack_resources").paginate(StackName=name):
            resources.update({r["LogicalResourceId"]: r.get("PhysicalResourceId", "") for r in page["StackResourceSummaries"]})
        return cls(name, parameters, outputs, resources)


def _addresses(*values: str) -> list[str]:
    return sorted({a.strip() for value in values for a in value.split(",") if a.strip()})


def _domain(address: str) -> str:
    return address.rpartition("@")[2].rstrip(">").strip().lower()


def _sender_address(sender: str) -> str:
    return sender.rpartition("<")[2].rstrip(">").strip() if "<" in sender else sender.strip()


def diagnose(client: Callable[[str], Any], facts: StackFacts) -> Iterator[Finding]:
    """Every check, in the order a first deploy meets them."""
    ses = client("sesv2")
    sandbox = yield from _sandbox(ses)
    yield from _sender(ses, facts)
    if sandbox is not False:
        yield from _recipients(ses, facts)
    yield from _alarm_subscription(client("sns"), facts)
    yield from _heartbeat(client("cloudwatch"), facts)


def _sandbox(ses: Any) -> Generator[Finding, None, bool | None]:
    """Yields the finding; returns True (sandbox), False (production) or None (unknown)."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        account = ses.get_account()
    except (ClientError, BotoCoreError) as err:
        yield Finding(False, "SES production access", f"could not read the SES account ({error_code(err)})", "grant ses:GetAccount")
        return None
    if account.get("ProductionAccessEnabled"):
        yield Finding(True, "SES production access", "granted: SES sends to any address")
        return False
    yield Finding(
        False,
        "SES production access",
        "the account is in the SES sandbox: it sends only to verified addresses, 200 a day",
        'request production access (docs/deploy.md "Email (SES)"); meanwhile verify every recipient',
    )
    return True


def _identity(ses: Any, name: str) -> dict[str, Any] | None:
    from botocore.exceptions import ClientError

    try:
        answer: dict[str, Any] = ses.get_email_identity(EmailIdentity=name)
    except ClientError as err:
        if error_code(err) in {"NotFoundException", "NotFound"}:
            return None
        raise
    return answer


def _verified(identity: dict[str, Any]) -> bool:
    return bool(identity.get("VerifiedForSendingStatus")) or identity.get("VerificationStatus") == "SUCCESS"


def _sender(ses: Any, facts: StackFacts) -> Iterator[Finding]:
    identity = facts.parameters.get("SesIdentity", "")
    answer = _identity(ses, identity) if identity else None
    if answer is None:
        yield Finding(
            False, "sender identity", f"{identity or '(none)'} is not an SES identity in this region", "create and verify it in SES"
        )
        return
    if not answer.get("VerifiedForSendingStatus"):
        yield Finding(
            False, "sender identity", f"{identity} is not verified", "finish its verification (the DNS records or the email link)"
        )
        return
    dkim = (answer.get("DkimAttributes") or {}).get("Status")
    if "@" not in identity and dkim != "SUCCESS":
        yield Finding(
            False, "sender identity", f"{identity} is verified but DKIM is {dkim or 'not set up'}", "publish its DKIM CNAME records"
        )
        return
    yield Finding(True, "sender identity", f"{identity} verified" + (", DKIM signing" if dkim == "SUCCESS" else ""))


def _recipients(ses: Any, facts: StackFacts) -> Iterator[Finding]:
    params = facts.parameters
    for address in _addresses(params.get("CoordinatorEmails", ""), params.get("EscalationEmails", ""), params.get("UrgentEmails", "")):
        verified = any(
            (answer := _identity(ses, name)) is not None and answer.get("VerifiedForSendingStatus") for name in (address, _domain(address))
        )
        if verified:
            yield Finding(True, "recipient in the sandbox", f"{address} verified")
        else:
            yield Finding(False, "recipient in the sandbox", f"{address} is not verified: SES will not send to it", "verify it in SES")


def _alarm_subscription(sns: Any, facts: StackFacts) -> Iterator[Finding]:
    topic = facts.outputs.get("AlarmTopicArn") or facts.resources.get("AlarmTopic", "")
    if not facts.parameters.get("AlarmEmail"):
        yield Finding(False, "alarm email", "AlarmEmail is empty: every alarm fires unheard", "redeploy with AlarmEmail")
        return
    subscriptions = sns.list_subscriptions_by_topic(TopicArn=topic).get("Subscriptions", [])
    emails = [s for s in subscriptions if s.get("Protocol") == "email"]
    pending = [s for s in emails if s.get("SubscriptionArn") == "PendingConfirmation"]
    if not emails:
        yield Finding(False, "alarm email", "the alarm topic has no email subscription", "redeploy with AlarmEmail")
    elif pending:
        yield Finding(False, "alarm email", "the subscription is not confirmed: alarms reach nobody", "open the AWS email and confirm it")
    else:
        yield Finding(True, "alarm email", "subscription confirmed")


def _heartbeat(cloudwatch: Any, facts: StackFacts) -> Iterator[Finding]:
    name = facts.resources.get("HeartbeatMissingAlarm", "")
    alarms = cloudwatch.describe_alarms(AlarmNames=[name]).get("MetricAlarms", []) if name else []
    if not alarms:
        yield Finding(False, "heartbeat", "no heartbeat alarm in this stack", "update the stack to this release")
        return
    state = alarms[0].get("StateValue")
    if state == "OK":
        yield Finding(True, "heartbeat", "a heartbeat went through in the last 26 hours")
    else:
        yield Finding(
            False,
            "heartbeat",
            f"no heartbeat in the last 26 hours (alarm {state})",
            f'invoke {facts.outputs.get("HeartbeatFunctionName", "the heartbeat function")} once (docs/deploy.md "Watch it")',
        )
