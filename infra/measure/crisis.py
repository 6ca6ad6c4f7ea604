"""Crisis triage against two labelled sets, reported apart: recall and false-alarm rate, per language.

    .venv/bin/python -m infra.measure.crisis [--corpus tests/data/crisis_corpus.jsonl]
                                             [--heldout tests/data/crisis_heldout_v2.jsonl]

The **tuned set** (`tests/data/crisis_corpus.jsonl`) is the corpus the phrase lists were written
and tuned on: its figures say the lists cover what they were written from, nothing more. Held-out
set v1 (`crisis_heldout.jsonl`, 320 messages) was measured once and then moved into it on
2026-12-07, so it is tuning material now and is not reported as held out. The **held-out set** is
v2 (`tests/data/crisis_heldout_v2.jsonl`), written blind, by someone who had not read the lists,
and never tuned on; its provenance is written down beside it (`tests/data/crisis_heldout_v2.md`,
named in the output). Its figures are the honest estimate of how triage does on phrasings nobody
wrote down. When the held-out file is absent the script says so and judges the tuned set alone; a
held-out message that is also in the tuned set (or a training set) is not held out, and fails the run.

Both are JSON lines (`text`, `lang`, `crisis`, `kind`). Each set is judged at both stages, reported
apart: **the person's answer** (`reads_like_crisis()`, the phrase lists, the call submit answers
with and first sets `urgent` by) and **urgent, paged** (the lists, then the notifier's second look,
`notify/domain/second_look.py`, which may add a flag the lists did not raise, never clear one). The
second look was trained on the tuned set and on training sets A, B and C
(`tests/data/crisis_training.md`), never on the held-out set, so its tuned-set figures are
in-sample and its held-out ones are not. Recall = crisis messages flagged / crisis messages;
false-alarm rate = other messages flagged / other messages. Misses and false alarms are listed by
text (the sets are test data, not anyone's message). Exits 1 when a set that is present misses a
target at either stage, overall or in a language, or the held-out set has no origin note or shares
a message with the tuned set or the training sets.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "crisis_corpus.jsonl"
# v2, written blind after v1 (`crisis_heldout.jsonl`) was spent: measured once, then tuned on.
HELDOUT = ROOT / "tests" / "data" / "crisis_heldout_v2.jsonl"
# What the second look learned from besides the tuned set (tests/data/crisis_training.md): writers A
# and B (crises and hard calm messages), and C (ordinary calm requests, a third of them a few words).
TRAINING = tuple(ROOT / "tests" / "data" / f"crisis_training_{writer}.jsonl" for writer in ("a", "b", "c"))
# The targets, for both sets: at least 95% of crisis messages flagged, at most 5% of the rest.
TARGET_RECALL = 0.95
TARGET_FALSE_POSITIVE_RATE = 0.05


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    lang: str
    crisis: bool
    kind: str


@dataclass(slots=True)
class Tally:
    crisis: int = 0
    caught: int = 0
    other: int = 0
    false_alarms: int = 0
    missed: list[Example] = field(default_factory=list)
    alarmed: list[Example] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.crisis if self.crisis else 1.0

    @property
    def false_positive_rate(self) -> float:
        return self.false_alarms / self.other if self.other else 0.0

    def add(self, example: Example, flagged: bool) -> None:
        if example.crisis:
            self.crisis += 1
            self.caught += flagged
            if not flagged:
                self.missed.append(example)
        else:
            self.other += 1
            self.false_alarms += flagged
            if flagged:
                self.alarmed.append(example)


def load(path: Path = CORPUS) -> list[Example]:
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            data = json.loads(line)
            if not isinstance(data.get("crisis"), bool) or data.get("lang") not in {"en", "es"}:
                raise ValueError(f"{path}:{number}: needs a boolean `crisis` and `lang` en or es")
            examples.append(Example(str(data["text"]), data["lang"], data["crisis"], str(data.get("kind", ""))))
    return examples


# The two stages, each reported on its own: what the person is answered with at once, and what
# marks a lead urgent and pages the on-call (the second look can only add to the first).
STAGES = {
    "answer": "the person's answer: the phrase lists, at submit",
    "urgent": "urgent, paged: the phrase lists, then the second look in the notifier",
}


def flagger(stage: str) -> Callable[[str], bool]:
    """The production call for a stage: `reads_like_crisis`, or it or the shipped second look."""
    _this_checkout_first()
    from leadcapture.intake.domain.triage import reads_like_crisis

    if stage == "answer":
        return reads_like_crisis
    from leadcapture.notify.domain.second_look import load_second_look

    model = load_second_look()
    return lambda text: reads_like_crisis(text) or model.flags(text)


def measure(examples: Iterable[Example], stage: str = "answer") -> dict[str, Tally]:
    """Tallies per language and for `all`, each message judged by the production triage of `stage`."""
    flagged_by = flagger(stage)
    tallies: dict[str, Tally] = {}
    for example in examples:
        flagged = flagged_by(example.text)
        for key in (example.lang, "all"):
            tallies.setdefault(key, Tally()).add(example, flagged)
    return dict(sorted(tallies.items(), key=lambda item: item[0] == "all"))


def meets_targets(tally: Tally) -> bool:
    return tally.recall >= TARGET_RECALL and tally.false_positive_rate <= TARGET_FALSE_POSITIVE_RATE


def report(tallies: dict[str, Tally]) -> str:
    lines = [
        f"{'':4} {'crisis':>6} {'caught':>6} {'recall':>7}   {'others':>6} {'flagged':>7} {'FP rate':>7}",
        *(
            f"{name:4} {t.crisis:6} {t.caught:6} {t.recall:7.1%}   {t.other:6} {t.false_alarms:7} {t.false_positive_rate:7.1%}"
            f"{'' if meets_targets(t) else '   below target'}"
            for name, t in tallies.items()
        ),
        f"targets: recall >= {TARGET_RECALL:.0%}, FP rate <= {TARGET_FALSE_POSITIVE_RATE:.0%}",
    ]
    overall = tallies["all"]
    lines += ["", f"missed ({len(overall.missed)}):", *(f"  [{e.lang} {e.kind}] {e.text}" for e in overall.missed)]
    lines += ["", f"false alarms ({len(overall.alarmed)}):", *(f"  [{e.lang} {e.kind}] {e.text}" for e in overall.alarmed)]
    return "\n".join(lines)


def judge(title: str, path: Path) -> bool:
    """Print one set's figures and listings per stage; whether both meet the targets overall and per language."""
    examples = load(path)
    print(f"== {title}: {_shown(path)}, {len(examples)} messages")
    met = True
    for stage, what in STAGES.items():
        tallies = measure(examples, stage)
        print(f"-- {what}")
        print(report(tallies))
        met = met and all(meets_targets(tally) for tally in tallies.values())
    return met


