"""Crisis triage: does a message read like someone may be in danger right now?

Phrasings kept as data, one module per language (`crisis_phrases/en.py`, `es.py`), matched with
stems and word boundaries on the folded message (case, accents, apostrophes and punctuation
folded away), every language on every message: a person may write Spanish in an English form.
The phrasings cover someone else's crisis as well as the writer's own ("my daughter says she
doesn't want to live", "mi hijo se corta"): a parent or partner writing for someone is the same
emergency. What is not a crisis now (`CONTEXT`: someone's completed suicide, a past that is over,
a crisis denied, work with other people's crises) is blanked out before matching, and a crisis
phrase beside such a mention still flags the message.

The phrasings come in families, each keyed by the word starts one of which every match of the
family holds (`"die dye"`, `"overdos lethal pill ..."`). Those are looked for as plain substrings
first, and a family is compiled only on the first message that holds one of them: a message that
holds none is calm without compiling anything, and a cold start pays only for the families its
first message can reach.

It errs on the side of flagging: a false alarm costs an "[URGENT]" subject line and showing the
person 988 and 911; a miss can cost far more. It is a prompt for a human to look first, not a
diagnosis. Recall and false alarms on the labelled corpus: `python -m infra.measure.crisis`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache

from leadcapture.intake.domain.crisis_phrases import en, es

LANGUAGES = {"en": en, "es": es}

_APOSTROPHES = str.maketrans("", "", "'\u2018\u2019\u02bc\u00b4`")
_NON_WORD = re.compile(r"[\W_]+")


def _whole_words(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b")


class Families:
    """Phrasings grouped in families, each compiled on the first text that holds one of its triggers.

    A trigger is a word start: `"die"` is looked for as `" die"` in the folded text with a space in
    front, so it finds "die", "dies" and "died" but not "studied". Every match of a family's
    patterns must hold one of its triggers (a test checks this on the whole corpus), so a family
    none of whose triggers is in a text cannot match it.
    """

    __slots__ = ("_compiled", "_patterns", "_triggers")

    def __init__(self, families: Iterable[tuple[str, tuple[str, ...]]]) -> None:
        self._patterns: list[tuple[str, ...]] = []
        by_trigger: dict[str, list[int]] = {}
        for triggers, patterns in families:
            for trigger in triggers.split():
                by_trigger.setdefault(" " + trigger, []).append(len(self._patterns))
            self._patterns.append(patterns)
        self._triggers = tuple((trigger, tuple(indexes)) for trigger, indexes in by_trigger.items())
        self._compiled: dict[int, re.Pattern[str]] = {}

    def reachable(self, folded: str) -> tuple[int, ...]:
        """The families one of whose triggers the folded text holds, in order (nothing compiled)."""
        padded = " " + folded
        found: set[int] = set()
        for trigger, indexes in self._triggers:
            if trigger in padded:
                found.update(indexes)
        return tuple(sorted(found))

    def compiled(self, family: int) -> re.Pattern[str]:
        pattern = self._compiled.get(family)
        if pattern is None:
            pattern = self._compiled[family] = _whole_words(self._patterns[family])
        return pattern

    def search(self, text: str, families: Iterable[int]) -> bool:
        return any(self.compiled(family).search(text) for family in families)

    def blank(self, text: str, families: Iterable[int]) -> str:
        for family in families:
            text = self.compiled(family).sub(" ", text)
        return text

    def compiled_count(self) -> int:
        """How many families have been compiled in this process (tests and the cost script)."""
        return len(self._compiled)


def _families(lists: Iterable[Mapping[str, tuple[str, ...]]]) -> Families:
    return Families(family for families in lists for family in families.items())


class Phrasings:
    """Every language's crisis phrasings and what is not a crisis now (`CONTEXT`), as `Families`."""

    __slots__ = ("context", "crisis")

    def __init__(self) -> None:
        self.crisis = _families(module.PATTERNS for module in LANGUAGES.values())
        self.context = _families(module.CONTEXT for module in LANGUAGES.values())


@cache
def crisis_patterns() -> Phrasings:
    """The phrasings of every language, built once per process on first use, not at import.

    Building indexes the triggers only; each family is compiled on the first message that can
    reach it. The functions that never triage (the notifier reads `urgent` from the stored lead)
    never build it.
    """
    return Phrasings()


def fold(text: str) -> str:
    """Lower case, accents and apostrophes dropped, every run of punctuation or space one space."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _NON_WORD.sub(" ", bare).strip()


def _own_words(phrasings: Phrasings, folded: str) -> str:
    """The folded message with what is not the writer's crisis now blanked out (`CONTEXT`)."""
    return phrasings.context.blank(folded, phrasings.context.reachable(folded))


def reads_like_crisis(message: str | None) -> bool:
    """Whether a crisis phrasing matches the folded message, and still does once `CONTEXT` is blanked.

    Blanking only ever clears a flag: a message no phrasing matches is calm without compiling or
    applying `CONTEXT` at all, and one that holds no family's trigger without compiling anything.
    """
    if not message:
        return False
    folded = fold(message)
    phrasings = crisis_patterns()
    reachable = phrasings.crisis.reachable(folded)
    if not reachable or not phrasings.crisis.search(folded, reachable):
        return False
    return phrasings.crisis.search(_own_words(phrasings, folded), reachable)


def all_patterns(kind: str = "PATTERNS") -> tuple[str, ...]:
    """Every pattern of one list (`PATTERNS` or `CONTEXT`) of every language, flat (tools and tests)."""
    lists: Iterable[Mapping[str, tuple[str, ...]]] = (getattr(module, kind) for module in LANGUAGES.values())
    return tuple(pattern for families in lists for patterns in families.values() for pattern in patterns)


def matching_patterns(message: str) -> tuple[str, ...]:
    """Which patterns a message matches (tools and tests: why a message was or was not flagged)."""
    folded = fold(message)
    words = _own_words(crisis_patterns(), folded)
    return tuple(p for p in all_patterns() if _whole_words([p]).search(folded) and _whole_words([p]).search(words))
