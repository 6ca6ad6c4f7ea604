"""Cold start: a fresh interpreter per measurement, the function's Lambda environment, interleaved.

Every function of template.yaml (infra.build.functions: its name and Handler) is measured, each
against a baseline measured in the same run:

- import: `import <the handler's module>` (`leadcapture.intake.handler`, ...) against `import boto3`,
  timed inside the fresh interpreter (interpreter start-up is the same for both and is left out);
- init: import, then the first request answered (settings read, clients created, every lazy
  import of the request path done) against the baseline's `import boto3` + create a DynamoDB
  client + one PutItem (the floor). This is closer to what a person waits for on a cold start.
  Each function's first request and the check of its answer are stubs.FIRST_REQUESTS'.

The kinds are run in a shuffled order in every repetition, so a noisy neighbour slows all of them
alike; the ratio is taken within each repetition and then summarized. After the timed runs, one
more run per function lists the modules of its own package it has loaded after its first answer
(`loads`), and the AWS calls it made.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from infra.build import lambda_build
from infra.build.functions import Function, by_name
from infra.build.template import ROOT

from .lambda_env import function_environment
from .stats import Summary

# The first answer, as every probe below makes it: in-memory AWS (with the function's canned
# answers), the handler's import, the function's first request answered (`_answer`).
FIRST_ANSWER = """
from infra.bench import stubs
_first = stubs.install({kind!r})
{import_handler}
_answer = handler(_first.event(), stubs.context())
"""

# The probes: the clock starts before the first import and stops after it (or after the answer).
IMPORT_PROBE = """
import time
_start = time.perf_counter()
import {module}
_seconds = time.perf_counter() - _start
import sys
with open(sys.argv[1], "w") as _out:
    _out.write(repr(_seconds))
"""

INIT_PROBE = """
import time
_start = time.perf_counter()
{first_answer}
_seconds = time.perf_counter() - _start
assert _first.check(_answer), _answer
import sys
with open(sys.argv[1], "w") as _out:
    _out.write(repr(_seconds))
"""

# Untimed: the modules of the function's own package loaded once it has answered, which of them
# are packages, and the calls answered in memory.
LOADS_PROBE = """
{first_answer}
assert _first.check(_answer), _answer
import json, sys
_package = {package!r}
_loaded = sorted(name for name in sys.modules if name == _package or name.startswith(_package + "."))
with open(sys.argv[1], "w") as _out:
    json.dump({{
        "modules": _loaded,
        "packages": [name for name in _loaded if getattr(sys.modules[name], "__path__", None) is not None],
        "calls": dict(sorted(stubs.calls.items())),
    }}, _out)
"""

# What the issue requires before any of our code: validation, logging, metrics, routing.
STACK = "pydantic.main, aws_lambda_powertools.logging, aws_lambda_powertools.metrics, aws_lambda_powertools.event_handler"
BASELINE_IMPORT = "from infra.bench.stubs import baseline_handler as handler"


@functools.cache
def _functions() -> dict[str, Function]:
    return by_name()


def function_names() -> list[str]:
    """The functions of template.yaml, in its order."""
    return list(_functions())


def function_handler(name: str) -> str:
    """The function's Handler in template.yaml (`leadcapture.intake.handler.handler`)."""
    return _functions()[name].handler


def handler_import(kind: str) -> str:
    """The line that imports `kind`'s handler as `handler` ("baseline": the floor's)."""
    if kind == "baseline":
        return BASELINE_IMPORT
    function = _functions()[kind]
    return f"from {function.module} import {function.attribute} as handler"


def first_answer_code(kind: str) -> str:
    """Probe lines answering `kind`'s first request (`_first` is its stubs.FirstRequest, `_answer` the answer)."""
    return FIRST_ANSWER.format(kind=kind, import_handler=handler_import(kind))


def imports() -> dict[str, str]:
    """What the import figure imports, per kind: boto3 (the baseline), the stack, each function's handler module."""
    return {"boto3": "boto3", "stack": STACK, **{name: function.module for name, function in _functions().items()}}


@functools.cache
def _function_environment(function: str) -> dict[str, str]:
    return function_environment(function)


