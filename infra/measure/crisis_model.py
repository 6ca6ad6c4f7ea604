"""A second stage for crisis triage, prototyped here and not wired into the functions.

    .venv/bin/python -m infra.measure.crisis_model [--save weights.json]

A bag-of-words logistic regression (folded words, word pairs and 5-letter stems, binary) trained on
the tuned set in pure Python: its weights are a small JSON object and scoring a message is a dict
look-up per feature, so it would need no numpy and no model library at run time. The question it
answers: on the fresh probe batches, would such a model flag crises the phrase lists missed,
without breaking the 5% false-alarm budget?

The protocol is the honest one: each probe batch is judged by the lists as they were *before* they
saw it (the commit named below) and by a model trained on the tuned set *without* that batch or
any later one. The combination flags a message when the lists do or the model's probability is at
least a threshold chosen on the training set alone (out-of-fold, so that the combination's false
alarms there stay at most 3%). The model can only add flags, never clear one.

The probe batches are the first 120 lines of tests/data/crisis_corpus.jsonl that the commits named
here appended (`git show <commit>`; the few exemplar lines after them, written for the patterns,
are not part of a batch), so the figures can be re-derived from history.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from infra.measure.crisis import CORPUS, ROOT, Example, load

# (name, commit that appended the batch to the tuned set, its first N added lines, commit whose lists had not seen it)
BATCHES = (
    ("probe batch 1", "d5fe95e", 120, "a5ff885"),
    ("probe batch 2", "f4c92b3", 120, "d5fe95e"),
)
TRAINING_FALSE_ALARMS = 0.03  # the combination's out-of-fold false-alarm rate on the training set


def fold(text: str) -> str:
    from leadcapture.intake.domain.triage import fold as triage_fold

    return triage_fold(text)


def features(text: str) -> set[str]:
    """Folded words, adjacent word pairs and 5-letter stems (so want/wants/wanted share one)."""
    words = fold(text).split()
    found = {f"w:{w}" for w in words}
    found |= {f"s:{w[:5]}" for w in words if len(w) > 5}
    found |= {f"b:{a}_{b}" for a, b in itertools.pairwise(words)}
    return found


@dataclass
class Model:
    bias: float
    weights: dict[str, float]

    def probability(self, text: str) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features(text))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> str:
        kept = {f: round(w, 4) for f, w in sorted(self.weights.items()) if abs(w) >= 0.01}
        return json.dumps({"bias": round(self.bias, 4), "weights": kept}, separators=(",", ":"))


def train(examples: Sequence[Example], epochs: int = 40, rate: float = 0.2, l2: float = 1e-4, seed: int = 7) -> Model:
    """Plain stochastic gradient descent on the log loss, classes weighted to balance."""
    rows = [(features(e.text), 1.0 if e.crisis else 0.0) for e in examples]
    positives = sum(y for _, y in rows)
    weight_of = {1.0: len(rows) / (2 * positives), 0.0: len(rows) / (2 * (len(rows) - positives))}
    weights: dict[str, float] = {}
    bias = 0.0
    order = list(range(len(rows)))
    rng = random.Random(seed)  # noqa: S311 - shuffles training order, nothing secret
    for epoch in range(epochs):
        rng.shuffle(order)
        step = rate / (1 + epoch * 0.1)
        for i in order:
            found, y = rows[i]
            z = bias + sum(weights.get(f, 0.0) for f in found)
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - y) * weight_of[y]
            bias -= step * g
            for f in found:
                w = weights.get(f, 0.0)
                weights[f] = w - step * (g + l2 * w)
    return Model(bias, weights)


def out_of_fold(examples: Sequence[Example], folds: int = 5) -> list[float]:
    probabilities = [0.0] * len(examples)
    for k in range(folds):
        held = [i for i in range(len(examples)) if i % folds == k]
        model = train([e for i, e in enumerate(examples) if i % folds != k])
        for i in held:
            probabilities[i] = model.probability(examples[i].text)
    return probabilities


def threshold_for(examples: Sequence[Example], lists_flag: Sequence[bool], probabilities: Sequence[float]) -> float:
    """The lowest threshold at which lists-or-model keeps training false alarms within the budget."""
    others = [i for i, e in enumerate(examples) if not e.crisis]
    for threshold in [t / 100 for t in range(50, 100)]:
        alarms = sum(1 for i in others if lists_flag[i] or probabilities[i] >= threshold)
        if alarms / len(others) <= TRAINING_FALSE_ALARMS:
            return threshold
    return 1.0


def lists_at(commit: str, texts: Sequence[str]) -> list[bool]:
    """`reads_like_crisis` of the phrase lists as they were at a commit, in a fresh interpreter."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "functions"], check=True, capture_output=True).stdout
    with tempfile.TemporaryDirectory() as scratch:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(scratch, filter="data")
        code = (
            "import json, sys\nfrom leadcapture.intake.domain.triage import reads_like_crisis\n"
            "print(json.dumps([reads_like_crisis(t) for t in json.load(sys.stdin)]))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code],
            input=json.dumps(list(texts)),
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONPATH": str(Path(scratch) / "functions"), "PATH": "/usr/bin:/bin"},
        )
    flags: list[bool] = json.loads(done.stdout)
    return flags


