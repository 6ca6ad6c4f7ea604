"""Crisis triage: does a message read like someone may be in danger right now?

Phrasings kept as data, one module per language (`crisis_phrases/en.py`, `es.py`), matched with
stems and word boundaries on the folded message (case, accents, apostrophes and punctuation
folded away), every language on every message: a person may write Spanish in an English form.
Mentions of someone else's suicide (`CONTEXT`) are blanked out first, so only the writer's own
crisis counts, and a crisis phrase beside such a mention still flags the message.

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
def crisis_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The crisis phrasings and the context to blank out, compiled once per process on first use.

    Not at import: compiling them takes ~12 ms, which the functions that never triage (the
    notifier reads `urgent` from the stored lead) should not pay on every cold start.
    """
    crisis = _whole_words(p for module in LANGUAGES.values() for p in module.PATTERNS)
    context = _whole_words(p for module in LANGUAGES.values() for p in module.CONTEXT)
    return crisis, context


def fold(text: str) -> str:
    """Lower case, accents and apostrophes dropped, every run of punctuation or space one space."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _NON_WORD.sub(" ", bare).strip()


def _own_words(message: str) -> str:
    """The folded message with mentions of someone else's suicide blanked out."""
    return crisis_patterns()[1].sub(" ", fold(message))


def reads_like_crisis(message: str | None) -> bool:
    if not message:
        return False
    return crisis_patterns()[0].search(_own_words(message)) is not None


def matching_patterns(message: str) -> tuple[str, ...]:
    """Which patterns a message matches (tools and tests: why a message was or was not flagged)."""
    words = _own_words(message)
    return tuple(p for module in LANGUAGES.values() for p in module.PATTERNS if _whole_words([p]).search(words))
