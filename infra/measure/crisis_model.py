"""Crisis recognition's second stage: train it, judge it across writers, and save its weights.

    .venv/bin/python -m infra.measure.crisis_model                    # judge across writers (and the probe batches)
    .venv/bin/python -m infra.measure.crisis_model --save             # ... and write the shipped weights
    .venv/bin/python -m infra.measure.crisis_model --save --train-on more.jsonl other.jsonl

The training data is the tuned set (`tests/data/crisis_corpus.jsonl`) and training sets A, B and C
(`tests/data/crisis_training_{a,b,c}.jsonl`: three writers who had never seen the phrase lists, C
writing only ordinary calm requests; their origin is in `tests/data/crisis_training.md`), plus
every `--train-on` file (JSON lines
as the tuned set: `text`, `lang` en or es, `crisis`, `kind`). `--save` writes
`functions/leadcapture/notify/domain/second_look.json`, which the notifier reads (`--out` writes
elsewhere). Commit that file: it is what ships. Never train on a held-out set: its figures would
then say nothing. Runs in about a minute.

The model is a logistic regression over folded words, word pairs, 5-letter stems and 4-letter
pieces (binary), trained here by plain stochastic gradient descent in pure Python; its run-time
part (`features`, `SecondLook`) is the notifier's own (`leadcapture.notify.domain.second_look`), so
training and serving cannot drift apart. Weights below 0.1 in size are dropped.

**Its threshold is chosen across writers**, never on a held-out set: a model trained on the tuned
set, C and A is judged on B, and one trained on the tuned set, C and B on A; the threshold is the lowest
(0.50 to 0.99) at which the model alone raises at most 5% false alarms on the writer it did not
learn from, on average over the two. Both folds are printed: the lists alone (what answers the
person), the model alone, and lists or model (what marks a lead urgent and pages). The model can
only add flags, never clear one.

The probe batches are judged as before: each by the lists as they were *before* they saw it (the
commit named below) and by a model trained *without* that batch or any later one. They are the
first 120 lines of tests/data/crisis_corpus.jsonl that the commits named here appended (`git show
<commit>`), so the figures can be re-derived from history.
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
from dataclasses import dataclass
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

from infra.measure.crisis import CORPUS, ROOT, TRAINING, Example, load
from leadcapture.notify.domain.second_look import WEIGHTS, SecondLook, features, pack

# (name, commit that appended the batch to the tuned set, its first N added lines, commit whose lists had not seen it)
BATCHES = (
    ("probe batch 1", "d5fe95e", 120, "a5ff885"),
    ("probe batch 2", "f4c92b3", 120, "d5fe95e"),
)
# Written blind to the lists by two writers (tests/data/crisis_training.md): the threshold's folds.
WRITERS = (("writer A", TRAINING[0]), ("writer B", TRAINING[1]))
# Ordinary calm requests only (writer C): in every fold's training, never a fold of its own.
CALM = TRAINING[2]
MODEL_FALSE_ALARMS = 0.05  # the model alone, on the writer it did not learn from (mean of the folds)
PRUNE_BELOW = 0.1  # weights smaller than this are left out of the saved file


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
    """The weights file the notifier reads: small weights pruned, rounded, packed sorted (`second_look.pack`)."""
    kept = {f: round(w, 4) for f, w in model.weights.items() if abs(w) >= PRUNE_BELOW}
    data = {"bias": round(model.bias, 4), "threshold": model.threshold, "trained_on": trained_on, **pack(kept)}
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n"


THRESHOLDS = tuple(t / 100 for t in range(50, 100))


@dataclass(frozen=True)
class Fold:
    """A model trained without one writer, and that writer's messages with the lists' and model's answers."""

    name: str
    unseen: list[Example]
    lists: list[bool]
    probabilities: list[float]

    def model_false_alarms(self, threshold: float) -> float:
        calm = [p for e, p in zip(self.unseen, self.probabilities, strict=True) if not e.crisis]
        return sum(p >= threshold for p in calm) / len(calm)


