"""The `leads` tool against the stack template.yaml describes, rehearsed in moto's CloudFormation.

`--stack lead-capture-rehearsal` reads the outputs and the functions' settings as it would in AWS.
What moto cannot do is filled in as AWS would have it: the lookup key's secret (moto's
CloudFormation skips secrets) and the notify function's invocation (moto runs functions only in
Docker), which runs the real handler in this process with the stack's environment.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from click.testing import CliRunner, Result
from infra.local.runtime import LambdaContext
from infra.ops.leads import cli, target

from tests.template import conftest as template
from tests.template.conftest import REHEARSAL_STACK, Rehearsal, detach_stream_mapping, use_stack_environment

# The rehearsal's fixtures, for the tests here.
rehearsal = template.rehearsal
transformed = template.transformed


def run(*args: str, stack: str | None = REHEARSAL_STACK, input: str | None = None) -> Result:
    where = ["--stack", stack] if stack else []
    return CliRunner().invoke(cli.cli, [*where, *args], input=input, prog_name="leads")


def sent() -> list[Any]:
    from moto.ses.models import ses_backends

    return list(ses_backends["123456789012"]["us-east-1"].sent_messages)


@pytest.fixture
def deployed(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, lambda_context: LambdaContext) -> Iterator[Rehearsal]:
    stack: Rehearsal = request.getfixturevalue("rehearsal")
    lambda_client = boto3.client("lambda")
    arn = boto3.client("secretsmanager").create_secret(Name="LookupKeySecret-rehearsal", SecretString="k" * 64)["ARN"]
    submit_function = stack.outputs["SubmitFunctionName"]
    variables = lambda_client.get_function_configuration(FunctionName=submit_function)["Environment"]["Variables"]
    variables = {k: str(v) for k, v in variables.items()}
    variables["LOOKUP_KEY_SECRET"] = arn
    lambda_client.update_function_configuration(FunctionName=submit_function, Environment={"Variables": variables})
    use_stack_environment(stack, monkeypatch)
    detach_stream_mapping(stack)

    def in_process(client: Any, function: str) -> target.Invoke:
        from leadcapture.notify import handler as notify

        assert function == stack.outputs["NotifyFunctionName"]

        def deployed_notify(event: dict[str, Any]) -> dict[str, Any]:
            # As in AWS: the function's output goes to its own log stream, never the tool's output.
            with target.function_output_hidden():
                return dict(notify.handler(event, lambda_context))

        return deployed_notify

    monkeypatch.setattr(target, "lambda_invoker", in_process)
    yield stack
