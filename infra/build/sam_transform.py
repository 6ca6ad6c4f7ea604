#!/usr/bin/env python3
"""Print template.yaml as CloudFormation JSON, transformed offline as CloudFormation would.

Runs under the tools venv (.venv-tools/bin/python infra/build/sam_transform.py [template]); the template
tests and the moto rehearsal read its output. First AWS::LanguageExtensions (language_extensions.py:
the `Fn::ForEach` loops), then the SAM translator, in CloudFormation's order. No AWS call: the policy
loader answers from memory (the template attaches no managed policies, and the tests check that it
stays so).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from samtranslator.translator.transform import transform

ROOT = Path(__file__).resolve().parents[2]
if __package__ in (None, ""):  # run as a script from the tools venv, where infra/ is not installed
    sys.path.insert(0, str(ROOT))
from infra.build.language_extensions import expanded  # noqa: E402


class OfflinePolicyLoader:
    """Stands in for the IAM call that resolves managed policy names to ARNs."""

    def load(self) -> dict[str, str]:
        return {}


# What `sam package` puts in place of the local CodeUri once it uploaded the build.
PACKAGED_CODE = "s3://lead-capture-artifacts/functions.zip"


def _as_packaged(template: dict[str, Any]) -> None:
    function_globals = template.get("Globals", {}).get("Function", {})
    if "CodeUri" in function_globals:
        function_globals["CodeUri"] = PACKAGED_CODE
    for resource in template.get("Resources", {}).values():
        if resource.get("Type") == "AWS::Serverless::Function" and "CodeUri" in resource.get("Properties", {}):
            resource["Properties"]["CodeUri"] = PACKAGED_CODE


def transformed(template_path: Path) -> dict[str, Any]:
    template = expanded(template_path)
    _as_packaged(template)
    result: dict[str, Any] = transform(template, {}, OfflinePolicyLoader())
    return result


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "template.yaml"
    json.dump(transformed(path), sys.stdout, indent=1, sort_keys=True, default=str)


if __name__ == "__main__":
    main()
