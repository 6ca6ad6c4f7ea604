"""Crisis recognition's second stage: train it, judge it on the probe batches, and save its weights.

    .venv/bin/python -m infra.measure.crisis_model                    # judge on the probe batches only
    .venv/bin/python -m infra.measure.crisis_model --save             # ... and write the shipped weights
    .venv/bin/python -m infra.measure.crisis_model --save --train-on more.jsonl other.jsonl

`--save` trains on the tuned set (`tests/data/crisis_corpus.jsonl`) plus every `--train-on` file
(JSON lines as the tuned set: `text`, `lang` en or es, `crisis`, `kind`) and writes
`functions/leadcapture/notify/domain/second_look.json`, which the notifier reads (`--out` writes
elsewhere). Commit that file: it is what ships. Never train on a held-out set: its figures would
then say nothing. Runs in seconds.

The model is a bag-of-words logistic regression (folded words, word pairs and 5-letter stems,
binary), trained here by plain stochastic gradient descent in pure Python; its run-time part
(`features`, `SecondLook`) is the notifier's own (`leadcapture.notify.domain.second_look`), so
training and serving cannot drift apart. Its threshold is chosen on the training data alone,
out-of-fold: the lowest at which lists-or-model keep false alarms on the training data's calm
messages at most 3%, the lists being today's `reads_like_crisis`. Weights below 0.02 in size are
dropped. The model can only add flags, never clear one.

The judging answers: on fresh probe batches, would such a model flag crises the phrase lists missed,
without breaking the 5% false-alarm budget? The protocol is the honest one: each probe batch is
judged by the lists as they were *before* they saw it (the commit named below) and by a model
trained on the training data *without* that batch or any later one, its threshold chosen as above
on that training data with those lists. The probe batches are the first 120 lines of
tests/data/crisis_corpus.jsonl that the commits named here appended (`git show <commit>`; the few
exemplar lines after them, written for the patterns, are not part of a batch), so the figures can
be re-derived from history.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

from infra.measure.crisis import CORPUS, ROOT, Example, load
from leadcapture.notify.domain.second_look import WEIGHTS, SecondLook, features

# (name, commit that appended the batch to the tuned set, its first N added lines, commit whose lists had not seen it)
BATCHES = (
    ("probe batch 1", "d5fe95e", 120, "a5ff885"),
    ("probe batch 2", "f4c92b3", 120, "d5fe95e"),
)
TRAINING_FALSE_ALARMS = 0.03  # the combination's out-of-fold false-alarm rate on the training set
PRUNE_BELOW = 0.02  # weights smaller than this are left out of the saved file


def train(examples: Sequence[Example], epochs: int = 40, rate: float = 0.2, l2: float = 1e-4, seed: int = 7) -> SecondLook:
    """Plain stochastic gradient descent on the log loss, classes weighted to balance (threshold 0.5 until chosen)."""
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
    return SecondLook(bias, weights, 0.5)


def to_json(model: SecondLook, trained_on: dict[str, object]) -> str:
    """The weights file the notifier reads: small weights pruned, rounded, sorted (a stable diff)."""
    kept = {f: round(w, 4) for f, w in sorted(model.weights.items()) if abs(w) >= PRUNE_BELOW}
    data = {"bias": round(model.bias, 4), "threshold": model.threshold, "trained_on": trained_on, "weights": kept}
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n"


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


def judge(name: str, batch: Sequence[Example], training: Sequence[Example], lists_commit: str, say: Callable[[str], None]) -> None:
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


def lists_now(texts: Sequence[str]) -> list[bool]:
    """Today's `reads_like_crisis`, the first stage the shipped model stands behind."""
    from leadcapture.intake.domain.triage import reads_like_crisis

    return [reads_like_crisis(text) for text in texts]


def fit(training: Sequence[Example], say: Callable[[str], None]) -> SecondLook:
    """The model to ship: trained on all of `training`, its threshold chosen out-of-fold on it."""
    threshold = threshold_for(training, lists_now([e.text for e in training]), out_of_fold(training))
    model = train(training)
    say(f"== saved model: trained on {len(training)} messages; threshold {threshold:.2f} (out-of-fold on them)")
    return SecondLook(model.bias, model.weights, threshold)


def trained_on(corpus: Sequence[Example], extra: Sequence[tuple[Path, list[Example]]], on: date) -> dict[str, object]:
    everything = [*corpus, *(e for _, examples in extra for e in examples)]
    return {
        "date": on.isoformat(),
        "files": {_shown(path): len(examples) for path, examples in [(CORPUS, list(corpus)), *extra]},
        "messages": len(everything),
        "crisis": sum(e.crisis for e in everything),
        "other": sum(not e.crisis for e in everything),
        **{f"lang_{lang}": sum(e.lang == lang for e in everything) for lang in sorted({e.lang for e in everything})},
    }


def _shown(path: Path) -> str:
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT) if resolved.is_relative_to(ROOT) else path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--train-on", nargs="+", type=Path, default=[], metavar="FILE", help="more training files (JSON lines as the tuned set)"
    )
    parser.add_argument("--save", action="store_true", help=f"write the model trained on everything to {_shown(WEIGHTS)} (or --out)")
    parser.add_argument("--out", type=Path, default=WEIGHTS, help="where --save writes (default: the notifier's weights)")
    args = parser.parse_args(argv)
    corpus = load(CORPUS)
    extra = [(path, load(path)) for path in args.train_on]
    everything = [*corpus, *(e for _, examples in extra for e in examples)]
    later: set[str] = set()
    for name, added, count, lists_commit in reversed(BATCHES):
        batch = [e for e in added_by(added, count) if e.text in {c.text for c in corpus}]
        later |= {e.text for e in batch}
        training = [e for e in everything if e.text not in later]
        judge(name, batch, training, lists_commit, print)
    if args.save:
        model = fit(everything, print)
        args.out.write_text(to_json(model, trained_on(corpus, extra, datetime.now(UTC).date())), encoding="utf-8")
        kept = sum(1 for w in model.weights.values() if abs(w) >= PRUNE_BELOW)
        print(f"wrote {_shown(args.out)}: {kept} of {len(model.weights)} features, {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
