"""docs/deploy.md's walk-through of `sam deploy --guided`, held against the installed SAM CLI.

infra/build/guided_prompts.py reads the prompts from SAM CLI's own source (the labels), the order
it asks the parameters in, and which functions it asks "has no authentication" about. The docs'
table must name every prompt SAM CLI will ask for this template, in its order, in its words.
"""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

import pytest

from tests.template.conftest import ROOT, TEMPLATE, tool, tools_env

DOCS = ROOT / "docs" / "deploy.md"
# guided_context.py asks, in this order: stack, region, parameters, the change-set confirmation,
# capabilities, rollback, authorization, code signing, then where to save the answers.
BEFORE_PARAMETERS = ["Stack Name", "AWS Region"]
AFTER_PARAMETERS = ["Confirm changes before deploy", "Allow SAM CLI IAM role creation", "Disable rollback"]
SAVING = ["Save arguments to configuration file", "SAM configuration file", "SAM configuration environment"]


@pytest.fixture(scope="module")
def sam_cli() -> dict[str, Any]:
    result = subprocess.run(
        [str(tool("python")), str(ROOT / "infra" / "build" / "guided_prompts.py"), str(TEMPLATE)],
        capture_output=True,
        text=True,
        env=tools_env(),
        cwd=ROOT,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


def documented() -> list[tuple[str, str]]:
    """(prompt, answer) rows of the table under "### The guided prompts"."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("### The guided prompts", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \| ([^|]+) \|", section, flags=re.MULTILINE)


def test_the_docs_list_every_guided_prompt_in_sam_clis_order_and_words(sam_cli: dict[str, Any]) -> None:
    labels = set(sam_cli["labels"])
    fixed = BEFORE_PARAMETERS + AFTER_PARAMETERS + SAVING
    assert set(fixed) <= labels, f"SAM CLI no longer asks: {sorted(set(fixed) - labels)}"
    assert "Parameter {parameter_key}" in labels
    assert "{resource} has no authentication. Is this okay?" in labels
    expected = (
        BEFORE_PARAMETERS
        + [f"Parameter {name}" for name in sam_cli["parameters"]]
        + AFTER_PARAMETERS
        + [f"{resource} has no authentication. Is this okay?" for resource in sam_cli["unauthenticated"]]
        + SAVING
    )
    assert [prompt for prompt, _ in documented()] == expected


def test_the_public_function_is_accepted_without_authentication(sam_cli: dict[str, Any]) -> None:
    # The default answer N aborts the deploy ("Security Constraints Not Satisfied!").
    # The form and its CORS preflight, and the action links' two routes (a signed token is their authentication).
    assert sam_cli["unauthenticated"] == ["SubmitFunction", "SubmitFunction", "ActionsFunction", "ActionsFunction"]
    answers = dict(documented())
    assert answers["ActionsFunction has no authentication. Is this okay?"].strip().startswith("`y`")
    assert answers["SubmitFunction has no authentication. Is this okay?"].strip().startswith("`y`")
    assert answers["Allow SAM CLI IAM role creation"].strip().startswith("`y`")
    assert answers["Disable rollback"].strip().startswith("`N`")
