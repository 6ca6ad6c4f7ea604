#!/usr/bin/env python3
"""Print, as JSON, the prompts `sam deploy --guided` asks for template.yaml, in SAM CLI's own words.

Runs under the tools venv (.venv-tools/bin/python infra/build/guided_prompts.py [template]), offline.
The prompt labels are read from the installed SAM CLI's source (guided_context.py), the parameters
in the order SAM CLI asks them, and the functions it asks "has no authentication" about from its own
check. tests/template/test_deploy_docs.py holds docs/deploy.md's walk-through against this. SAM CLI
reads the template with its AWS::LanguageExtensions expansion on, as infra/samconfig.toml sets it.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
from pathlib import Path

from samcli.commands._utils.template import get_template_parameters
from samcli.commands.deploy import guided_context
from samcli.commands.deploy.auth_utils import auth_per_resource
from samcli.lib.providers.sam_stack_provider import SamLocalStackProvider

ROOT = Path(__file__).resolve().parent.parent.parent


def main() -> None:
    template = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "template.yaml")
    stacks, _ = SamLocalStackProvider.get_stacks(
        template, parameter_overrides={}, global_parameter_overrides={"AWS::Region": "us-east-1"}, language_extensions_enabled=True
    )
    source = inspect.getsource(guided_context)
    labels = re.findall(r"\{(?:self\.)?start_bold\}(.+?)\{(?:self\.)?end_bold\}", source)
    print(
        json.dumps(
            {
                "labels": sorted(set(labels)),
                "parameters": list(get_template_parameters(template_file=template)),
                "unauthenticated": [resource for resource, authorized in auth_per_resource(stacks) if not authorized],
            }
        )
    )


if __name__ == "__main__":
    main()
