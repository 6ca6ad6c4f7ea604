"""Crisis triage: the phrase list's hits, and near misses that must not fire."""

from __future__ import annotations

import pytest

from leadcapture.domain.triage import CRISIS_PHRASES, reads_like_crisis


@pytest.mark.parametrize(
    "message",
    [
        "I have been thinking about suicide lately.",
        "Honestly I'm SUICIDAL.",
        "Sometimes I want to kill myself",
        "i dont want to live anymore",
        "I don't want to live like this",
        "I don\u2019t want to be alive",
        "I keep thinking I'd be better off dead...",
        "I've been cutting myself again",
        "self-harm has come back",
        "Self harm",
        "I'm afraid I might hurt someone",
        "I want to kill him, I'm so angry",
        "thinking of ending my life",
        "I want to end it all.",
        "I took an overdose last week",
        "I want to die",
        "kill   myself",
        "KILL-MYSELF",
    ],
)
def test_crisis_messages_are_flagged(message: str) -> None:
    assert reads_like_crisis(message)


@pytest.mark.parametrize(
    "message",
    [
        None,
        "",
        "I'm killing it at work but feel anxious",
        "I'm dying to get started with therapy!",
        "I'm dead tired all the time",
        "I want to skill myself up in coping strategies",
        "My partner and I keep hurting each other's feelings",
        "We would like couples counselling.",
        "I feel stuck and overwhelmed",
        "I killed myselfie game at the party (it was a costume)",
        "Our harmony at home is gone",
    ],
)
def test_near_misses_are_not_flagged(message: str | None) -> None:
    assert not reads_like_crisis(message)


def test_every_phrase_is_matched_on_its_own() -> None:
    for phrase in CRISIS_PHRASES:
        assert reads_like_crisis(f"... {phrase.upper()}!"), phrase
