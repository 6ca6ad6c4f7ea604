#!/usr/bin/env python3
"""Developer entry point: sets up its own environment on a fresh clone, then runs the task.

    python3 infra/dev.py run     # the local stack on http://127.0.0.1:3000 (moto as AWS)
    python3 infra/dev.py test    # lint, type-check and every test suite (what CI runs)
    python3 infra/dev.py check   # the fast loop, under a minute: lint, types, import contracts, domain and unit tests
    python3 infra/dev.py bench   # the performance benchmarks
    python3 infra/dev.py leads --local list   # the lead records (docs/records.md)

Standard library only: it must work before anything is installed. The environment lives in
.venv/ and is refreshed when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".dev-stamp"
# SAM CLI, cfn-lint and the SAM translator pin their own dependencies: a venv of their own; checkov
# pins a boto3 that SAM CLI cannot share: one more.
TOOL_VENVS = {
    ROOT / ".venv-tools": ROOT / "infra" / "requirements-tools.txt",
    ROOT / ".venv-checkov": ROOT / "infra" / "requirements-checkov.txt",
}


def _say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def cve_2024_6923_warning(version: tuple[int, int, int]) -> str | None:
    """A warning for a Python whose email package decodes encoded words while folding headers."""
    fixed_in = {(3, 11): (3, 11, 10), (3, 12): (3, 12, 5)}.get((version[0], version[1]))
    if fixed_in is not None and version < fixed_in:
        shown = ".".join(map(str, version))
        return (
            f"WARNING: Python {shown} lacks the fix for CVE-2024-6923 (its email package can turn an encoded word "
            "into new header lines while folding). The coordinator email does not depend on it (it writes the "
            "headers that carry submitted text itself) and the tests check the raw bytes, so everything keeps "
            "working; use 3.11.10+, 3.12.5+ or 3.13 (the Lambda runtime's) when you can."
        )
    return None


def _run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=False)
    if result.returncode != 0:
        sys.exit(result.returncode)


def setup() -> None:
    """Create .venv and install the project with its dev extras, once per pyproject.toml version."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs under whatever python3 is first
        sys.exit("Python 3.11 or newer is required")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not PYTHON.exists():
        _say(f"creating {VENV.relative_to(ROOT)}/")
        venv.EnvBuilder(with_pip=True).create(VENV)
    _say("installing the project and its dev tools (first run only; takes a minute or two)")
    _run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip")
    _run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", ".[dev]")
    STAMP.write_text(wanted)


def setup_tools() -> None:
    """Create the tools' venvs (sam, cfn-lint, actionlint; checkov), once per requirements version."""
    for tools_venv, requirements in TOOL_VENVS.items():
        wanted = hashlib.sha256(requirements.read_bytes()).hexdigest()
        stamp = tools_venv / ".dev-stamp"
        if stamp.exists() and stamp.read_text().strip() == wanted:
            continue
        tools_python = tools_venv / BIN.name / "python"
        if not tools_python.exists():
            _say(f"creating {tools_venv.relative_to(ROOT)}/")
            venv.EnvBuilder(with_pip=True).create(tools_venv)
        _say(f"installing {requirements.relative_to(ROOT)} (first run only; takes a minute or two)")
        _run(tools_python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements)
        stamp.write_text(wanted)


def _static() -> None:
    """Lint, format, strict types and the import contracts: what both `check` and `test` start with."""
    _say("ruff")
    _run(BIN / "ruff", "check", "functions", "infra", "tests")
    _run(BIN / "ruff", "format", "--check", "functions", "infra", "tests")
    _say("mypy (strict)")
    _run(BIN / "mypy")
    _say("import contracts")
    # This checkout's functions/ first: the venv's editable install may point at another clone.
    _run(BIN / "lint-imports", "--no-logo", env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "functions"), str(ROOT)])})


def check(extra: list[str]) -> None:
    """The fast loop (and the pre-commit hook): the static checks, then the domain and unit suites
    without their slow cases. `test` runs everything, as CI does."""
    _static()
    _say("domain and unit tests (not slow)")
    _run(PYTHON, "-m", "pytest", "-q", "-m", "not slow", "tests/domain", "tests/unit", *extra)


def test(extra: list[str]) -> None:
    warning = cve_2024_6923_warning(sys.version_info[:3])
    if warning:
        # Said here, where the email code's own checks run, not before every command.
        print(f"[dev] {warning}", file=sys.stderr, flush=True)
    _static()
    _say("links (docs, and the code's references to them)")
    _run(PYTHON, "infra/build/check_links.py")
    _say("snippet size")
    _run(PYTHON, "infra/build/snippet.py")
    _say("pytest")
    _run(PYTHON, "-m", "pytest", *extra)


def run(extra: list[str]) -> None:
    # `-m infra.local` has to resolve from whatever directory the command is typed in.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "functions"), str(ROOT), os.environ.get("PYTHONPATH")]))
    os.execv(str(PYTHON), [str(PYTHON), "-m", "infra.local", *extra])  # noqa: S606 - replaces this process on purpose


def bench(extra: list[str]) -> None:
    _run(PYTHON, "-m", "infra.bench", *extra)


def leads(extra: list[str]) -> None:
    # This checkout's code, from whatever directory the command is typed in (like `run`).
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "functions"), str(ROOT), os.environ.get("PYTHONPATH")]))
    os.execv(str(PYTHON), [str(PYTHON), "-m", "infra.ops.leads", *extra])  # noqa: S606 - replaces this process on purpose


TASKS = {"run": run, "test": test, "check": check, "bench": bench, "leads": leads}


def main() -> None:
    task = sys.argv[1] if len(sys.argv) > 1 else ""
    if task not in {*TASKS, "setup"}:
        sys.exit(f"usage: python3 infra/dev.py {{{'|'.join(TASKS)}|setup}} [args...]")
    setup()
    if task in {"test", "setup"}:
        setup_tools()
    if task != "setup":
        TASKS[task](sys.argv[2:])


if __name__ == "__main__":
    main()
