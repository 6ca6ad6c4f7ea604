"""The one list of run-time pins: read from the repository's pyproject.toml wherever the script lives."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from infra.build import runtime_requirements

ROOT = Path(__file__).resolve().parents[2]


def test_requirements_are_the_pinned_project_dependencies() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        expected = tomllib.load(handle)["project"]["dependencies"]
    assert runtime_requirements.requirements() == expected
    assert all("==" in pin for pin in expected)


def test_script_prints_one_pin_per_line_from_any_directory(tmp_path: Path) -> None:
    script = ROOT / "infra" / "build" / "runtime_requirements.py"
    result = subprocess.run([sys.executable, str(script)], cwd=str(tmp_path), capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == runtime_requirements.requirements()


def test_the_build_reads_the_repositorys_pyproject() -> None:
    # Found broken while following docs/deploy.md on a clean clone: after the move to infra/build/
    # the default path pointed at infra/pyproject.toml and `sam build` failed.
    assert runtime_requirements.PYPROJECT == ROOT / "pyproject.toml"
    with (ROOT / "pyproject.toml").open("rb") as handle:
        assert runtime_requirements.requirements() == tomllib.load(handle)["project"]["dependencies"]
