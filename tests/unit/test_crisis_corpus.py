"""Crisis triage measured on the labelled corpus (tests/data/crisis_corpus.jsonl) by the same
script the docs quote (`python -m infra.measure.crisis`): a regression below the targets fails."""

from __future__ import annotations

from collections import Counter

from infra.measure import crisis


def test_the_corpus_is_large_bilingual_and_balanced() -> None:
    examples = crisis.load()
    assert len(examples) >= 200
    assert len({e.text for e in examples}) == len(examples), "a message is in the corpus twice"
    counts = Counter((e.lang, e.crisis) for e in examples)
    for lang in ("en", "es"):
        assert counts[(lang, True)] >= 40 and counts[(lang, False)] >= 40, counts


def test_recall_and_false_positive_rate_meet_the_targets_in_each_language() -> None:
    tallies = crisis.measure(crisis.load())
    assert set(tallies) == {"en", "es", "all"}
    for name, tally in tallies.items():
        assert tally.recall >= crisis.TARGET_RECALL, (name, tally.recall, [e.text for e in tally.missed])
        alarmed = [e.text for e in tally.alarmed]
        assert tally.false_positive_rate <= crisis.TARGET_FALSE_POSITIVE_RATE, (name, tally.false_positive_rate, alarmed)


def test_the_script_exits_non_zero_below_target(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"text": "sunny day, feeling fine", "lang": "en", "crisis": true, "kind": "mislabelled"}\n', encoding="utf-8")
    assert crisis.main(["--corpus", str(corpus)]) == 1
