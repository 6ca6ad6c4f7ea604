"""The template as CloudFormation sees it: transformed offline by the pinned SAM translator.

The deploy tools live in .venv-tools/ (infra/requirements-tools.txt, created by
`python3 infra/dev.py setup`), away from the project's own dependencies. Off CI a missing tools
venv skips these tests; in CI (CI=true) it is a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"
TOOLS_BIN = Path(os.environ.get("LEADCAPTURE_TOOLS_VENV", ROOT / ".venv-tools")) / "bin"


def tool(name: str) -> Path:
    path = TOOLS_BIN / name
    if not path.exists():
        message = f"{path} is missing: run `python3 infra/dev.py setup` to create the deploy tools venv"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    return path


def tools_env() -> dict[str, str]:
    """Offline: a region and no credentials, profile or telemetry."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_DEFAULT_REGION="us-east-1", AWS_REGION="us-east-1", SAM_CLI_TELEMETRY="0")
    return env


@pytest.fixture(scope="session")
def transformed() -> dict[str, Any]:
    result = subprocess.run(
        [str(tool("python")), str(ROOT / "infra" / "sam_transform.py"), str(TEMPLATE)],
        capture_output=True,
        text=True,
        env=tools_env(),
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


@pytest.fixture(scope="session")
def resources(transformed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = transformed["Resources"]
    return found
