"""Where `leads` points: a deployed stack (`--stack NAME`) or the running local stack (`--local`).

Every name comes from the target itself, never from a default: with `--stack`, the table names,
the notify function and the dead-letter queue from the stack's outputs (CloudFormation
DescribeStacks), and the practice's settings (time zone, business calendar, retention, the lookup key's secret) from
the functions' own configuration (Lambda GetFunctionConfiguration), so the tool reads exactly what
the deployed code uses. With `--local`, the local stack describes its embedded AWS at `/_local/aws`
on its own port (infra/local/stack.py). Anything missing stops the tool with one line (TargetError).

The coordinator email is always sent by the notify function with its own settings: in AWS the tool
invokes it with a stream-shaped event holding lead ids only; locally it runs the same handler in
this process with the local stack's settings.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import boto3

    from infra.ops.leads.settings import ToolSettings
    from leadcapture.adapters.audit_table import AuditTable
    from leadcapture.adapters.idempotency import IdempotencyRecords
    from leadcapture.adapters.leads_table import LeadStore
    from leadcapture.kernel.audit import Who

Invoke = Callable[[dict[str, Any]], dict[str, Any]]

# What a lead-capture stack's outputs must name (template.yaml, Outputs).
REQUIRED_OUTPUTS = ("LeadsTableName", "IdempotencyTableName", "SubmitFunctionName", "NotifyFunctionName", "NotifyDeadLetterQueueUrl")
# What the functions' environment must set for the tool (no default stands in for a missing one).
REQUIRED_SETTINGS = ("PRACTICE_TIMEZONE", "RETENTION_DAYS")
DEFAULT_LOCAL_PORT = 3000


class TargetError(Exception):
    """The tool cannot point anywhere useful; the message says what to pass. Never holds personal data."""


LIVE_ALIAS = "live"


def session_factory(region: str | None, profile: str | None) -> boto3.session.Session:
    """The boto3 session for `--stack` (a seam for tests: they register botocore hooks on it)."""
    import boto3

    # boto3 reads AWS_DEFAULT_REGION only; AWS_REGION (what the Lambda runtime and many tools set) counts too.
    return boto3.session.Session(region_name=region or os.environ.get("AWS_REGION") or None, profile_name=profile)


@dataclass
class Target:
    description: str
    session: boto3.session.Session
    leads_table: str
    idempotency_table: str
    environment: dict[str, str]
    notify: Invoke
    dead_letter_queue_url: str | None = None
    # The SES events function's on-failure queue (its messages carry the email's headers); None locally.
    ses_events_dead_letter_queue_url: str | None = None
    # The audit trail (issue 22): every read and change of the tool adds a record; None: a stack from
    # before it (the commands that would record refuse until it is updated).
    audit_table: str | None = None
    audit_retention_days: int = 2190
    _clients: dict[str, Any] = field(default_factory=dict)

    def client(self, service: str) -> Any:
        if service not in self._clients:
            from botocore.config import Config

            config = Config(connect_timeout=5, read_timeout=30, retries={"mode": "standard", "max_attempts": 5})
            self._clients[service] = self.session.client(service, config=config)
        return self._clients[service]

    @cached_property
    def store(self) -> LeadStore:
        from leadcapture.adapters.leads_table import LeadStore

        return LeadStore(self.leads_table, self.client("dynamodb"))

    @cached_property
    def records(self) -> IdempotencyRecords:
        from leadcapture.adapters.idempotency import IdempotencyRecords

        return IdempotencyRecords(self.idempotency_table, client=self.client("dynamodb"))

    @cached_property
    def audit(self) -> AuditTable:
        from leadcapture.adapters.audit_table import AuditTable

        if not self.audit_table:
            raise TargetError(f"{self.description}: no audit table (the stack's AuditTableName output): deploy this version first")
        return AuditTable(self.audit_table, self.client("dynamodb"), retention_days=self.audit_retention_days)

    @cached_property
    def principal(self) -> Who:
        """Who runs the tool, for the audit trail: the AWS principal's ARN (STS GetCallerIdentity)."""
        from botocore.exceptions import BotoCoreError, ClientError

        from leadcapture.adapters.aws import error_code
        from leadcapture.kernel.audit import Who

        try:
            arn = str(self.client("sts").get_caller_identity()["Arn"])
        except ClientError as err:
            raise TargetError(f"{self.description}: cannot tell who you are for the audit trail ({error_code(err)})") from None
        except BotoCoreError as err:
            raise TargetError(f"cannot reach AWS: {type(err).__name__}") from None
        return Who(arn, arn.rsplit("/", 1)[-1], "cli")

    @cached_property
    def settings(self) -> ToolSettings:
        from pydantic import ValidationError

        from infra.ops.leads.settings import ToolSettings

        missing = [name for name in REQUIRED_SETTINGS if not self.environment.get(name)]
        if missing:
            raise TargetError(f"{self.description}: the functions' environment does not set {', '.join(missing)}")
        try:
            return ToolSettings.from_env(self.environment)
        except ValidationError as err:
            fields = ", ".join(str(e["loc"][0]) for e in err.errors(include_input=False))
            raise TargetError(f"{self.description}: the functions' settings are invalid ({fields})") from None

    @cached_property
    def lookup_key(self) -> bytes:
        """The lookup index's HMAC key, from the secret the submit function hashes with."""
        from botocore.exceptions import ClientError

        from leadcapture.adapters.aws import error_code

        name = self.environment.get("LOOKUP_KEY_SECRET", "")
        if not name:
            raise TargetError(f"{self.description}: the submit function has no LOOKUP_KEY_SECRET, so there is no lookup index")
        try:
            value = self.client("secretsmanager").get_secret_value(SecretId=name)["SecretString"]
        except ClientError as err:
            raise TargetError(f"{self.description}: cannot read the lookup key's secret ({error_code(err)})") from None
        return str(value).encode("utf-8")

    def check_tables(self) -> None:
        """Stop with one line when a table the stack names is gone (deleted, another account or region)."""
        from botocore.exceptions import ClientError

        from leadcapture.adapters.aws import error_code

        for table in (self.leads_table, self.idempotency_table):
            try:
                self.client("dynamodb").describe_table(TableName=table)
            except ClientError as err:
                if error_code(err) == "ResourceNotFoundException":
                    raise TargetError(f"{self.description}: table {table} not found") from None
                raise


