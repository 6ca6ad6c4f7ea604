"""Crisis recognition's second stage: a linear model over the message's words, run by the notifier.

The first stage, the phrase lists (intake's `triage.reads_like_crisis`), runs at submit: it decides
the person's answer (988 and 911 at once) and sets `urgent`. Lists catch what they were written
from and miss phrasings nobody wrote down (docs/reliability.md "Crisis triage"), so the notifier
takes a second look at every new lead the lists left calm, before its first page and its email,
where a few milliseconds cost nobody. A message the model flags marks the lead urgent in the table
(`urgent_by = "second_look"`, with a history entry), and everything after treats it as any urgent
lead: the `[URGENT]` subject and the copy to URGENT_EMAILS, the first page, the desk's urgent list.

It only ever adds a flag, never clears one: a miss can cost far more than a false alarm, and the
lists' flags are the ones the person was answered by. A quarantined lead (honeypot filled) that it
flags is released as intake keeps an urgent trapped lead: `new`, `trapped`, the normal retention.

The model is a bag-of-words logistic regression (folded words, adjacent word pairs, 5-letter stems
and 4-letter pieces, each present or not): scoring is a look-up per feature in the packed, sorted
weights, so it needs no numpy and no model library. Its weights are `second_look.json` beside this
module, read on the first lead that needs them (never at import; on a cold start that is the first
calm lead, about 7 ms) and trained by `python -m infra.measure.crisis_model --save` (which imports
`features`, `SecondLook` and `pack` from here).
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import math
import sys
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from leadcapture.kernel.errors import LeadNotFound
from leadcapture.kernel.status import StatusChange
from leadcapture.kernel.text_fold import fold
from leadcapture.kernel.timestamps import parse_stamp, utc_stamp

if TYPE_CHECKING:
    from datetime import datetime

    from leadcapture.kernel.lead import Lead
    from leadcapture.notify.domain.ports import SecondLookStore

WEIGHTS = Path(__file__).with_name("second_look.json")
# The word the lead (`urgent_by`) and its history (`by`) record for a flag added here.
SECOND_LOOK: Final = "second_look"


def features(text: str) -> set[str]:
    """Folded words, adjacent word pairs, 5-letter stems (so want/wants/wanted share one) and the
    folded text's 4-letter pieces across word edges (so "kil myself", "suicde" and "mátarme" share
    most of theirs with the spellings the model was trained on)."""
    words = fold(text).split()
    found = {f"w:{w}" for w in words}
    found |= {f"s:{w[:5]}" for w in words if len(w) > 5}
    found |= {f"b:{a}_{b}" for a, b in itertools.pairwise(words)}
    spaced = f" {' '.join(words)} "
    found |= {f"c:{spaced[i : i + 4]}" for i in range(len(spaced) - 3)}
    return found


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True, slots=True)
class SecondLook:
    """A trained model: flags a message whose probability of a crisis is at least `threshold`."""

    bias: float
    weights: Mapping[str, float]
    threshold: float

    def probability(self, text: str) -> float:
        return _sigmoid(self.bias + sum(self.weights.get(f, 0.0) for f in features(text)))

    def flags(self, text: str) -> bool:
        return self.probability(text) >= self.threshold


class PackedWeights(Mapping[str, float]):
    """The weights as the file packs them: sorted feature names and one float32 each, looked up by
    bisection. Reading them builds no dict of some 20,000 entries (the notifier's first lead pays
    for the read: a few milliseconds instead of about 15)."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: Sequence[str], values: Sequence[float]) -> None:
        if len(names) != len(values) or any(a >= b for a, b in itertools.pairwise(names)):
            raise ValueError("second look weights: features must be sorted, unique, one value each")
        self._names, self._values = names, values

    def get(self, name: str, default: float | None = None) -> float | None:  # type: ignore[override]
        i = bisect_left(self._names, name)
        return self._values[i] if i < len(self._names) and self._names[i] == name else default

    def __getitem__(self, name: str) -> float:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def pack(weights: Mapping[str, float]) -> dict[str, str]:
    """Weights as the file holds them: "features", the sorted names one per line, and "values", their
    float32s (little-endian, base64)."""
    names = sorted(weights)
    values = array("f", (weights[name] for name in names))
    if sys.byteorder != "little":
        values.byteswap()
    return {"features": "\n".join(names), "values": base64.b64encode(values.tobytes()).decode("ascii")}


