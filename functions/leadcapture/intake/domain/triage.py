"""Crisis triage: does a message read like someone may be in danger right now?

Phrasings kept as data, one module per language (`crisis_phrases/en.py`, `es.py`), matched with
stems and word boundaries on the folded message (case, accents, apostrophes and punctuation
folded away), every language on every message: a person may write Spanish in an English form.
The phrasings cover someone else's crisis as well as the writer's own ("my daughter says she
doesn't want to live", "mi hijo se corta"): a parent or partner writing for someone is the same
emergency. What is not a crisis now (`CONTEXT`: someone's completed suicide, a past that is over,
a crisis denied, work with other people's crises) is blanked out before matching, and a crisis
phrase beside such a mention still flags the message.

It errs on the side of flagging: a false alarm costs an "[URGENT]" subject line and showing the
person 988 and 911; a miss can cost far more. It is a prompt for a human to look first, not a
diagnosis. Recall and false alarms on the labelled corpus: `python -m infra.measure.crisis`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from leadcapture.intake.domain.crisis_phrases import en, es

LANGUAGES = {"en": en, "es": es}

_APOSTROPHES = str.maketrans("", "", "'\u2018\u2019\u02bc\u00b4`")
_NON_WORD = re.compile(r"[\W_]+")


def _whole_words(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b")


@cache
def crisis_patterns() -> re.Pattern[str]:
    """The crisis phrasings of every language as one pattern, compiled once per process on first use.

    Not at import: the functions that never triage (the notifier reads `urgent` from the stored
    lead) should not pay for it on every cold start.
    """
    return _whole_words(p for module in LANGUAGES.values() for p in module.PATTERNS)


@cache
def context_patterns() -> re.Pattern[str]:
    """What to blank out before matching (`CONTEXT`), compiled only once a message has matched."""
    return _whole_words(p for module in LANGUAGES.values() for p in module.CONTEXT)


def fold(text: str) -> str:
    """Lower case, accents and apostrophes dropped, every run of punctuation or space one space."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _NON_WORD.sub(" ", bare).strip()


def _own_words(folded: str) -> str:
    """The folded message with what is not the writer's crisis now blanked out (`CONTEXT`)."""
    return context_patterns().sub(" ", folded)


def reads_like_crisis(message: str | None) -> bool:
    """Whether a crisis phrasing matches the folded message, and still does once `CONTEXT` is blanked.

    Blanking only ever clears a flag: a message no phrasing matches is calm without compiling or
    applying `CONTEXT` at all, which keeps the first calm triage of a process cheap.
    """
    if not message:
        return False
    folded = fold(message)
    crisis = crisis_patterns()
    return crisis.search(folded) is not None and crisis.search(_own_words(folded)) is not None


def matching_patterns(message: str) -> tuple[str, ...]:
    """Which patterns a message matches (tools and tests: why a message was or was not flagged)."""
    folded = fold(message)
    words = _own_words(folded)
    return tuple(
        p for module in LANGUAGES.values() for p in module.PATTERNS if _whole_words([p]).search(folded) and _whole_words([p]).search(words)
    )