# --- --stack -------------------------------------------------------------------------------------


def from_stack(name: str, *, region: str | None = None, profile: str | None = None) -> Target:
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, NoRegionError, ProfileNotFound

    from leadcapture.adapters.aws import error_code

    try:
        session = session_factory(region, profile)
        cloudformation = session.client("cloudformation")
        stacks = cloudformation.describe_stacks(StackName=name)["Stacks"]
    except ProfileNotFound:
        raise TargetError(f"AWS profile {profile or os.environ.get('AWS_PROFILE')!r} not found: check --profile or AWS_PROFILE") from None
    except NoRegionError:
        raise TargetError("no AWS region: pass --region or set AWS_REGION (or AWS_DEFAULT_REGION)") from None
    except NoCredentialsError:
        raise TargetError("no AWS credentials: set AWS_PROFILE (or log in with `aws sso login`)") from None
    except ClientError as err:
        code = error_code(err)
        if code == "ValidationError":
            raise TargetError(f"stack {name!r} not found in {session.region_name}: check --stack, --region and --profile") from None
        raise TargetError(f"cannot read stack {name!r}: {code} (the profile needs cloudformation:DescribeStacks)") from None
    except BotoCoreError as err:
        raise TargetError(f"cannot reach AWS: {type(err).__name__}") from None
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stacks[0].get("Outputs", [])}
    missing = [key for key in REQUIRED_OUTPUTS if not outputs.get(key)]
    if missing:
        raise TargetError(f"stack {name!r} has no output {', '.join(missing)}: is it a lead-capture stack?")
    lambda_client = session.client("lambda")
    environment: dict[str, str] = {}
    # The followups function's too: the business calendar (the figures' business hours and promises).
    calendar = [outputs["FollowupsFunctionName"]] if outputs.get("FollowupsFunctionName") else []
    for function in (outputs["NotifyFunctionName"], outputs["SubmitFunctionName"], *calendar):
        try:
            configuration = lambda_client.get_function_configuration(FunctionName=function)
        except ClientError as err:
            raise TargetError(
                f"cannot read function {function}: {error_code(err)} (the profile needs lambda:GetFunctionConfiguration)"
            ) from None
        environment.update(configuration.get("Environment", {}).get("Variables", {}))
    if outputs.get("DeskUserPoolId"):  # the desk's people (`leads users`)
        environment["DESK_USER_POOL_ID"] = outputs["DeskUserPoolId"]
    target = Target(
        description=f"stack {name}",
        session=session,
        leads_table=outputs["LeadsTableName"],
        idempotency_table=outputs["IdempotencyTableName"],
        environment=environment,
        notify=lambda_invoker(lambda_client, outputs["NotifyFunctionName"]),
        dead_letter_queue_url=outputs["NotifyDeadLetterQueueUrl"],
        ses_events_dead_letter_queue_url=outputs.get("SesEventsDeadLetterQueueUrl"),
        audit_table=outputs.get("AuditTableName"),
        audit_retention_days=int(outputs.get("AuditRetentionDays") or 2190),
    )
    target.check_tables()
    return target


