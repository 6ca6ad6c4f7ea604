"""infra/build/sam_transform.py without an argument transforms the repository's template.yaml."""

from __future__ import annotations

import json
import subprocess

from tests.template.conftest import ROOT, tool, tools_env


def test_without_an_argument_it_reads_the_repository_template() -> None:
    result = subprocess.run(
        [str(tool("python")), str(ROOT / "infra" / "build" / "sam_transform.py")],
        capture_output=True,
        text=True,
        env=tools_env(),
        cwd=ROOT / "infra",  # not the root: the script must find template.yaml from its own path
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "NotifyFunction" in json.loads(result.stdout)["Resources"]