def probe_environment(function: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A clean environment: the function's Lambda variables, our code on the path, nothing of the caller's.

    `function` is a function's name; the baseline and the bare imports (boto3, stack) run with submit's.
    """
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": f"{ROOT / 'functions'}{os.pathsep}{ROOT}",
        **_function_environment(_function_of(function)),
        **(extra or {}),
    }


def run_python(args: list[str], env: dict[str, str], what: str, python: Sequence[str] = (sys.executable,)) -> str:
    """Run `python ARGS OUT` in a fresh interpreter; return what it wrote to OUT (its only channel).

    stdout is discarded: the handlers' log lines and EMF metrics would flood the report, and
    writing them stays part of the measured work, as in Lambda.
    """
    return _run_with_stderr(args, env, what, python)[0]


def _run_with_stderr(args: list[str], env: dict[str, str], what: str, python: Sequence[str]) -> tuple[str, str]:
    """run_python, also returning what the interpreter wrote to stderr (`-X importtime` writes there)."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "result"
        result = subprocess.run(
            [*python, *args, str(out)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{what} failed:\n{result.stderr[-2000:]}")
        return out.read_text(), result.stderr


def _run(code: str, env: dict[str, str], python: Sequence[str]) -> float:
    return float(run_python(["-c", code], env, "probe", python))


def _function_of(kind: str) -> str:
    return kind if kind in _functions() else "submit"


def loads(kind: str, extra_env: dict[str, str] | None = None, python: Sequence[str] = (sys.executable,)) -> dict[str, Any]:
    """The modules of its own package `kind` has loaded after its first answer, grouped, and its calls answered in memory."""
    package = _functions()[kind].package
    code = LOADS_PROBE.format(first_answer=first_answer_code(kind), package=package)
    found = json.loads(run_python(["-c", code], probe_environment(kind, extra_env), f"{kind} loads probe", python))
    groups: dict[str, list[str]] = {}
    for name in found["modules"]:
        if name != package:
            groups.setdefault(name.split(".")[1], []).append(name)
    packages = set(found["packages"])
    return {
        "package": package,
        "count": len(found["modules"]),
        "modules": found["modules"],
        # Per subpackage (`domain`, `adapters`, ...: the package and its modules) and per module of the package's top level.
        "subpackages": {group: names for group, names in groups.items() if f"{package}.{group}" in packages},
        "top_level": sorted(group for group in groups if f"{package}.{group}" not in packages),
        "calls": found["calls"],
    }


def measure(reps: int, seed: int = 7, extra_env: dict[str, str] | None = None, python: Sequence[str] = (sys.executable,)) -> dict[str, Any]:
    """Cold import and cold init of every function, `reps` fresh interpreters of each kind, interleaved."""
    rng = random.Random(seed)  # noqa: S311 - shuffles the order of runs, nothing secret
    names = function_names()
    modules = imports()
    inits = ["baseline", *names]
    jobs = [("import", kind) for kind in modules] + [("init", kind) for kind in inits]
    seconds: dict[tuple[str, str], list[float]] = {job: [] for job in jobs}
    for _ in range(reps):
        order = jobs[:]
        rng.shuffle(order)
        for what, kind in order:
            env = probe_environment(kind, extra_env)
            if what == "import":
                code = IMPORT_PROBE.format(module=modules[kind])
            else:
                code = INIT_PROBE.format(first_answer=first_answer_code(kind))
            seconds[(what, kind)].append(_run(code, env, python))

    def ms(job: tuple[str, str]) -> dict[str, Any]:
        return Summary.of([s * 1000 for s in seconds[job]]).as_dict()

    def ratio(job: tuple[str, str], base: tuple[str, str]) -> dict[str, Any]:
        return Summary.of([a / b for a, b in zip(seconds[job], seconds[base], strict=True)]).as_dict()

    return {
        "reps": reps,
        "functions": {name: _functions()[name].handler for name in names},
        "import_ms": {kind: ms(("import", kind)) for kind in modules},
        "import_ratio": {kind: ratio(("import", kind), ("import", "boto3")) for kind in ("stack", *names)},
        "init_ms": {kind: ms(("init", kind)) for kind in inits},
        "init_ratio": {kind: ratio(("init", kind), ("init", "baseline")) for kind in names},
        "loads": {name: loads(name, extra_env, python) for name in names},
    }


# What the Lambda runtime brings next to /var/task, compiled: boto3 and its dependencies.
RUNTIME_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "urllib3", "dateutil", "six")
# The probes' harness (in-memory AWS, the fake context): copied beside the runtime, so that nothing
# of the checkout (functions/ above all) is on the path of an as-deployed probe.
HARNESS = ("infra/__init__.py", "infra/bench/__init__.py", "infra/bench/stubs.py", "infra/local/__init__.py", "infra/local/runtime.py")

# After the first answer: the modules loaded from the artifact that had no bytecode there.
SOURCE_PROBE = """
{first_answer}
import json, os, sys
task = {task!r}
from_source = sorted(
    name for name, module in list(sys.modules.items())
    if (spec := getattr(module, "__spec__", None)) and spec.origin and spec.origin.startswith(task) and spec.origin.endswith(".py")
    and not (spec.cached and os.path.exists(spec.cached))
)
with open(sys.argv[1], "w") as _out:
    json.dump(from_source, _out)
"""


# Where the time goes: the same first answer under `-X importtime`, with the three phases timed.
PHASES_PROBE = """
import time
_start = time.perf_counter()
from infra.bench import stubs
_first = stubs.install({kind!r})
_stubbed = time.perf_counter()
{import_handler}
_imported = time.perf_counter()
handler(_first.event(), stubs.context())
_answered = time.perf_counter()
import sys
with open(sys.argv[1], "w") as _out:
    _out.write(repr([_stubbed - _start, _imported - _stubbed, _answered - _imported]))
"""
PHASES = ("the floor's imports (boto3)", "the handler's import", "the first answer")


def _import_times(stderr: str) -> dict[str, float]:
    """`-X importtime`'s self time per module, in ms."""
    times = {}
    for line in stderr.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            self_us, _, name = line.removeprefix("import time:").split("|", 2)
            times[name.strip()] = int(self_us) / 1000
    return times


def _importtime_run(kind: str, env: dict[str, str], python: Sequence[str]) -> tuple[list[float], dict[str, float]]:
    code = PHASES_PROBE.format(kind=kind, import_handler=handler_import(kind))
    env = {**probe_environment(kind), **env}
    out, stderr = _run_with_stderr(["-X", "importtime", "-c", code], env, "importtime probe", python)
    return [seconds * 1000 for seconds in json.loads(out)], _import_times(stderr)


def breakdown(reps: int, env: dict[str, str], python: Sequence[str], top: int = 12) -> dict[str, Any]:
    """Where each function's cold init goes beyond the floor's: its phases, and the import self time
    (`-X importtime`) of the modules the floor does not load, summed per top-level package.

    Medians of `reps` runs. `-X importtime` slows every import a little, so these figures explain
    the ratio rather than restate it.
    """
    floor_modules: set[str] = set()
    for _ in range(max(1, reps // 2)):
        floor_modules |= set(_importtime_run("baseline", env, python)[1])
    found: dict[str, Any] = {"reps": reps}
    for kind in function_names():
        phases: list[list[float]] = []
        packages: dict[str, list[float]] = {}
        modules: dict[str, list[float]] = {}
        for _ in range(reps):
            times, imported = _importtime_run(kind, env, python)
            phases.append(times)
            per_package: dict[str, float] = {}
            for name, ms in imported.items():
                if name not in floor_modules:
                    package = name.split(".")[0]
                    per_package[package] = per_package.get(package, 0.0) + ms
                    modules.setdefault(name, []).append(ms)
            for package, ms in per_package.items():
                packages.setdefault(package, []).append(ms)

        def medians(runs: dict[str, list[float]]) -> list[tuple[str, float]]:
            typical = {name: statistics.median(values + [0.0] * (reps - len(values))) for name, values in runs.items()}
            return sorted(typical.items(), key=lambda item: -item[1])

        ranked = medians(packages)
        found[kind] = {
            "phases_ms": {name: statistics.median(run[i] for run in phases) for i, name in enumerate(PHASES)},
            "extra_imports_ms": round(sum(ms for _, ms in ranked), 1),
            "packages_ms": {package: round(ms, 1) for package, ms in ranked[:top]},
            "others_ms": round(sum(ms for _, ms in ranked[top:]), 1),
            "slowest_modules_ms": {name: round(ms, 1) for name, ms in medians(modules)[:8]},
        }
    return found


def host_platform() -> str | None:
    """pip's wheel platform for this machine, when the artifact can run here (Linux only)."""
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(platform.machine().lower(), platform.machine().lower())
    return f"manylinux2014_{machine}" if sys.platform.startswith("linux") and machine in {"x86_64", "aarch64"} else None


def _stage_runtime(folder: Path, python: Sequence[str]) -> None:
    for name in (*RUNTIME_PACKAGES, *HARNESS):
        if name.endswith(".py"):
            source, target = ROOT / name, folder / name
        else:
            spec = importlib.util.find_spec(name)
            if spec is None or spec.origin is None:
                raise RuntimeError(f"{name} is not installed here: the as-deployed run needs it beside the artifact")
            origin = Path(spec.origin)
            source = origin.parent if origin.name == "__init__.py" else origin
            target = folder / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__")) if source.is_dir() else shutil.copy2(source, target)
    subprocess.run([*python, "-m", "compileall", "-q", str(folder)], check=True, stdout=subprocess.DEVNULL)


def _loaded_from_source(task: Path, env: dict[str, str], python: Sequence[str]) -> dict[str, list[str]]:
    """Per top-level package, the modules the functions load from the artifact without bytecode."""
    found: set[str] = set()
    for kind in function_names():
        code = SOURCE_PROBE.format(first_answer=first_answer_code(kind), task=str(task))
        found.update(json.loads(run_python(["-c", code], {**probe_environment(kind), **env}, "source probe", python)))
    by_package: dict[str, list[str]] = {}
    for name in sorted(found):
        by_package.setdefault(name.split(".")[0], []).append(name)
    return by_package


def pyenv_python313() -> str | None:
    """The newest CPython 3.13 pyenv holds, found the way .ci/run finds it (pyenv keeps it off PATH unless named)."""
    versions = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    found = sorted(versions.glob("3.13*/bin/python3.13"), key=lambda p: [int(n) if n.isdigit() else -1 for n in p.parts[-3].split(".")])
    for candidate in reversed(found):
        try:
            command = lambda_build.find_python313(str(candidate))
        except SystemExit:  # not a working CPython 3.13 after all
            continue
        if command is not None:
            return command[0]
    return None


def deployed_python() -> tuple[tuple[str, ...], str]:
    """The interpreter that runs the as-deployed probes, and the Python version the artifact's wheels are for.

    CPython 3.13, the runtime's, when this machine has one (on PATH, or in pyenv's versions); else
    this interpreter, with an artifact built for it (its wheels; no bytecode, which the build
    compiles with 3.13 only): README promises that Python 3.11+ is enough.
    """
    if (found := lambda_build.find_python313()) is not None:
        return found, lambda_build.LAMBDA_PYTHON
    if (pyenv := pyenv_python313()) is not None:
        return (pyenv,), lambda_build.LAMBDA_PYTHON
    return (sys.executable,), f"{sys.version_info.major}.{sys.version_info.minor}"


def measure_as_deployed(reps: int) -> dict[str, Any]:
    """Cold figures from the artifact as the build makes it, run by CPython 3.13 when this machine has one.

    The artifact is built by infra/build/lambda_build.py for this machine's platform (the arm64
    wheels do not load here) with the same bytecode; boto3 and its dependencies sit beside it,
    compiled, as the runtime has them; nothing may write bytecode, as /var/task is read-only.
    """
    target = host_platform()
    if target is None:
        return {"measured": False, "reason": f"the artifact's wheels are for Linux; this is {sys.platform}"}
    python, wheels_for = deployed_python()
    with tempfile.TemporaryDirectory(prefix="leadcapture-bench-deployed-") as scratch:
        task, runtime = Path(scratch) / "task", Path(scratch) / "runtime"
        if wheels_for == lambda_build.LAMBDA_PYTHON:
            built = lambda_build.build(task, platform=target, python313=python[0])
        else:
            built = lambda_build.build(task, platform=target, python_version=wheels_for, warn=False)
        _stage_runtime(runtime, python)
        env = {"PYTHONPATH": os.pathsep.join([str(task), str(runtime)]), "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1"}
        code = "import platform, sys; open(sys.argv[1], 'w').write(platform.python_version())"
        version = run_python(["-c", code], env, "version", python)
        result = measure(reps, seed=13, extra_env=env, python=python)
        from_source = _loaded_from_source(task, env, python)
        where = breakdown(max(3, reps // 3), env, python)
    bytecode_packages = set(lambda_build.BYTECODE_SKIPS)
    return {
        **result,
        "measured": True,
        "platform": target,
        "python": version,
        "bytecode_files": built.compiled,
        "breakdown": where,
        "from_source": {
            "bytecode_packages": sorted(m for p, ms in from_source.items() if p in bytecode_packages for m in ms),
            "others": dict(Counter({p: len(ms) for p, ms in from_source.items() if p not in bytecode_packages}).most_common()),
        },
    }
