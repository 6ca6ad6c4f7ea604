"""The final no-personal-data check runs last whatever the folders are called, and fails (never
skips) when it cannot search the whole run: under pytest -n, or when nothing was submitted. It may
skip only when selected alone. Real pytest runs of this repository's tests, through pytester."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.personal_data import final_check_refusal

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
FINAL = str(ROOT / "tests" / "final")
SUBMITS = str(ROOT / "tests" / "integration" / "test_pipeline_smoke.py")
SUBMITS_NOTHING = str(ROOT / "tests" / "unit" / "test_infra_paths.py")


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT), *args)


@pytest.mark.parametrize(
    ("others", "xdist", "submitted", "verdict"),
    [
        (None, False, 9, "fail"),  # the collection hook never ran
        (0, False, 0, "skip"),  # selected alone
        (0, True, 0, "fail"),  # -n wins over alone
        (40, True, 900, "fail"),  # a full run under -n
        (40, False, 0, "fail"),  # other tests ran, none submitted
        (40, False, 900, None),  # a run it can search
    ],
)
def test_the_rule(others: int | None, xdist: bool, submitted: int, verdict: str | None) -> None:
    refusal = final_check_refusal(others_selected=others, xdist_worker=xdist, submitted=submitted)
    assert (refusal[0] if refusal else None) == verdict


@pytest.mark.slow
def test_it_runs_last_even_when_named_first(pytester: pytest.Pytester) -> None:
    result = run(pytester, "-v", FINAL, SUBMITS)
    result.assert_outcomes(passed=2)
    ran = [line for line in result.outlines if " PASSED" in line]
    assert "tests/final/" in ran[-1], ran


@pytest.mark.slow
def test_under_xdist_it_fails_and_says_to_run_without_n(pytester: pytest.Pytester) -> None:
    result = run(pytester, "-n", "2", SUBMITS, FINAL)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*Failed: the no-personal-data check: under pytest-xdist*run the suites without -n*"])


@pytest.mark.slow
def test_a_run_that_submitted_nothing_fails_it(pytester: pytest.Pytester) -> None:
    result = run(pytester, SUBMITS_NOTHING, FINAL)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*Failed: the no-personal-data check: 1 other test(s) ran but submitted no personal value*"])


@pytest.mark.slow
def test_selected_alone_it_skips_with_its_reason(pytester: pytest.Pytester) -> None:
    result = run(pytester, "-rs", FINAL)
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*selected alone*"])
