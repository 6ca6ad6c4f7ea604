"""Folding free text for matching: what crisis triage (intake) and its second look (notify) both read.

One definition, so that the phrase lists and the model's features see a message the same way.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans("", "", "'\u2018\u2019\u02bc\u00b4`")
_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower case, accents and apostrophes dropped, every run of punctuation or space one space."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _NON_WORD.sub(" ", bare).strip()
