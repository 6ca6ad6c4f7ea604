"""Schemathesis against the local stack's own OpenAPI document: over 1,000 generated requests, 0 5xx.

Runs the schemathesis CLI (coverage and fuzzing phases, positive and negative data) with a fixed
seed against a stack of its own, so the thousand leads it stores do not slow the other tests.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.e2e.conftest import start_stack, stop_stack

SEED = "20261128"
EXAMPLES = "1000"


def test_generated_requests_never_get_a_server_error(output_dir: Path) -> None:
    stack = start_stack("--port", "0")
    try:
        result = subprocess.run(
            [
                str(Path(sys.executable).with_name("schemathesis")),
                "run",
                f"{stack.url}/openapi.json",
                "--url",
                stack.url,
                "--checks",
                "not_a_server_error",
                "--mode",
                "all",
                "--max-examples",
                EXAMPLES,
                "--seed",
                SEED,
                "--workers",
                "1",
                "--request-timeout",
                "30",
                "--report",
                "junit",
                "--report-dir",
                str(output_dir / "schemathesis"),
            ],
            capture_output=True,
            text=True,
            timeout=480,
            check=False,
        )
    finally:
        assert stop_stack(stack) == 0, stack.console()
    (output_dir / "schemathesis.txt").write_text(result.stdout + result.stderr)
    assert result.returncode == 0, result.stdout[-4000:]
    generated = re.search(r"(\d+) generated", result.stdout)
    assert generated is not None, result.stdout[-2000:]
    assert int(generated.group(1)) >= 1000
    assert "Server error" not in result.stdout