def lambda_invoker(lambda_client: Any, function: str) -> Invoke:
    """Invoke the deployed notify function and read its partial-batch answer."""

    def invoke(event: dict[str, Any]) -> dict[str, Any]:
        # The alias the stream invokes (template.yaml's AutoPublishAlias): after a rollback it, not
        # $LATEST, holds the code that works.
        answer = lambda_client.invoke(
            FunctionName=function, Qualifier=LIVE_ALIAS, InvocationType="RequestResponse", Payload=json.dumps(event).encode()
        )
        return parse_invoke_answer(answer, event)

    return invoke


def parse_invoke_answer(answer: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    """The function's partial-batch answer; a function error fails the whole batch."""
    payload = answer["Payload"].read() if hasattr(answer.get("Payload"), "read") else answer.get("Payload", b"")
    if answer.get("FunctionError"):
        return {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]} for r in event["Records"]]}
    result: dict[str, Any] = json.loads(payload or b"{}")
    return result


def stream_event(lead_ids: Sequence[str], *, region: str = "us-east-1") -> dict[str, Any]:
    """An INSERT batch as the keys-only stream delivers it: the notifier reads each lead itself."""
    return {
        "Records": [
            {
                "eventID": f"leads-cli-{index}",
                "eventName": "INSERT",
                "eventVersion": "1.1",
                "eventSource": "aws:dynamodb",
                "awsRegion": region,
                "eventSourceARN": "leads-cli",
                "dynamodb": {"Keys": {"id": {"S": lead_id}}, "SequenceNumber": str(index), "SizeBytes": 0, "StreamViewType": "KEYS_ONLY"},
            }
            for index, lead_id in enumerate(lead_ids, start=1)
        ]
    }


# --- --local -------------------------------------------------------------------------------------


def local_url(port: str | None = None) -> str:
    return f"http://127.0.0.1:{port or os.environ.get('PORT') or DEFAULT_LOCAL_PORT}"


def from_local(url: str) -> Target:
    """The running local stack at `url`: its embedded moto, tables and settings, from `/_local/aws`."""
    import boto3

    if not url.startswith(("http://", "https://")):
        raise TargetError(f"--local-url must be an http:// address, like {local_url()}")
    request = urllib.request.Request(url.rstrip("/") + "/_local/aws", headers={"Accept": "application/json"})  # noqa: S310 - http(s) only
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - http(s) only, checked above
            described: dict[str, Any] = json.loads(answer.read())
    except urllib.error.HTTPError as err:
        if err.code == 404:
            raise TargetError(f"the stack at {url} does not embed moto (it uses another AWS): point `leads` at that with --stack") from None
        raise TargetError(f"the local stack at {url} answered {err.code}: is it this project's stack?") from None
    except (urllib.error.URLError, OSError, ValueError):
        raise TargetError(
            f"no local stack at {url}: start one with `python3 infra/dev.py run`, or pass --local-url for another port"
        ) from None
    environment = {str(k): str(v) for k, v in described["environment"].items()}
    # The in-process notify handler reads these; nothing of the developer's own AWS set-up is used.
    for name in [n for n in os.environ if n.startswith("AWS_")]:
        del os.environ[name]
    os.environ.update(
        {
            **environment,
            "AWS_ENDPOINT_URL": described["endpoint_url"],
            "AWS_DEFAULT_REGION": described["region"],
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
            "POWERTOOLS_SERVICE_NAME": "leads-cli",
            "POWERTOOLS_METRICS_DISABLED": "true",
            "POWERTOOLS_TRACE_DISABLED": "true",
            # The handler's own log lines (ids only) would mix with the tool's output.
            "POWERTOOLS_LOG_LEVEL": "ERROR",
        }
    )
    target = Target(
        description=f"local stack at {url}",
        session=boto3.session.Session(),
        leads_table=environment["LEADS_TABLE_NAME"],
        idempotency_table=environment["IDEMPOTENCY_TABLE_NAME"],
        environment=environment,
        notify=_in_process_notify(described["region"]),
        audit_table=environment.get("AUDIT_TABLE_NAME"),
        audit_retention_days=int(environment.get("AUDIT_RETENTION_DAYS") or 2190),
    )
    target.check_tables()
    return target


def _in_process_notify(region: str) -> Invoke:
    def invoke(event: dict[str, Any]) -> dict[str, Any]:
        from infra.local.runtime import invoke as run_function
        from leadcapture.adapters import aws
        from leadcapture.notify import handler as notify

        aws.reset()
        with function_output_hidden():
            return dict(run_function(notify.handler, event, function_name="notify", region=region, timeout=30))

    return invoke


@contextlib.contextmanager
def function_output_hidden() -> Iterator[None]:
    """The function's own output (its JSON log lines, its metrics) is its log stream's, not the tool's:
    run in the tool's process, as for the local stack, it is kept off the terminal."""
    import logging

    logging.disable(logging.CRITICAL)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        logging.disable(logging.NOTSET)
