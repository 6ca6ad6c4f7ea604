"""The functions template.yaml defines, and the environment each has in Lambda, from the template's defaults.

Every `AWS::Serverless::Function` is a function of the benchmark, named after its logical id
(`SesEventsFunction` -> `ses-events`), with the `Handler` the template gives it: a function added
to the template, or a handler moved, is followed without an edit here.

Variables come from the template (Globals, then the function's own), with each intrinsic resolved
the way a deployment with the parameters' defaults would resolve it; resources become placeholder
names. Parameters without a default get the example values below. Read with infra/build/template.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from infra.build.functions import by_name
from infra.build.template import TEMPLATE, Tag, load

ACCOUNT = "123456789012"
REGION = "us-east-1"

# Parameters the template requires without a default: what a small practice would deploy with.
EXAMPLE_PARAMETERS = {
    "CoordinatorEmails": "coordinator@practice.example",
    "SenderEmail": "Consultation form <forms@practice.example>",
    "SesIdentity": "practice.example",
    "AllowedOrigins": "https://www.practice.example",
    "ThankYouUrl": "https://www.practice.example/thank-you",
}
# Optional parameters a practice answers to turn a feature on, which the benchmark measures on.
EXAMPLE_ANSWERS = {"UrgentPhones": "+12135550100"}

# What the Lambda runtime itself sets (credentials are fake: no call leaves the process), and
# settings that keep a developer's own AWS configuration out of the measurement.
RUNTIME = {
    "AWS_REGION": REGION,
    "AWS_DEFAULT_REGION": REGION,
    "AWS_ACCESS_KEY_ID": "ASIABENCHBENCHBENCH0",
    "AWS_SECRET_ACCESS_KEY": "bench-secret-access-key",
    "AWS_SESSION_TOKEN": "bench-session-token",
    "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
    "AWS_CONFIG_FILE": "/dev/null",
    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    "AWS_EC2_METADATA_DISABLED": "true",
    "LANG": "en_US.UTF-8",
    "TZ": ":UTC",
}


class _Resolver:
    """Evaluates the few intrinsics an environment block uses, with the parameters' defaults."""

    def __init__(self, template: dict[str, Any]) -> None:
        self.parameters = {
            name: EXAMPLE_ANSWERS.get(name) or str(spec.get("Default", EXAMPLE_PARAMETERS.get(name, f"bench-{name}")))
            for name, spec in (template.get("Parameters") or {}).items()
        }
        self.resources = set(template.get("Resources") or {})
        self.conditions = template.get("Conditions") or {}

    def ref(self, name: str) -> str:
        if name in self.parameters:
            return self.parameters[name]
        pseudo = {"AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}
        if name in pseudo:
            return pseudo[name]
        if name.endswith("Secret"):
            return f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:bench-{name}"
        return f"bench-{name}"

    def value(self, node: Any) -> Any:  # noqa: PLR0911 - one branch per intrinsic
        if not isinstance(node, Tag):
            if isinstance(node, dict) and len(node) == 1:
                ((key, inner),) = node.items()
                if key == "Ref" or key.startswith("Fn::"):
                    return self.value(Tag(key.removeprefix("Fn::"), inner))
            return node if not isinstance(node, list) else [self.value(n) for n in node]
        name, arg = node.name, node.value
        if name == "Ref":
            return self.ref(arg)
        if name == "Sub":
            text = arg if isinstance(arg, str) else arg[0]
            return re.sub(r"\$\{([^}!]+)\}", lambda m: self.ref(m.group(1).split(".")[0]), text)
        if name == "Join":
            sep, items = arg
            resolved = self.value(items)
            return sep.join(resolved if isinstance(resolved, list) else str(resolved).split(","))
        if name == "If":
            return self.value(arg[1] if self.condition(arg[0]) else arg[2])
        if name == "GetAtt":
            return f"bench-{arg if isinstance(arg, str) else '.'.join(arg)}"
        raise ValueError(f"intrinsic !{name} in an environment variable is not understood by the bench")

    def condition(self, node: Any) -> bool:
        if isinstance(node, str):
            return self.condition(self.conditions[node])
        name, arg = node.name, node.value
        if name == "Equals":
            return bool(str(self.value(arg[0])) == str(self.value(arg[1])))
        if name == "Not":
            return not self.condition(arg[0])
        if name == "And":
            return all(self.condition(a) for a in arg)
        if name == "Or":
            return any(self.condition(a) for a in arg)
        if name == "Condition":
            return self.condition(arg)
        raise ValueError(f"condition !{name} is not understood by the bench")


def function_environment(function: str, template: Path = TEMPLATE) -> dict[str, str]:
    """The variables template.yaml gives `function` (a name of `infra.build.functions.by_name()`), plus the runtime's own."""
    document = load(template)
    resolver = _Resolver(document)
    globals_function = (document.get("Globals") or {}).get("Function") or {}
    properties = (document.get("Resources") or {})[by_name(template)[function].logical_id].get("Properties") or {}
    variables: dict[str, Any] = {}
    variables.update((globals_function.get("Environment") or {}).get("Variables") or {})
    variables.update((properties.get("Environment") or {}).get("Variables") or {})
    resolved = {name: str(resolver.value(value)) for name, value in variables.items()}
    memory = resolver.value(properties.get("MemorySize", globals_function.get("MemorySize", 128)))
    return {
        **RUNTIME,
        **resolved,
        "AWS_LAMBDA_FUNCTION_NAME": f"bench-{function}",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(memory),
    }
