"""Crisis triage against the labelled corpus: recall and false-positive rate, per language.

    .venv/bin/python -m infra.measure.crisis [--corpus tests/data/crisis_corpus.jsonl]

Every message of the corpus (hand-written, English and Spanish, one JSON object a line:
`text`, `lang`, `crisis`, `kind`) goes through `reads_like_crisis()`, the same call that sets a
lead's `urgent`. Recall = crisis messages flagged / crisis messages; false-positive rate =
non-crisis messages flagged / non-crisis messages. Misses and false alarms are listed by text (the
corpus is test data, not anyone's message). Exits 1 when a target is not met.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "crisis_corpus.jsonl"
# The targets of issue 11: at least 95% of crisis messages flagged, at most 10% of the rest.
TARGET_RECALL = 0.95
TARGET_FALSE_POSITIVE_RATE = 0.10


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


def measure(examples: Iterable[Example]) -> dict[str, Tally]:
    """Tallies per language and for `all`, each message judged by the production triage."""
    _this_checkout_first()
    from leadcapture.intake.domain.triage import reads_like_crisis

    tallies: dict[str, Tally] = {}
    for example in examples:
        flagged = reads_like_crisis(example.text)
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
            for name, t in tallies.items()
        ),
        f"targets: recall >= {TARGET_RECALL:.0%}, FP rate <= {TARGET_FALSE_POSITIVE_RATE:.0%}",
    ]
    overall = tallies["all"]
    lines += ["", f"missed ({len(overall.missed)}):", *(f"  [{e.lang} {e.kind}] {e.text}" for e in overall.missed)]
    lines += ["", f"false alarms ({len(overall.alarmed)}):", *(f"  [{e.lang} {e.kind}] {e.text}" for e in overall.alarmed)]
    return "\n".join(lines)


def _this_checkout_first() -> None:
    # Judge this checkout's triage, not another clone's that an editable install may point to.
    functions = str(ROOT / "functions")
    if functions not in sys.path[:1]:
        sys.path.insert(0, functions)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    tallies = measure(load(args.corpus))
    shown = args.corpus.relative_to(ROOT) if args.corpus.resolve().is_relative_to(ROOT) else args.corpus
    print(f"{shown}: {tallies['all'].crisis + tallies['all'].other} messages")
    print(report(tallies))
    return 0 if meets_targets(tallies["all"]) else 1


if __name__ == "__main__":
    sys.exit(main())
