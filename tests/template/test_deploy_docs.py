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

from tests.template import conftest as template_conftest
from tests.template.conftest import ROOT, TEMPLATE, tool, tools_env

transformed = template_conftest.transformed

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
    # The form and its CORS preflight, and the action links' two routes (a signed token is their authentication);
    # the desk's three routes (it signs people in itself).
    assert sam_cli["unauthenticated"] == ["SubmitFunction", "SubmitFunction", "ActionsFunction", "ActionsFunction", *["DeskFunction"] * 3]
    answers = dict(documented())
    assert answers["ActionsFunction has no authentication. Is this okay?"].strip().startswith("`y`")
    assert answers["SubmitFunction has no authentication. Is this okay?"].strip().startswith("`y`")
    assert answers["Allow SAM CLI IAM role creation"].strip().startswith("`y`")
    assert answers["Disable rollback"].strip().startswith("`N`")


def section(title: str) -> str:
    return DOCS.read_text(encoding="utf-8").split(f"### {title}", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]


def test_the_short_path_names_the_8_answers_a_practice_must_give_in_the_prompts_order(sam_cli: dict[str, Any]) -> None:
    from tests.template.test_template import MUST_ANSWER

    named = re.findall(r"^\d+\. `(\w+)`", section("The 8 you must answer"), flags=re.MULTILINE)
    assert named == [p for p in sam_cli["parameters"] if p in MUST_ANSWER]
    assert len(named) == 8


def test_the_parameters_table_names_every_parameter_once(sam_cli: dict[str, Any]) -> None:
    rows = re.findall(r"^\| (`[^|]+) \|", section("Parameters"), flags=re.MULTILINE)
    named = [name for row in rows for name in re.findall(r"`(\w+)`", row)]
    assert sorted(named) == sorted(sam_cli["parameters"]), "each template parameter once, and nothing else"


def test_the_docs_never_tell_ops_to_turn_off_a_deletion_protection_the_table_does_not_have(transformed: dict[str, Any]) -> None:
    assert transformed["Resources"]["LeadsTable"]["Properties"].get("DeletionProtectionEnabled", False) is False
    assert "turn off deletion protection" not in DOCS.read_text(encoding="utf-8").lower()


def test_every_command_the_docs_give_comes_with_the_tools_setup() -> None:
    # `python3 infra/dev.py setup` installs infra/requirements-tools.txt into .venv-tools/.
    text = DOCS.read_text(encoding="utf-8")
    requirements = (ROOT / "infra" / "requirements-tools.txt").read_text(encoding="utf-8")
    if re.search(
        r"(^|[\s`(])aws (sesv2|ssm|lambda|secretsmanager|cloudformation|cloudwatch|sqs|configure|sso)\b", text, flags=re.MULTILINE
    ):
        assert re.search(r"^awscli==", requirements, flags=re.MULTILINE), "the docs use the aws CLI: pin it in requirements-tools.txt"
        assert ".venv-tools/bin/aws" in text, "say where the setup puts it"
