"""Rules for free text from the public: what may be stored and later put into an email.

A single-line value (names, email, attribution) may end up in a header, so it must not hold any
character that can break a line or hide text: C0/C1 controls (CR, LF, NUL, U+0085 ...), the
Unicode line and paragraph separators, bidirectional overrides and invisible formatting
characters. ZWJ/ZWNJ stay allowed: several scripts (and emoji) need them.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width joiner / non-joiner: needed by Persian, Indic scripts and emoji sequences.
_ALLOWED_FORMAT = frozenset({"\u200c", "\u200d"})
# RFC 2047 encoded words ("=?utf-8?q?...?="): a mail client (and CPython's email package before
# 3.11.10 / 3.12.5) would decode them, so a value could smuggle a newline or a fake address into
# what the coordinator sees. Decoders disagree on what a word may hold (whitespace, an empty
# charset, a language tag), so any "=?" followed later by "?=" is refused, whatever is between.
_ENCODED_WORD = re.compile(r"=\?.*?\?=", re.DOTALL)
# Letters that render as blank space (Hangul fillers): a name of only these looks empty.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
_URGENT = re.compile(r"\burgent\b")


def _is_unsafe(char: str, *, multiline: bool) -> bool:
    if multiline and char in "\n\t":
        return False
    category = unicodedata.category(char)
    if category in {"Cc", "Zl", "Zp", "Cs", "Co", "Cn"}:
        return True
    return category == "Cf" and char not in _ALLOWED_FORMAT


def unsafe_character(value: str, *, multiline: bool = False) -> str | None:
    """The Unicode name of the first character that is not allowed, or None when all are fine.

    The name (e.g. 'LINE FEED') is safe to report; the value itself never is.
    """
    for char in value:
        if _is_unsafe(char, multiline=multiline):
            return unicodedata.name(char, f"U+{ord(char):04X}")
    return None


def has_encoded_word(value: str) -> bool:
    return _ENCODED_WORD.search(value) is not None


def has_visible_letter(value: str) -> bool:
    """True when some character is a letter that shows (not a filler, a blank or a lone mark)."""
    return any(unicodedata.category(char).startswith("L") and char not in _BLANK_LETTERS for char in value)


def mentions_urgent(value: str) -> bool:
    """True when the word "urgent" appears in any case or width (the urgent marker is ours alone)."""
    return _URGENT.search(unicodedata.normalize("NFKC", value).casefold()) is not None


def normalize_line(value: str) -> str:
    """NFC and trimmed: the form in which a single-line value is checked and stored."""
    return unicodedata.normalize("NFC", value).strip()


def normalize_multiline(value: str) -> str:
    """NFC, trimmed, and every line break (CRLF, CR, U+2028, U+2029) turned into LF."""
    text = unicodedata.normalize("NFC", value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return text.strip()
