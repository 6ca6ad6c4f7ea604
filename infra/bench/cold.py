"""Cold start: a fresh interpreter per measurement, the function's Lambda environment, interleaved.

Two figures, each against its own baseline measured in the same run:

- import: `import leadcapture.handlers.submit` (or notify) against `import boto3`, timed inside the fresh
  interpreter (interpreter start-up is the same for both and is left out);
- init: import, then the first request answered (settings read, clients created, every lazy
  import of the request path done) against the baseline's `import boto3` + create a DynamoDB
  client + one PutItem. This is closer to what a person waits for on a cold start.

The kinds are run in a shuffled order in every repetition, so a noisy neighbour slows all of them
alike; the ratio is taken within each repetition and then summarized.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from infra.build.template import ROOT

from .lambda_env import function_environment
from .stats import Summary

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
from infra.bench import stubs
stubs.install()
{import_handler}
_answer = handler({event}, stubs.context())
_seconds = time.perf_counter() - _start
assert {check}, _answer
import sys
with open(sys.argv[1], "w") as _out:
    _out.write(repr(_seconds))
"""

IMPORTS = {
    "boto3": "boto3",
    # What the issue requires before any of our code: validation, logging, metrics, routing.
    "stack": "pydantic.main, aws_lambda_powertools.logging, aws_lambda_powertools.metrics, aws_lambda_powertools.event_handler",
    "submit": "leadcapture.handlers.submit",
    "notify": "leadcapture.handlers.notify",
}

INITS = {
    "baseline": ("from infra.bench.stubs import baseline_handler as handler", "stubs.submit_event()", "_answer['statusCode'] == 201"),
    "submit": ("from leadcapture.handlers.submit import handler", "stubs.submit_event()", "_answer['statusCode'] == 201"),
    "notify": ("from leadcapture.handlers.notify import handler", "stubs.notify_event()", "_answer == {'batchItemFailures': []}"),
}


def probe_environment(function: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A clean environment: the function's Lambda variables, our code on the path, nothing of the caller's."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": f"{ROOT / 'functions'}{os.pathsep}{ROOT}",
        **function_environment(function),
        **(extra or {}),
    }


def run_python(args: list[str], env: dict[str, str], what: str) -> str:
    """Run `python ARGS OUT` in a fresh interpreter; return what it wrote to OUT (its only channel).

    stdout is discarded: the handlers' log lines and EMF metrics would flood the report, and
    writing them stays part of the measured work, as in Lambda.
    """
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "result"
        result = subprocess.run(
            [sys.executable, *args, str(out)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{what} failed:\n{result.stderr[-2000:]}")
        return out.read_text()


def _run(code: str, env: dict[str, str]) -> float:
    return float(run_python(["-c", code], env, "probe"))


def _function_of(kind: str) -> str:
    return "notify" if kind == "notify" else "submit"


def measure(reps: int, seed: int = 7, extra_env: dict[str, str] | None = None) -> dict[str, Any]:
    """Cold import and cold init, `reps` fresh interpreters of each kind, interleaved."""
    rng = random.Random(seed)  # noqa: S311 - shuffles the order of runs, nothing secret
    jobs = [("import", kind) for kind in IMPORTS] + [("init", kind) for kind in INITS]
    seconds: dict[tuple[str, str], list[float]] = {job: [] for job in jobs}
    for _ in range(reps):
        order = jobs[:]
        rng.shuffle(order)
        for what, kind in order:
            env = probe_environment(_function_of(kind), extra_env)
            if what == "import":
                code = IMPORT_PROBE.format(module=IMPORTS[kind])
            else:
                import_handler, event, check = INITS[kind]
                code = INIT_PROBE.format(import_handler=import_handler, event=event, check=check)
            seconds[(what, kind)].append(_run(code, env))

    def ms(job: tuple[str, str]) -> dict[str, Any]:
        return Summary.of([s * 1000 for s in seconds[job]]).as_dict()

    def ratio(job: tuple[str, str], base: tuple[str, str]) -> dict[str, Any]:
        return Summary.of([a / b for a, b in zip(seconds[job], seconds[base], strict=True)]).as_dict()

    return {
        "reps": reps,
        "import_ms": {kind: ms(("import", kind)) for kind in IMPORTS},
        "import_ratio": {kind: ratio(("import", kind), ("import", "boto3")) for kind in ("stack", "submit", "notify")},
        "init_ms": {kind: ms(("init", kind)) for kind in INITS},
        "init_ratio": {kind: ratio(("init", kind), ("init", "baseline")) for kind in ("submit", "notify")},
    }


# What the Lambda runtime brings, compiled: the standard library and boto3 with its dependencies.
# Everything else (our package and what functions/Makefile installs) is in the artifact, which
# ships no .pyc files, and /var/task is read-only: Python compiles those modules on every cold start.
RUNTIME_PACKAGES = frozenset({"boto3", "botocore", "s3transfer", "urllib3", "dateutil", "six"})


def _bytecode_as_lambda_has_it(prefix: Path) -> None:
    """Fill a pycache prefix with bytecode for the stdlib and boto3 only, as Lambda's runtime has it."""
    env = probe_environment("submit", {"PYTHONPYCACHEPREFIX": str(prefix)})
    for kind in ("submit", "notify"):
        import_handler, event, check = INITS[kind]
        _run(INIT_PROBE.format(import_handler=import_handler, event=event, check=check), env)
    for site in prefix.rglob("site-packages"):
        for entry in site.iterdir():
            if entry.name.split("-")[0].split(".")[0] not in RUNTIME_PACKAGES:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    ours = prefix / str(ROOT / "functions").lstrip("/")
    shutil.rmtree(ours, ignore_errors=True)


def measure_as_shipped(reps: int) -> dict[str, Any]:
    """The same figures with no bytecode for the artifact's modules, as the artifact ships today."""
    with tempfile.TemporaryDirectory(prefix="leadcapture-bench-pyc-") as scratch:
        prefix = Path(scratch)
        _bytecode_as_lambda_has_it(prefix)
        return measure(reps, seed=13, extra_env={"PYTHONPYCACHEPREFIX": str(prefix), "PYTHONDONTWRITEBYTECODE": "1"})
