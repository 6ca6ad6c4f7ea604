"""The fast loop: `python3 infra/dev.py check` and the pre-commit hook that runs it."""

from __future__ import annotations

from pathlib import Path

import yaml
from infra import dev

ROOT = Path(__file__).resolve().parents[2]


def test_check_is_a_task_and_runs_the_static_checks_and_the_fast_suites() -> None:
    assert dev.TASKS["check"] is dev.check
    source = (ROOT / "infra" / "dev.py").read_text(encoding="utf-8")
    body = source[source.index("def check(") : source.index("def test(")]
    assert "_static()" in body and '"not slow"' in body and '"tests/domain", "tests/unit"' in body


def test_the_pre_commit_hook_runs_the_fast_loop_once_per_commit() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert hook["entry"] == "python3 infra/dev.py check"
    assert hook["pass_filenames"] is False and hook["always_run"] is True
