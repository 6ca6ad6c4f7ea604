"""The header-injection corpus again, under CPython 3.13 (the Lambda runtime's Python).

CPython 3.11.7 / 3.12.1 (this machine's and CI's) and 3.13 fold headers differently
(CVE-2024-6923 is fixed in 3.13), so the corpus must pass under both. It runs in a subprocess
with `.venv-313/bin/python`, which `.ci/run` creates when a python3.13 is on PATH or in pyenv.
Off CI a missing venv skips this test; in CI it fails when a python3.13 exists but the venv does not.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.integration.test_header_injection import INJECTIONS, TEXT_FIELDS

ROOT = Path(__file__).resolve().parents[2]
PYTHON_313 = ROOT / ".venv-313" / "bin" / "python"
CORPUS = "tests/integration/test_header_injection.py"


def python313_exists() -> bool:
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    return shutil.which("python3.13") is not None or any(pyenv.glob("3.13*/bin/python3.13"))


@pytest.mark.py313
@pytest.mark.slow
def test_the_header_injection_corpus_passes_under_python_313() -> None:
    if not PYTHON_313.exists():
        message = f"{PYTHON_313} is missing: .ci/run creates it (python3.13 -m venv .venv-313; pip install -e '.[dev]')"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"} and python313_exists():
            pytest.fail(message)
        pytest.skip(message)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "functions"), str(ROOT)])}
    version = subprocess.run(
        [str(PYTHON_313), "-c", "import sys; print(*sys.version_info[:2])"], capture_output=True, text=True, check=True
    )
    assert version.stdout.split() == ["3", "13"]
    result = subprocess.run(
        [str(PYTHON_313), "-m", "pytest", CORPUS, "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-2000:]
    assert result.returncode == 0, summary
    passed = re.search(r"(\d+) passed", summary)
    assert passed is not None and int(passed.group(1)) >= len(INJECTIONS) * len(TEXT_FIELDS), summary
    assert "skipped" not in summary, summary