def _shown(path: Path) -> Path:
    resolved = path.resolve()
    return resolved.relative_to(ROOT) if resolved.is_relative_to(ROOT) else path


def _this_checkout_first() -> None:
    # Judge this checkout's triage, not another clone's that an editable install may point to.
    functions = str(ROOT / "functions")
    if functions not in sys.path[:1]:
        sys.path.insert(0, functions)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the tuned set")
    parser.add_argument("--heldout", type=Path, default=HELDOUT, help="the held-out set, written blind")
    args = parser.parse_args(argv)
    tuned_ok = judge("tuned set (the lists were written and tuned on it)", args.corpus)
    print()
    heldout: Path = args.heldout
    if not heldout.is_file():
        print(f"== held-out set: {_shown(heldout)} is absent, so there is no blind measure here; the tuned set alone is judged.")
        return 0 if tuned_ok else 1
    note = heldout.with_suffix(".md")
    provenance = f"its origin: {_shown(note)}" if note.is_file() else f"its origin note {_shown(note)} is MISSING"
    heldout_ok = judge(f"held-out set (written blind, never tuned on; {provenance})", heldout)
    # A message the lists were tuned on measures nothing blind.
    learned_from = {e.text for path in (args.corpus, *TRAINING) if path.is_file() for e in load(path)}
    shared = [e.text for e in load(heldout) if e.text in learned_from]
    if shared:
        print(f"\n{len(shared)} held-out message(s) are also in the tuned set or the training sets, so this set is NOT held out:")
        print("\n".join(f"  {text}" for text in shared))
    # A held-out set whose origin is not written down cannot vouch for anything.
    return 0 if tuned_ok and heldout_ok and note.is_file() and not shared else 1


if __name__ == "__main__":
    sys.exit(main())
