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
FEATURES = ("intake", "notify", "delivery", "actions", "followups", "heartbeat", "urgent")
CROSS_FEATURE = [
    # Each feature reaching into the next one's rules: the features meet only in the kernel and the adapters.
    (f"{feature}/handler.py", f"from leadcapture.{other}.domain import __name__ as _other", "features-independent")
    for feature, other in zip(FEATURES, FEATURES[1:] + FEATURES[:1], strict=True)
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("intake/domain/capture.py", "import boto3", "domain-pure"),
        ("kernel/lead.py", "from botocore.exceptions import ClientError", "domain-pure"),
        ("kernel/ports.py", "from aws_lambda_powertools.event_handler import Response", "domain-pure"),
        ("kernel/coordinator_email.py", "import mypy_boto3_sesv2", "domain-pure"),
        ("notify/settings.py", "import boto3", "domain-pure"),
        ("intake/domain/capture.py", "from leadcapture.adapters.leads_table import LeadStore", "domain-pure"),
        ("intake/domain/triage.py", "from leadcapture.observability import logger", "domain-pure"),
        ("kernel/errors.py", "from leadcapture.adapters import aws", "layers"),
        ("adapters/ses.py", "from leadcapture.notify.domain import notification", "layers"),
        ("notify/domain/notification.py", "from leadcapture.notify import wiring", "feature-layers"),
        ("intake/settings.py", "from leadcapture.intake.domain import capture", "feature-layers"),
        ("actions/wiring.py", "from leadcapture.actions import handler", "feature-layers"),
        ("kernel/status.py", "from leadcapture.kernel.lead import Lead", "acyclic"),
        *CROSS_FEATURE,
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
