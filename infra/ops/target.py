"""Where an ops script acts: a stack's outputs and its functions' settings, or names set explicitly.

Never the defaults of `Settings` (`leads`, `consultations@example.com`): those are examples for
the local stack and tests, and a script that fell back on them would read or write the wrong table
or email the wrong person. A missing name is a `Refused` with one line saying what to set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_boto3_cloudformation import CloudFormationClient
    from mypy_boto3_lambda import LambdaClient

# The function whose environment holds every setting the ops scripts use (tables, sender, recipients).
SETTINGS_FUNCTION_OUTPUT = "NotifyFunctionName"


class Refused(Exception):
    """The script will not run: the message (one line) says what is missing and how to give it."""


def stack_outputs(cloudformation: CloudFormationClient, stack: str) -> dict[str, str]:
    from botocore.exceptions import ClientError

    from leadcapture.adapters.aws import error_code

    try:
        stacks = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    except ClientError as err:
        raise Refused(f"cannot read stack {stack} ({error_code(err)}): check --stack, --region and your AWS credentials") from None
    return {o["OutputKey"]: o["OutputValue"] for o in stacks[0].get("Outputs", []) if "OutputKey" in o and "OutputValue" in o}


def stack_settings(cloudformation: CloudFormationClient, lambda_client: LambdaClient, stack: str) -> dict[str, str]:
    """The environment the stack gave its notify function: the settings the functions themselves run with."""
    outputs = stack_outputs(cloudformation, stack)
    require(outputs, [SETTINGS_FUNCTION_OUTPUT], where=f"the outputs of stack {stack}")
    configuration = lambda_client.get_function_configuration(FunctionName=outputs[SETTINGS_FUNCTION_OUTPUT])
    return dict(configuration.get("Environment", {}).get("Variables", {}))


def require(values: Mapping[str, str], names: Iterable[str], *, where: str, hint: str = "") -> None:
    missing = [name for name in names if not values.get(name, "").strip()]
    if missing:
        raise Refused(f"{', '.join(missing)} not set in {where}{hint}; refusing to fall back on example names")
