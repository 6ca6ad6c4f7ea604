"""The second look's weights: the shipped file loads and is sane, a malformed one is refused, and the
training script uses the notifier's own features and model (one definition) and writes what it reads."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from infra.measure import crisis_model
from infra.measure.crisis import Example

from leadcapture.notify.domain import second_look
from leadcapture.notify.domain.second_look import (
    WEIGHTS,
    PackedWeights,
    SecondLook,
    features,
    from_json,
    load_second_look,
    pack,
    read_second_look,
    unpack,
)

GOOD: dict[str, Any] = {"bias": -1.5, "threshold": 0.95, **pack({"w:pelican": 4.0, "b:the_pelican": 1}), "trained_on": {}}


def test_the_shipped_weights_load_with_a_threshold_strictly_between_0_and_1() -> None:
    model = read_second_look(WEIGHTS)
    assert 0 < model.threshold < 1
    assert len(model.weights) > 1000
    assert all(abs(w) >= crisis_model.PRUNE_BELOW for w in model.weights.values())  # pruned as the script prunes
    trained_on = json.loads(WEIGHTS.read_text(encoding="utf-8"))["trained_on"]
    assert trained_on["messages"] == trained_on["crisis"] + trained_on["other"] > 1000
    assert "tests/data/crisis_corpus.jsonl" in trained_on["files"]
    assert {"date", "lang_en", "lang_es"} <= set(trained_on)


def test_the_shipped_weights_ship_inside_the_package_beside_the_module() -> None:
    # lambda_build copies the whole package (data files included; tests/template/test_build.py checks it).
    assert WEIGHTS.parent == Path(second_look.__file__).parent
    assert WEIGHTS.stat().st_size < 1_000_000  # a small part of the 8 MB artifact


def test_the_shipped_model_keeps_calm_requests_calm() -> None:
    model = load_second_look()
    assert not model.flags("We would like couples counselling. Evenings work best for us.")
    assert not model.flags("Looking for a therapist for my teenage son, he has been anxious about school.")


# Short, calm messages of the kind most forms carry. A model trained on long, dramatic examples
# flagged the first version's "Please call after 5pm" (0.99): its prior, with no evidence either way,
# leaned to crisis. Kept out of every training set, so this stays a test of what it learned.
SHORT_AND_CALM = (
    "sunny day",
    "Hello there",
    "Please call after 5pm",
    "Please phone me tomorrow morning",
    "Wednesday or Thursday afternoon",
    "Is this covered by Blue Cross?",
    "Looking for help with stress at work",
    "my daughter, age 9",
    "ok",
    "Need an appointment soon please",
    "Hola, buenas tardes",
    "Pueden llamarme el lunes",
    "Busco terapia de pareja",
    "Prefiero sesiones en línea",
    "Mi hijo tiene TDAH",
)


@pytest.mark.parametrize("message", SHORT_AND_CALM)
def test_the_shipped_model_leaves_short_calm_messages_calm(message: str) -> None:
    assert not load_second_look().flags(message), load_second_look().probability(message)


def test_the_shipped_model_is_read_once_per_process() -> None:
    assert load_second_look() is load_second_look()


def test_a_model_scores_by_its_features_and_flags_at_its_threshold() -> None:
    model = from_json(GOOD)
    assert model.probability("nothing here") == pytest.approx(1 / (1 + math.exp(1.5)))
    assert model.probability("PÉLICAN!") == pytest.approx(1 / (1 + math.exp(-2.5)))  # folded: case, accent, punctuation
    assert model.probability("the pelican") == pytest.approx(1 / (1 + math.exp(-3.5)))  # the word and the pair
    assert not model.flags("PÉLICAN!") and model.flags("The Pélican")


def test_features_are_folded_words_stems_pairs_and_four_letter_pieces() -> None:
    pieces = {" i w", "i wa", " wan", "want", "ante", "nted", "ted ", "ed i", "d it", " it "}
    assert features("I WANTED it") == {"w:i", "w:wanted", "w:it", "s:wante", "b:i_wanted", "b:wanted_it"} | {f"c:{p}" for p in pieces}
    assert features("Quiéro  MATARME!") == features("quiero matarme")  # folded before the pieces are cut
    assert features("") == set()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"threshold": 0}, "threshold"),
        ({"threshold": 1}, "threshold"),
        ({"threshold": "0.9"}, "threshold"),
        ({"threshold": None}, "threshold"),
        ({"bias": True}, "bias"),
        ({"bias": float("nan")}, "bias"),
        ({"features": ["w:a"]}, "features"),
        ({"values": 7}, "values"),
        ({"values": "%%%"}, "base64"),
        ({"features": "w:pelican"}, "one value each"),  # two values, one name
        ({"features": "w:b\nw:a"}, "sorted"),
        (pack({"w:a": float("inf")}), "finite"),
    ],
)
def test_a_malformed_weights_file_is_refused(change: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        from_json(GOOD | change)


def test_a_weights_file_that_is_not_an_object_or_not_json_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="object"):
        from_json([1, 2])
    broken = tmp_path / "broken.json"
    broken.write_text('{"bias": 1,', encoding="utf-8")
    with pytest.raises(ValueError):
        read_second_look(broken)


def test_the_training_script_uses_the_notifiers_definitions() -> None:
    names = vars(crisis_model)
    assert names["features"] is features and names["SecondLook"] is SecondLook and names["WEIGHTS"] == WEIGHTS
    assert isinstance(crisis_model.train([Example("a", "en", True, ""), Example("b", "en", False, "")], epochs=1), SecondLook)


def test_what_the_script_writes_the_notifier_reads_pruned(tmp_path: Path) -> None:
    below, above = crisis_model.PRUNE_BELOW * 0.98, -crisis_model.PRUNE_BELOW * 1.2
    model = SecondLook(0.25, {"w:keep": 0.5, "w:drop": below, "w:neg": above}, 0.93)
    path = tmp_path / "weights.json"
    path.write_text(crisis_model.to_json(model, {"messages": 3}), encoding="utf-8")
    read = read_second_look(path)
    assert (read.bias, read.threshold, sorted(read.weights)) == (0.25, 0.93, ["w:keep", "w:neg"])
    assert read.weights["w:keep"] == 0.5 and read.weights["w:neg"] == pytest.approx(round(above, 4), rel=1e-6)  # float32


def test_packed_weights_look_up_every_name_and_only_those() -> None:
    weights = {"w:b": 1.5, "c:abc ": -2.0, "w:a": 0.25, "s:zzzzz": 3.0}
    packed = unpack(**{("features_text" if k == "features" else "values_text"): v for k, v in pack(weights).items()})
    assert dict(packed) == weights and len(packed) == 4
    assert packed.get("w:c") is None and packed.get("w:c", 0.0) == 0.0 and packed.get("") is None and packed.get("~") is None
    with pytest.raises(KeyError):
        packed["w:nothing"]
    with pytest.raises(ValueError, match="sorted"):
        PackedWeights(["w:b", "w:a"], [1.0, 2.0])
    with pytest.raises(ValueError, match="base64"):
        unpack("w:a", "not base64!")


def test_training_learns_a_toy_set_and_the_threshold_keeps_false_alarms_in_budget() -> None:
    crisis = [Example(f"the pelican came back {n}", "en", True, "") for n in range(20)]
    calm = [Example(f"a quiet morning walk {n}", "en", False, "") for n in range(20)]
    examples = [e for pair in zip(crisis, calm, strict=True) for e in pair]
    model = crisis_model.train(examples, epochs=10)
    assert model.probability("the pelican came back") > 0.9 > 0.1 > model.probability("a quiet morning walk")


def test_the_threshold_is_the_lowest_keeping_the_models_false_alarms_on_unseen_writers_in_budget() -> None:
    calm = [Example(f"calm {n}", "en", False, "") for n in range(20)]
    # Writer 1's calm messages score 0.60 (one of them), 0.80 (one); writer 2's 0.70 (two): at 0.61 the
    # false alarms are 1/20 and 2/20 (mean 7.5%), at 0.71 1/20 and 0 (2.5%, within 5%).
    one = crisis_model.Fold("one", calm, [False] * 20, [0.6, 0.8] + [0.1] * 18)
    two = crisis_model.Fold("two", calm, [False] * 20, [0.7, 0.7] + [0.1] * 18)
    assert crisis_model.threshold_for([one, two]) == 0.71
    assert crisis_model.threshold_for([one]) == 0.61  # 1/20 = 5%: within the budget
    always = crisis_model.Fold("loud", calm, [False] * 20, [0.995] * 20)
    assert crisis_model.threshold_for([always]) == 0.99  # never within: the highest there is
