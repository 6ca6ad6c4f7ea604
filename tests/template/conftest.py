"""The template as CloudFormation sees it: transformed offline by the pinned SAM translator.

The deploy tools live in .venv-tools/ (infra/requirements-tools.txt, created by
`python3 infra/dev.py setup`), away from the project's own dependencies. Off CI a missing tools
venv skips these tests; in CI (CI=true) it is a failure.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"
TOOLS_BIN = Path(os.environ.get("LEADCAPTURE_TOOLS_VENV", ROOT / ".venv-tools")) / "bin"
# checkov pins a boto3 that SAM CLI cannot share (infra/requirements-checkov.txt).
CHECKOV_BIN = Path(os.environ.get("LEADCAPTURE_CHECKOV_VENV", ROOT / ".venv-checkov")) / "bin"


def tool(name: str, bin_dir: Path = TOOLS_BIN) -> Path:
    path = bin_dir / name
    if not path.exists():
        message = f"{path} is missing: run `python3 infra/dev.py setup` to create the deploy tools venv"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    return path


def tools_env() -> dict[str, str]:
    """Offline: a region and no credentials, profile or telemetry."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_DEFAULT_REGION="us-east-1", AWS_REGION="us-east-1", SAM_CLI_TELEMETRY="0")
    return env


@pytest.fixture(scope="session")
def transformed() -> dict[str, Any]:
    result = subprocess.run(
        [str(tool("python")), str(ROOT / "infra" / "build" / "sam_transform.py"), str(TEMPLATE)],
        capture_output=True,
        text=True,
        env=tools_env(),
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


@pytest.fixture(scope="session")
def resources(transformed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = transformed["Resources"]
    return found


# --- the rehearsal: the transformed stack created in moto's CloudFormation ------------------------

REHEARSAL_STACK = "lead-capture-rehearsal"
REHEARSAL_PARAMETERS = {
    "Stage": "dev",
    "CoordinatorEmails": "coordinator@practice.example",
    "EscalationEmails": "manager@practice.example",
    "SenderEmail": "Consultation form <forms@practice.example>",
    "SesIdentity": "practice.example",
    "AllowedOrigins": "https://www.practice.example",
    "ThankYouUrl": "https://www.practice.example/thank-you",
    "PracticeName": "Harbor Therapy",
}
# Where `sam package` would have uploaded the build (infra/build/sam_transform.py names it).
CODE_BUCKET, CODE_KEY = "lead-capture-artifacts", "functions.zip"


@dataclass(frozen=True)
class Rehearsal:
    outputs: dict[str, str]
    resources: dict[str, str]  # logical id -> physical id


@pytest.fixture
def rehearsal(transformed: dict[str, Any]) -> Iterator[Rehearsal]:
    """moto's in-memory AWS holding the stack that template.yaml describes, the sender's domain verified.

    moto creates the tables, queue, functions, event source mapping, roles and log groups; it skips
    API Gateway v2, SES configuration sets, Secrets Manager secrets and alarms (with a warning).
    """
    with rehearsed(transformed, REHEARSAL_PARAMETERS) as stack:
        yield stack


@contextmanager
def rehearsed(transformed: dict[str, Any], parameters: dict[str, str]) -> Iterator[Rehearsal]:
    """The stack created in moto's CloudFormation with these parameters (the `rehearsal` fixture's)."""
    import boto3
    from moto import mock_aws

    with mock_aws():
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket=CODE_BUCKET)
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as archive:
            archive.writestr("leadcapture/__init__.py", "")
        s3.put_object(Bucket=CODE_BUCKET, Key=CODE_KEY, Body=code.getvalue())
        boto3.client("sesv2").create_email_identity(EmailIdentity="practice.example")

        cloudformation = boto3.client("cloudformation")
        cloudformation.create_stack(
            StackName=REHEARSAL_STACK,
            TemplateBody=json.dumps(without_aliases(transformed)),
            Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
            Capabilities=["CAPABILITY_IAM"],
        )
        stack = cloudformation.describe_stacks(StackName=REHEARSAL_STACK)["Stacks"][0]
        assert stack["StackStatus"] == "CREATE_COMPLETE", stack.get("StackStatusReason")
        summaries = cloudformation.list_stack_resources(StackName=REHEARSAL_STACK)["StackResourceSummaries"]
        yield Rehearsal(
            outputs={o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])},
            resources={s["LogicalResourceId"]: s["PhysicalResourceId"] for s in summaries},
        )


def without_aliases(template: dict[str, Any]) -> dict[str, Any]:
    """The template with each function's `live` alias replaced by the function itself.

    moto 5.2.5's CloudFormation has no AWS::Lambda::Alias: a Ref to one resolves to nothing and the
    stream mapping and API permission fail with "Missing FunctionName". test_template checks the
    aliases on the real template; the rehearsal runs the rest.
    """
    aliases = {name: r["Properties"]["FunctionName"] for name, r in template["Resources"].items() if r["Type"] == "AWS::Lambda::Alias"}

    def swap(value: Any, *, arn: bool = False) -> Any:
        if isinstance(value, dict):
            if set(value) == {"Ref"} and value["Ref"] in aliases:
                # An EventBridge target needs an ARN (an alias's Ref is one; a function's is its name).
                function = aliases[value["Ref"]]
                return {"Fn::GetAtt": [function["Ref"], "Arn"]} if arn else function
            return {k: swap(v, arn=arn) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v, arn=arn) for v in value]
        if isinstance(value, str) and "${" in value:
            for alias, function in aliases.items():
                value = value.replace("${" + alias + "}", "${" + function["Ref"] + "}")
        return value

    resources = {name: swap(r, arn=r["Type"] == "AWS::Events::Rule") for name, r in template["Resources"].items() if name not in aliases}
    return {**template, "Resources": resources, "Outputs": swap(template.get("Outputs", {}))}


def detach_stream_mapping(rehearsal: Rehearsal) -> None:
    """Let the leads stream keep its records so a test can feed the notifier itself.

    moto hands stream records to a mapped function only through Docker, and drops them even when
    that fails; moto 5.2.5's delete_event_source_mapping also leaves the table attached.
    """
    import boto3
    from moto.dynamodb.models import dynamodb_backends

    lambda_client = boto3.client("lambda")
    for mapping in lambda_client.list_event_source_mappings(FunctionName=rehearsal.resources["NotifyFunction"])["EventSourceMappings"]:
        lambda_client.delete_event_source_mapping(UUID=mapping["UUID"])
    dynamodb_backends["123456789012"]["us-east-1"].tables[rehearsal.resources["LeadsTable"]].lambda_event_source_mappings.clear()


def use_stack_environment(
    rehearsal: Rehearsal, monkeypatch: pytest.MonkeyPatch, functions: tuple[str, ...] = ("SubmitFunction", "NotifyFunction")
) -> None:
    """Run the handlers in this process with the environment the stack gave the functions."""
    import boto3

    from tests.conftest import reset_caches

    for name in functions:
        variables = boto3.client("lambda").get_function_configuration(FunctionName=rehearsal.resources[name])["Environment"]["Variables"]
        for key, value in variables.items():
            monkeypatch.setenv(key, str(value))
    reset_caches()
