"""Schemathesis against the local stack's own OpenAPI document: over 1,000 generated requests, 0 5xx.

Every other request carries a charset parameter (tests/e2e/schemathesis_hooks.py), odd ones included.

Runs the schemathesis CLI (coverage and fuzzing phases, positive and negative data) with a fixed
seed against a stack of its own, so the thousand leads it stores do not slow the other tests.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.e2e.conftest import start_stack, stop_stack

SEED = "20261128"
EXAMPLES = "1000"


ROOT = Path(__file__).resolve().parents[2]


def test_generated_requests_never_get_a_server_error(output_dir: Path) -> None:
    charset_log = output_dir / "schemathesis-charsets.txt"
    charset_log.unlink(missing_ok=True)
    # tests/e2e/schemathesis_hooks.py puts a charset parameter on every other request.
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.e2e.schemathesis_hooks",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "LEADCAPTURE_CHARSET_LOG": str(charset_log),
    }
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
            env=env,
        )
    finally:
        assert stop_stack(stack) == 0, stack.console()
    (output_dir / "schemathesis.txt").write_text(result.stdout + result.stderr)
    assert result.returncode == 0, result.stdout[-4000:]
    generated = re.search(r"(\d+) generated", result.stdout)
    assert generated is not None, result.stdout[-2000:]
    assert int(generated.group(1)) >= 1000
    assert "Server error" not in result.stdout
    sent = [line.split() for line in charset_log.read_text().splitlines()]
    from tests.e2e.schemathesis_hooks import CHARSETS

    assert {int(index) for index, _ in sent} == set(range(len(CHARSETS))), "every charset label was sent"
    assert all(int(status) < 500 for _, status in sent)
