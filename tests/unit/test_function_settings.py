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
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": f"{ROOT / 'functions'}{os.pathsep}{ROOT}",
        **function_environment(function.name),
    }
    assert variable in env, f"the template does not give {function.logical_id} {variable}"
    if empty:
        env[variable] = ""
    else:
        del env[variable]
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
