"""docs/deploy.md "Settings" says what the code reads: each variable, which functions read it, and
whether it is required (from each function's own settings model)."""

from __future__ import annotations

from pathlib import Path

from infra.build.functions import functions

ROOT = Path(__file__).resolve().parents[2]
# Read by every function through Powertools, not by a settings model.
POWERTOOLS = {"POWERTOOLS_TRACE_DISABLED"}


def settings_table() -> dict[str, tuple[set[str], str]]:
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    section = text[text.index("## Settings\n") :]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    table = {}
    for row in rows:
        name, read_by, default, _ = (cell.strip() for cell in row.strip("|").split("|", 3))
        table[name.strip("`")] = ({r.strip() for r in read_by.split(",")}, default)
    return table


def test_every_variable_a_function_reads_is_documented_with_who_reads_it_and_whether_it_is_required() -> None:
    table = settings_table()
    readers: dict[str, set[str]] = {}
    required: set[str] = set()
    for function in functions():
        model = function.settings_model()
        for name in model.variables():
            readers.setdefault(name, set()).add(function.name)
        required |= model.required()
    assert set(table) - POWERTOOLS == set(readers)
    for name, by in readers.items():
        documented_by, default = table[name]
        assert documented_by == by, name
        assert default.startswith("**required**") == (name in required or name == "RATE_LIMIT_TABLE_NAME"), name
