"""The final check, after every other test of the run: no submitted value in anything any test logged.

It reads what tests/personal_data.py collected during this run: the personal values of every body
sent through the event factory and the local-stack client, every test's captured stdout, stderr
and log records (Powertools' JSON lines and EMF metrics included), the console of every local
stack started, and every text message (urgent page) sent through moto or a local stack. The whole
text is also written to test-output/captured-logs.txt for people to read.

tests/conftest.py moves it to the end of every run (marker `final`). It fails, never skips, when it
cannot search the whole run (pytest -n, a run that submitted nothing); it skips only when selected
alone (`personal_data.final_check_refusal`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import personal_data

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.final
def test_no_submitted_value_appears_in_any_captured_output() -> None:
    run = personal_data.session
    refusal = personal_data.final_check_refusal(
        others_selected=run.others_selected, xdist_worker=run.xdist_worker, submitted=len(personal_data.submitted)
    )
    if refusal is not None:
        verdict, reason = refusal
        if verdict == "skip":
            pytest.skip(f"the no-personal-data check: {reason}")
        pytest.fail(f"the no-personal-data check: {reason}")
    text = "\n".join([*personal_data.captured, *(console() for console in personal_data.consoles)])
    output = ROOT / "test-output"
    output.mkdir(exist_ok=True)
    (output / "captured-logs.txt").write_text(text, encoding="utf-8")
    assert "lead captured" in text, "the captured output does not hold the handlers' log lines"
    lowered = text.casefold()
    leaked = sorted(value for value in personal_data.submitted if value.casefold() in lowered)
    assert leaked == [], f"{len(leaked)} submitted values found in captured output (see test-output/captured-logs.txt)"
