"""Crisis triage measured on the tuned set (tests/data/crisis_corpus.jsonl) by the same script the
docs quote (`python -m infra.measure.crisis`): a regression below the targets fails.

The held-out set (tests/data/crisis_heldout_v2.jsonl, written blind) is reported by the script, not
asserted here: a test that failed on it would invite tuning the lists to it, and then it would no
longer be held out. Here the script is only shown to report it apart, to say when it is absent, and
to refuse one that shares a message with the tuned set. Held-out set v1 was measured once and then
moved into the tuned set (docs/reliability.md, "Crisis triage").
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from infra.measure import crisis


def test_the_corpus_is_large_bilingual_and_balanced() -> None:
    examples = crisis.load()
    assert len(examples) >= 500
    assert len({e.text for e in examples}) == len(examples), "a message is in the corpus twice"
    counts = Counter((e.lang, e.crisis) for e in examples)
    for lang in ("en", "es"):
        assert counts[(lang, True)] >= 100 and counts[(lang, False)] >= 80, counts


def test_the_corpus_holds_the_families_of_someone_elses_crisis_slang_and_plans() -> None:
    # Someone else's crisis, slang, misspellings, plans and preparations, and the hard negatives.
    counts = Counter((e.lang, e.kind, e.crisis) for e in crisis.load())
    for lang in ("en", "es"):
        for kind in ("third_person", "slang", "misspelling", "plan_or_preparation"):
            assert counts[(lang, kind, True)] >= 5, (lang, kind, counts[(lang, kind, True)])
        for kind in ("figure_of_speech", "grief", "past_history"):
            assert counts[(lang, kind, False)] >= 5, (lang, kind, counts[(lang, kind, False)])


def test_recall_and_false_positive_rate_meet_the_targets_in_each_language() -> None:
    tallies = crisis.measure(crisis.load())
    assert set(tallies) == {"en", "es", "all"}
    for name, tally in tallies.items():
        assert tally.recall >= crisis.TARGET_RECALL, (name, tally.recall, [e.text for e in tally.missed])
        alarmed = [e.text for e in tally.alarmed]
        assert tally.false_positive_rate <= crisis.TARGET_FALSE_POSITIVE_RATE, (name, tally.false_positive_rate, alarmed)


def _write(path: Path, *lines: tuple[str, bool]) -> Path:
    path.write_text("".join(json.dumps({"text": t, "lang": "en", "crisis": c, "kind": "test"}) + "\n" for t, c in lines), encoding="utf-8")
    return path


def test_the_script_exits_non_zero_below_target(tmp_path: Path) -> None:
    corpus = _write(tmp_path / "corpus.jsonl", ("sunny day, feeling fine", True))
    assert crisis.main(["--corpus", str(corpus), "--heldout", str(tmp_path / "absent.jsonl")]) == 1


def test_without_a_held_out_set_the_script_says_so_and_judges_the_tuned_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _write(tmp_path / "corpus.jsonl", ("I want to die", True), ("sunny day", False))
    assert crisis.main(["--corpus", str(corpus), "--heldout", str(tmp_path / "absent.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "tuned set" in out
    assert "absent.jsonl is absent" in out


def test_the_held_out_set_is_reported_apart_with_its_origin_and_judged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _write(tmp_path / "corpus.jsonl", ("I want to die", True), ("sunny day", False))
    heldout = _write(tmp_path / "heldout.jsonl", ("some crisis nobody wrote down", True), ("a calm day", False))
    (tmp_path / "heldout.md").write_text("Written blind by someone else.\n", encoding="utf-8")
    assert crisis.main(["--corpus", str(corpus), "--heldout", str(heldout)]) == 1  # its miss counts
    out = capsys.readouterr().out
    assert out.index("tuned set") < out.index("held-out set")
    assert "heldout.md" in out
    assert "some crisis nobody wrote down" in out.split("held-out set")[1]


def test_a_held_out_set_without_its_origin_note_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _write(tmp_path / "corpus.jsonl", ("I want to die", True), ("sunny day", False))
    heldout = _write(tmp_path / "heldout.jsonl", ("I want to die", True), ("a calm day", False))
    assert crisis.main(["--corpus", str(corpus), "--heldout", str(heldout)]) == 1
    assert "MISSING" in capsys.readouterr().out


def test_each_set_is_judged_at_both_stages_and_the_second_never_flags_fewer(capsys: pytest.CaptureFixture[str]) -> None:
    assert crisis.main(["--heldout", "/nonexistent/absent.jsonl"]) == 0  # the tuned set meets the targets at both stages
    out = capsys.readouterr().out
    assert out.index(crisis.STAGES["answer"]) < out.index(crisis.STAGES["urgent"])
    examples = crisis.load()
    answer, urgent = crisis.flagger("answer"), crisis.flagger("urgent")
    assert all(urgent(e.text) for e in examples if answer(e.text))
    tallies = crisis.measure(examples, "urgent")
    assert all(crisis.meets_targets(t) for t in tallies.values()), {k: (t.recall, t.false_positive_rate) for k, t in tallies.items()}


def test_a_held_out_set_sharing_a_message_with_a_training_set_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _write(tmp_path / "corpus.jsonl", ("I want to die", True), ("sunny day", False))
    trained = json.loads(crisis.TRAINING[0].read_text(encoding="utf-8").splitlines()[0])
    heldout = _write(tmp_path / "heldout.jsonl", (trained["text"], trained["crisis"]), ("a calm day", False))
    (tmp_path / "heldout.md").write_text("Written blind by someone else.\n", encoding="utf-8")
    assert crisis.main(["--corpus", str(corpus), "--heldout", str(heldout)]) == 1
    assert "NOT held out" in capsys.readouterr().out


def test_the_held_out_set_is_v2_and_v1_is_tuning_material_now() -> None:
    assert crisis.HELDOUT.name == "crisis_heldout_v2.jsonl"
    tuned = {e.text for e in crisis.load()}
    # Two of v1's lines, which moved into the tuned set on 2026-12-07.
    assert "I bought a gun on Saturday. It's not for protection." in tuned
    assert "Conseguí un arma. No es para defenderme." in tuned


def test_a_held_out_set_sharing_a_message_with_the_tuned_set_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _write(tmp_path / "corpus.jsonl", ("I want to die", True), ("sunny day", False))
    heldout = _write(tmp_path / "heldout.jsonl", ("I want to die", True), ("a calm day", False))
    (tmp_path / "heldout.md").write_text("Written blind by someone else.\n", encoding="utf-8")
    assert crisis.main(["--corpus", str(corpus), "--heldout", str(heldout)]) == 1
    assert "NOT held out" in capsys.readouterr().out