def folds(corpus: Sequence[Example], writers: Sequence[tuple[str, list[Example]]], extra: Sequence[Example]) -> list[Fold]:
    """For each writer, a model trained on everything but that writer's messages, judged on them."""
    out = []
    for name, unseen in writers:
        others = [e for other, examples in writers if other != name for e in examples]
        model = train([*corpus, *others, *extra])
        out.append(Fold(name, unseen, lists_now([e.text for e in unseen]), [model.probability(e.text) for e in unseen]))
    return out


def threshold_for(across: Sequence[Fold]) -> float:
    """The lowest threshold at which the model alone keeps false alarms on unseen writers within the budget."""
    for threshold in THRESHOLDS:
        if sum(fold.model_false_alarms(threshold) for fold in across) / len(across) <= MODEL_FALSE_ALARMS:
            return threshold
    return THRESHOLDS[-1]


def report_folds(across: Sequence[Fold], threshold: float, say: Callable[[str], None]) -> None:
    for fold in across:
        say(f"== {fold.name}, unseen ({len(fold.unseen)} messages; the model trained without them), threshold {threshold:.2f}")
        say(stages(fold.unseen, fold.lists, [p >= threshold for p in fold.probabilities]))


def stages(examples: Sequence[Example], lists: Sequence[bool], model: Sequence[bool]) -> str:
    """The lists alone, the model alone, and lists or model (what marks a lead urgent), one line each."""
    either = [a or b for a, b in zip(lists, model, strict=True)]
    return "\n".join(
        f"  {name + ':':<22}{rates(examples, flags)}"
        for name, flags in (("lists alone", lists), ("model alone", model), ("lists or model", either))
    )


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


def judge(name: str, batch: Sequence[Example], training: Sequence[Example], lists_commit: str, threshold: float) -> None:
    model = train(training)
    print(f"== {name}: {len(batch)} messages; trained on {len(training)} without it; lists at {lists_commit}; threshold {threshold:.2f}")
    print(stages(batch, lists_at(lists_commit, [e.text for e in batch]), [model.probability(e.text) >= threshold for e in batch]))


def lists_now(texts: Sequence[str]) -> list[bool]:
    """Today's `reads_like_crisis`, the first stage the shipped model stands behind."""
    from leadcapture.intake.domain.triage import reads_like_crisis

    return [reads_like_crisis(text) for text in texts]


def fit(training: Sequence[Example], threshold: float, say: Callable[[str], None]) -> SecondLook:
    """The model to ship: trained on all of `training`, with the threshold chosen across writers."""
    model = train(training)
    say(f"== saved model: trained on {len(training)} messages; threshold {threshold:.2f} (chosen across writers)")
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
    writers = [(name, load(path)) for name, path in WRITERS]
    extra = [(path, load(path)) for path in (CALM, *args.train_on)]
    more = [e for _, examples in extra for e in examples]
    across = folds(corpus, writers, more)
    threshold = threshold_for(across)
    report_folds(across, threshold, print)
    everything = [*corpus, *(e for _, examples in writers for e in examples), *more]
    later: set[str] = set()
    for name, added, count, lists_commit in reversed(BATCHES):
        batch = [e for e in added_by(added, count) if e.text in {c.text for c in corpus}]
        later |= {e.text for e in batch}
        training = [e for e in everything if e.text not in later]
        judge(name, batch, training, lists_commit, threshold)
    if args.save:
        model = fit(everything, threshold, print)
        files = [*((path, examples) for (_, path), (_, examples) in zip(WRITERS, writers, strict=True)), *extra]
        args.out.write_text(to_json(model, trained_on(corpus, files, datetime.now(UTC).date())), encoding="utf-8")
        kept = sum(1 for w in model.weights.values() if abs(w) >= PRUNE_BELOW)
        print(f"wrote {_shown(args.out)}: {kept} of {len(model.weights)} features, {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