def added_by(commit: str, count: int) -> list[Example]:
    """The first `count` corpus lines a commit appended: a probe batch."""
    diff = subprocess.run(
        ["git", "-C", str(ROOT), "show", "--format=", "--unified=0", commit, "--", "tests/data/crisis_corpus.jsonl"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = [json.loads(line[1:]) for line in diff.splitlines() if line.startswith("+{")][:count]
    return [Example(r["text"], r["lang"], r["crisis"], r.get("kind", "")) for r in rows]


def rates(examples: Sequence[Example], flagged: Iterable[bool]) -> str:
    pairs = list(zip(examples, flagged, strict=True))
    crisis = [f for e, f in pairs if e.crisis]
    other = [f for e, f in pairs if not e.crisis]
    return (
        f"recall {sum(crisis)}/{len(crisis)} ({sum(crisis) / len(crisis):.1%}), "
        f"false alarms {sum(other)}/{len(other)} ({sum(other) / len(other):.1%})"
    )


def judge(name: str, batch: Sequence[Example], training: Sequence[Example], lists_commit: str, say: Callable[[str], None]) -> Model:
    lists_train = lists_at(lists_commit, [e.text for e in training])
    threshold = threshold_for(training, lists_train, out_of_fold(training))
    model = train(training)
    probabilities = [model.probability(e.text) for e in batch]
    lists = lists_at(lists_commit, [e.text for e in batch])
    model_flags = [p >= threshold for p in probabilities]
    say(f"== {name}: {len(batch)} messages; trained on {len(training)} without it; lists at {lists_commit}; threshold {threshold:.2f}")
    say(f"  lists alone:          {rates(batch, lists)}")
    say(f"  model alone:          {rates(batch, model_flags)}")
    say(f"  lists or model:       {rates(batch, [a or b for a, b in zip(lists, model_flags, strict=True)])}")
    for t in (0.5, 0.7, 0.9):
        say(f"  lists or model >= {t}: {rates(batch, [a or p >= t for a, p in zip(lists, probabilities, strict=True)])}")
    return model


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", type=Path, help="write the model trained on the whole tuned set here (JSON)")
    args = parser.parse_args(argv)
    corpus = load(CORPUS)
    later: set[str] = set()
    for name, added, count, lists_commit in reversed(BATCHES):
        batch = [e for e in added_by(added, count) if e.text in {c.text for c in corpus}]
        later |= {e.text for e in batch}
        training = [e for e in corpus if e.text not in later]
        judge(name, batch, training, lists_commit, print)
    if args.save:
        model = train(corpus)
        args.save.write_text(model.to_json(), encoding="utf-8")
        print(f"model on the whole tuned set: {len(model.weights)} features, {args.save.stat().st_size:,} bytes as JSON")
    return 0


if __name__ == "__main__":
    sys.exit(main())
