"""Crisis triage: does a message read like someone may be in danger right now?

A deliberately small, documented phrase list, matched on whole words after folding case,
punctuation, apostrophes and repeated spaces. It errs on the side of flagging: a false alarm costs
an "[URGENT]" subject line and showing the person 988 and 911; a miss can cost far more. It is a
prompt for a human to look first, not a diagnosis.
"""

from __future__ import annotations

import re
import unicodedata

# Grouped by what they signal. Apostrophes are removed before matching ("don't" -> "dont").
CRISIS_PHRASES: tuple[str, ...] = (
    # suicidal thoughts
    "suicide",
    "suicidal",
    "kill myself",
    "killing myself",
    "end my life",
    "ending my life",
    "take my own life",
    "taking my own life",
    "end it all",
    "want to die",
    "wanna die",
    "wish i was dead",
    "wish i were dead",
    "better off dead",
    "no reason to live",
    "dont want to live",
    "dont want to be alive",
    "not want to be alive",
    "overdose",
    # self-harm
    "self harm",
    "selfharm",
    "self harming",
    "hurt myself",
    "hurting myself",
    "harm myself",
    "harming myself",
    "cut myself",
    "cutting myself",
    # harm to others
    "kill someone",
    "kill him",
    "kill her",
    "kill them",
    "hurt someone",
    "harm someone",
    "hurt other people",
    "harm others",
    "hurt others",
)

_NON_WORD = re.compile(r"[\W_]+")
_PATTERN = re.compile(r"(?:^| )(?:" + "|".join(re.escape(p) for p in CRISIS_PHRASES) + r")(?= |$)")


def fold(text: str) -> str:
    """Lower case, compatibility forms folded, apostrophes dropped, punctuation to single spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = folded.replace("'", "").replace("\u2019", "").replace("\u02bc", "")
    return _NON_WORD.sub(" ", folded).strip()


def reads_like_crisis(message: str | None) -> bool:
    if not message:
        return False
    return _PATTERN.search(fold(message)) is not None