def unpack(features_text: object, values_text: object) -> PackedWeights:
    if not isinstance(features_text, str) or not isinstance(values_text, str):
        raise ValueError("second look weights: features and values must be strings")
    values = array("f")
    try:
        values.frombytes(base64.b64decode(values_text, validate=True))
    except (ValueError, binascii.Error) as err:
        raise ValueError("second look weights: values are not base64 float32s") from err
    if sys.byteorder != "little":
        values.byteswap()
    if not all(math.isfinite(v) for v in values):
        raise ValueError("second look weights: a value is not a finite number")
    return PackedWeights(features_text.split("\n") if features_text else [], values)


def from_json(data: Any) -> SecondLook:
    """A model from its JSON object ({"bias", "threshold", "features", "values", "trained_on"});
    ValueError when malformed."""
    if not isinstance(data, dict):
        raise ValueError("second look weights: not a JSON object")
    bias, threshold = _number(data.get("bias")), _number(data.get("threshold"))
    if bias is None or threshold is None or not 0 < threshold < 1:
        raise ValueError("second look weights: bias must be a number and threshold a number in (0, 1)")
    return SecondLook(bias, unpack(data.get("features"), data.get("values")), threshold)


def _number(value: object) -> float | None:
    """A finite JSON number as a float; None for anything else (a bool is no number here)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def read_second_look(path: Path) -> SecondLook:
    return from_json(json.loads(path.read_text(encoding="utf-8")))


@cache
def load_second_look() -> SecondLook:
    """The shipped model, read once per process on first use."""
    return read_second_look(WEIGHTS)


# flagged: marked urgent now. calm: looked at, not flagged. not_looked: a canary, already urgent,
# not new or quarantined (handled already), or no message. raced: flagged, but the lead changed first.
LookOutcome = Literal["flagged", "calm", "not_looked", "raced"]


@dataclass(frozen=True, slots=True)
class LookResult:
    outcome: LookOutcome
    # The lead as it is now (with the mark when flagged), for the notifier's next steps; None when it
    # changed under the mark (the next step reads it again).
    lead: Lead | None
    # Flagged while quarantined: released as an urgent trapped lead.
    released: bool = False


def look_again(lead_id: str, *, store: SecondLookStore, model: Callable[[], SecondLook], retention_days: int, now: datetime) -> LookResult:
    """Mark a new or quarantined lead urgent when the model flags its message; once, never cleared.

    `model` is called only when a message is to be looked at (the weights are read then). Raises
    StorageUnavailable to retry the record: nothing was marked, or the mark holds and a retry sees it.
    """
    lead = store.get(lead_id)
    if lead is None:
        raise LeadNotFound(lead_id)
    if lead.urgent or lead.status not in ("new", "spam") or not lead.message or lead.notified_at:
        return LookResult("not_looked", lead)
    if not model().flags(lead.message):
        return LookResult("calm", lead)
    at = utc_stamp(now)
    quarantined = lead.status == "spam"
    # Released as intake keeps an urgent trapped lead: the normal retention from its arrival.
    expires_at = int((parse_stamp(lead.created_at) + timedelta(days=retention_days)).timestamp()) if quarantined else None
    if not store.mark_urgent_on_second_look(lead_id, at=at, released_expires_at=expires_at):
        return LookResult("raced", None)
    marked = replace(
        lead,
        urgent=True,
        urgent_by=SECOND_LOOK,
        history=(*lead.history, StatusChange("new", at, SECOND_LOOK, event="urgent_on_second_look")),
    )
    if expires_at is not None:
        marked = replace(marked, status="new", trapped=True, expires_at=expires_at)
    return LookResult("flagged", marked, released=quarantined)
