"""Crisis triage: does a message read like someone may be in danger right now?

Phrasings kept as data, one module per language (`crisis_phrases/en.py`, `es.py`), matched with
stems and word boundaries on the folded message (case, accents, apostrophes and punctuation
folded away), every language on every message: a person may write Spanish in an English form.
The phrasings cover someone else's crisis as well as the writer's own ("my daughter says she
doesn't want to live", "mi hijo se corta"): a parent or partner writing for someone is the same
emergency. What is not a crisis now (`CONTEXT`: someone's completed suicide, a past that is over,
a crisis denied, work with other people's crises) is blanked out before matching, and a crisis
phrase beside such a mention still flags the message.

A bare mention of the topic (`MENTIONS`: "suicide", "self-harm", "overdose", "sobredosis") is
weaker than a crisis said (`PATTERNS`: "I want to die", "I'm suicidal", "she overdosed last
night"). It flags unless its own sentence is set at a remove: work, study, media or someone's death
(`FRAMES`: "I'm an ER nurse", "a training on warning signs", "a memoir", "una serie"), or a past
that is over (`PAST`: "years ago", "at 16", "well behind me") with nothing in the sentence saying it
is back (`NOW`: "again", "lately", "tonight"). A crisis said flags whatever sentence it is in.

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
from collections.abc import Iterable, Mapping
from functools import cache

from leadcapture.intake.domain.crisis_phrases import en, es

# The kernel's (notify's second look folds the same way), still importable from here: an explicit re-export.
from leadcapture.kernel.text_fold import fold as fold  # noqa: PLC0414

LANGUAGES = {"en": en, "es": es}

# Where a sentence ends, for `FRAMES`, `PAST` and `NOW`, which judge a mention by its own sentence.
_SENTENCE_END = re.compile(r"[.!?;:\n\r\u2026\u00a1\u00bf]+")


def _whole_words(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b")


class Families:
    """Phrasings grouped in families, each compiled on the first text that holds one of its triggers.

    A trigger is a word start: `"die"` is looked for as `" die"` in the folded text with a space in
    front, so it finds "die", "dies" and "died" but not "studied"; `_` stands for a space, so
    `"talk_me"` finds "talk me down" but not "talk to someone". Every match of a family's
    patterns must hold one of its triggers (a test checks this on the whole corpus), so a family
    none of whose triggers is in a text cannot match it.
    """

    __slots__ = ("_compiled", "_patterns", "_triggers")

    def __init__(self, families: Iterable[tuple[str, tuple[str, ...]]]) -> None:
        self._patterns: list[tuple[str, ...]] = []
        by_trigger: dict[str, list[int]] = {}
        for triggers, patterns in families:
            for trigger in triggers.split():
                by_trigger.setdefault(" " + trigger.replace("_", " "), []).append(len(self._patterns))
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
    """Every language's lists (see `crisis_phrases/__init__.py`), each as `Families`."""

    __slots__ = ("context", "crisis", "frames", "mentions", "now", "past")

    def __init__(self) -> None:
        modules = LANGUAGES.values()
        self.crisis = _families(module.PATTERNS for module in modules)
        self.mentions = _families(module.MENTIONS for module in modules)
        self.context = _families(module.CONTEXT for module in modules)
        self.frames = _families(module.FRAMES for module in modules)
        self.past = _families(module.PAST for module in modules)
        self.now = _families(module.NOW for module in modules)


@cache
def crisis_patterns() -> Phrasings:
    """The phrasings of every language, built once per process on first use, not at import.

    Building indexes the triggers only; each family is compiled on the first message that can
    reach it. The functions that never triage (the notifier reads `urgent` from the stored lead)
    never build it.
    """
    return Phrasings()


def _own_words(phrasings: Phrasings, folded: str) -> str:
    """The folded message with what is not the writer's crisis now blanked out (`CONTEXT`)."""
    return phrasings.context.blank(folded, phrasings.context.reachable(folded))


def _sentences(message: str) -> list[str]:
    return [sentence for sentence in (fold(part) for part in _SENTENCE_END.split(message)) if sentence]


def _at_a_remove(phrasings: Phrasings, sentence: str) -> bool:
    """Whether a folded sentence is set in work, study, media or grief, or in a past it does not say is back."""
    if phrasings.frames.search(sentence, phrasings.frames.reachable(sentence)):
        return True
    past = phrasings.past.search(sentence, phrasings.past.reachable(sentence))
    return past and not phrasings.now.search(sentence, phrasings.now.reachable(sentence))


def _mentioned_now(phrasings: Phrasings, sentence: str) -> bool:
    """Whether a folded sentence mentions the topic (`MENTIONS`, `CONTEXT` blanked), not at a remove."""
    named = phrasings.mentions.reachable(sentence)
    own = _own_words(phrasings, sentence) if named else ""
    return bool(named) and phrasings.mentions.search(own, named) and not _at_a_remove(phrasings, sentence)


def reads_like_crisis(message: str | None) -> bool:
    """Whether a crisis is said in the message, or mentioned in a sentence not set at a remove.

    A crisis said (`PATTERNS`) must match the folded message and still match once `CONTEXT` is
    blanked; blanking only ever clears a flag. A mention (`MENTIONS`) is judged sentence by
    sentence (`_at_a_remove`). A message no phrasing matches is calm without compiling `CONTEXT`
    or the frames, and one that holds no family's trigger without compiling anything.
    """
    if not message:
        return False
    folded = fold(message)
    phrasings = crisis_patterns()
    said = phrasings.crisis.reachable(folded)
    if said and phrasings.crisis.search(folded, said) and phrasings.crisis.search(_own_words(phrasings, folded), said):
        return True
    named = phrasings.mentions.reachable(folded)
    if not named or not phrasings.mentions.search(folded, named):
        return False
    return any(_mentioned_now(phrasings, sentence) for sentence in _sentences(message))


def all_patterns(kind: str = "PATTERNS") -> tuple[str, ...]:
    """Every pattern of one list (`PATTERNS`, `MENTIONS`, `CONTEXT`...) of every language, flat (tools and tests)."""
    lists: Iterable[Mapping[str, tuple[str, ...]]] = (getattr(module, kind) for module in LANGUAGES.values())
    return tuple(pattern for families in lists for patterns in families.values() for pattern in patterns)


def matching_patterns(message: str) -> tuple[str, ...]:
    """Which patterns flag a message, said or mentioned (tools and tests: why it was or was not flagged)."""
    phrasings = crisis_patterns()
    folded = fold(message)
    words = _own_words(phrasings, folded)
    said = tuple(p for p in all_patterns() if _whole_words([p]).search(folded) and _whole_words([p]).search(words))
    sentences = [_own_words(phrasings, s) for s in _sentences(message) if not _at_a_remove(phrasings, s)]
    mentioned = tuple(p for p in all_patterns("MENTIONS") if any(_whole_words([p]).search(s) for s in sentences))
    return said + mentioned
