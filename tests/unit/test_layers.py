"""The import contracts (pyproject.toml [tool.importlinter]) hold, and a broken import breaks them.

Each case copies the package to a temporary folder, adds one import that the rules forbid, and
runs `lint-imports` on the copy the way `infra/dev.py test` runs it on the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CONTRACTS = {c["id"]: c["name"] for c in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]}


def lint_imports(root: Path) -> tuple[int, set[str], str]:
    """Exit code, names of the broken contracts, and the whole report."""
    env = {**os.environ, "PYTHONPATH": str(root / "functions")}
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    broken = {name for name in CONTRACTS.values() if f"{name} BROKEN" in result.stdout}
    return result.returncode, broken, result.stdout + result.stderr


def test_the_package_keeps_every_contract() -> None:
    code, broken, report = lint_imports(ROOT)
    assert code == 0, report
    assert broken == set()
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in report


# Each line is one the contracts exist to refuse; a layer break may break others too (an adapter
# reached from the domain brings boto3 with it), so only the named contract is required.
@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("domain/capture.py", "import boto3", "domain-pure"),
        ("domain/consultation.py", "from botocore.exceptions import ClientError", "domain-pure"),
        ("domain/ports.py", "from aws_lambda_powertools.event_handler import Response", "domain-pure"),
        ("domain/coordinator_email.py", "import mypy_boto3_sesv2", "domain-pure"),
        ("domain/capture.py", "from ..adapters.leads_table import LeadStore", "layers"),
        ("domain/triage.py", "from ..observability import logger", "layers"),
        ("settings.py", "from .domain import errors", "layers"),
        ("domain/errors.py", "from .capture import capture", "acyclic"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(tmp_path: Path, module: str, line: str, contract: str) -> None:
    package = tmp_path / "functions" / "leadcapture"
    shutil.copytree(ROOT / "functions" / "leadcapture", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = package / module
    target.write_text(target.read_text() + f"\n{line}  # the deliberate break\n")

    code, broken, report = lint_imports(tmp_path)

    assert code != 0, report
    assert CONTRACTS[contract] in broken, report
    if contract == "domain-pure":
        # An outside import alone: the layers and the cycle check have nothing to say about it.
        assert broken == {CONTRACTS[contract]}, report
