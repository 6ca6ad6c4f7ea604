"""infra/dev.py warns, and keeps going, on a Python without the CVE-2024-6923 fix: once, where it matters (the test command)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from infra.dev import cve_2024_6923_warning

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("version", [(3, 11, 7), (3, 11, 9), (3, 12, 0), (3, 12, 1), (3, 12, 4)])
def test_unpatched_pythons_get_a_warning(version: tuple[int, int, int]) -> None:
    warning = cve_2024_6923_warning(version)
    assert warning is not None and "CVE-2024-6923" in warning and ".".join(map(str, version)) in warning


@pytest.mark.parametrize("version", [(3, 11, 10), (3, 11, 14), (3, 12, 5), (3, 13, 0), (3, 14, 1)])
def test_patched_pythons_do_not(version: tuple[int, int, int]) -> None:
    assert cve_2024_6923_warning(version) is None


def test_any_other_command_answers_in_one_clear_line_without_the_warning() -> None:
    # A missing stack's error (`leads`), a usage error: one line, not a paragraph about this Python first.
    result = subprocess.run([sys.executable, str(ROOT / "infra" / "dev.py"), "nonsense"], capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("usage: python3 infra/dev.py")
    assert "CVE-2024-6923" not in result.stderr


def test_the_test_command_warns_on_this_python_when_it_lacks_the_fix() -> None:
    source = (ROOT / "infra" / "dev.py").read_text(encoding="utf-8")
    test_task = source[source.index("def test(") : source.index("def run(")]
    assert "cve_2024_6923_warning(sys.version_info[:3])" in test_task
