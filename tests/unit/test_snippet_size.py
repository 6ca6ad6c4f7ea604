"""The drop-in snippet stays under its budget, and the measurement sees a change in size."""

from __future__ import annotations

from pathlib import Path

from infra.build import snippet


def test_the_snippet_is_under_10_kb() -> None:
    size = snippet.measure()
    assert size.within_budget, size
    assert 0 < size.gzip < size.raw


def test_an_oversized_snippet_is_over_budget(tmp_path: Path) -> None:
    big = tmp_path / "form.js"
    big.write_bytes(snippet.SNIPPET.read_bytes() + b"/*" + b"x" * snippet.BUDGET_BYTES + b"*/")
    assert not snippet.measure(big).within_budget
