"""Each function, deployed without a variable it cannot do without, fails its cold start naming it.

Every function of template.yaml is started in a fresh interpreter with the environment the template
gives it (the benchmark's resolution of the template, its parameters' defaults), minus one required
variable (or with it set but empty), and invoked once. It must raise before doing anything and log
one error line that names the variable: never start on a placeholder and send mail from nowhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from infra.bench.lambda_env import function_environment
from infra.build.functions import Function, functions
from infra.build.template import ROOT

PROBE = """
import json, sys
from infra.bench import stubs
stubs.install()
from {module} import handler
from leadcapture.adapters.environment import SettingsError
try:
    handler({{}}, stubs.context())
except SettingsError as err:
    print(json.dumps({{"refused": str(err)}}), file=sys.stderr)
else:
    print(json.dumps({{"refused": None}}), file=sys.stderr)
"""

CASES = [
    pytest.param(function, variable, id=f"{function.name}-{variable}")
    for function in functions()
    for variable in sorted(function.settings_model().required())
]


def start_without(function: Function, variable: str, *, empty: bool) -> tuple[str | None, list[dict[str, object]]]:
    """What the first invocation refused with (None: it started), and the JSON log lines it wrote."""
    env = template_environment(function)
    assert variable in env, f"the template does not give {function.logical_id} {variable}"
    if empty:
        env[variable] = ""
    else:
        del env[variable]
    return start(function, env)


def template_environment(function: Function) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": f"{ROOT / 'functions'}{os.pathsep}{ROOT}",
        **function_environment(function.name),
    }


def start(function: Function, env: dict[str, str]) -> tuple[str | None, list[dict[str, object]]]:
    module = function.handler.rpartition(".")[0]
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    refused = json.loads(result.stderr.strip().splitlines()[-1])["refused"]
    logs = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return refused, logs


def test_every_function_requires_something() -> None:
    assert CASES, "no function reads a required setting"
    assert {f.name for f in functions()} >= {"submit", "notify", "actions", "followups", "ses-events", "heartbeat"}


@pytest.mark.slow
@pytest.mark.parametrize(("function", "variable"), CASES)
@pytest.mark.parametrize("empty", [False, True], ids=["unset", "empty"])
def test_a_function_started_without_a_required_variable_fails_naming_it(function: Function, variable: str, empty: bool) -> None:
    refused, logs = start_without(function, variable, empty=empty)
    assert refused is not None and variable in refused, f"{function.name} started without {variable}"
    errors = [line for line in logs if line.get("level") == "ERROR"]
    assert len(errors) == 1, logs
    assert variable in errors[0]["variables"]  # type: ignore[operator]
    assert "required" in str(errors[0]["problems"])
    if not empty:
        assert "not set" in str(errors[0]["problems"])


EMAILERS = [pytest.param(f, id=f.name) for f in functions() if "EMAIL_DETAIL" in f.settings_model().variables()]


def test_every_function_that_emails_about_a_lead_reads_email_detail() -> None:
    assert {p.values[0].name for p in EMAILERS} == {"notify", "followups", "ses-events", "urgent"}  # type: ignore[union-attr]


@pytest.mark.slow
@pytest.mark.parametrize("function", EMAILERS)
@pytest.mark.parametrize(("variable", "value", "says"), [
    # A stack made for the old switch: refused, naming the new one, so that nobody's email changes unannounced.
    ("EMAIL_INCLUDE_MESSAGE", "true", "no longer read: remove it and set EMAIL_DETAIL instead"),
    ("EMAIL_INCLUDE_MESSAGE", "false", "no longer read: remove it and set EMAIL_DETAIL instead"),
    ("EMAIL_DETAIL", "everything", "'minimal', 'contact' or 'full'"),
    ("EMAIL_DETAIL", "false", "'minimal', 'contact' or 'full'"),
], ids=["old-true", "old-false", "unknown", "old-value"])  # fmt: skip
def test_an_email_detail_it_cannot_use_stops_the_function_with_one_clear_line(
    function: Function, variable: str, value: str, says: str
) -> None:
    env = template_environment(function)
    assert env["EMAIL_DETAIL"] == "minimal"  # the template's default
    refused, logs = start(function, {**env, variable: value})
    assert refused is not None and says in refused and variable in refused, refused
    errors = [line for line in logs if line.get("level") == "ERROR"]
    assert len(errors) == 1, logs
    assert errors[0]["variables"] == [variable]
    assert says in str(errors[0]["problems"])


@pytest.mark.parametrize("function", EMAILERS)
@pytest.mark.parametrize("level", ["minimal", "contact", "full", " Full "])
def test_each_level_is_read_from_the_templates_environment(function: Function, level: str) -> None:
    from leadcapture.adapters.environment import load

    settings = load(function.settings_model(), {**function_environment(function.name), "EMAIL_DETAIL": level})
    assert settings.email_detail == level.strip().lower()  # type: ignore[attr-defined]
