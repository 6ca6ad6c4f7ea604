"""Crisis triage: the phrase lists' hits, near misses that must not fire, and the lists' upkeep.

Recall and false alarms over the whole labelled corpus: tests/unit/test_crisis_corpus.py.
"""

from __future__ import annotations

import pytest
from infra.measure import crisis

from leadcapture.intake.domain.crisis_phrases import en, es
from leadcapture.intake.domain.triage import LANGUAGES, fold, matching_patterns, reads_like_crisis


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
        # issue 11, defect 4: each of these was missed
        "thinking about ending it all",
        "I do not want to live anymore",
        "I want to hang myself",
        "took a bunch of pills tonight",
        "life isn't worth living",
        "unalive myself",
        "kms",
        "quiero morir",
        "me quiero suicidar",
        "I could kill my husband",
        # Spanish, with and without accents
        "Me quiero matar",
        "no quiero vivir más",
        "Quiero quitarme la vida",
        "quiero hacerme daño",
        "quiero hacerme dano",
        "volví a cortarme",
        "ME QUIERO MORIR!!!",
        # a mention of someone else's suicide does not hide the writer's own crisis
        "My brother died by suicide and I want to die too",
        "mi hermano murió por suicidio y yo también pienso en el suicidio",
        "I almost committed suicide last spring",
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
        "My brother died by suicide last year; I'm looking for grief counselling.",
        "My dad committed suicide when I was 12",
        "me corté el pelo y me sentí mejor",
        "este trabajo me está matando",
    ],
)
def test_near_misses_are_not_flagged(message: str | None) -> None:
    assert not reads_like_crisis(message)


def test_folding_drops_case_accents_apostrophes_and_punctuation() -> None:
    assert fold("¿No quiero VIVIR más?  Hacerme DAÑO…") == "no quiero vivir mas hacerme dano"
    assert fold("I don\u2019t—can't") == "i dont cant"


def test_every_pattern_compiles_is_written_folded_and_fires_on_a_corpus_message() -> None:
    # Dead data would look like coverage it is not; a capital or accent in a pattern never matches.
    corpus = crisis.load()
    for module in LANGUAGES.values():
        for pattern in (*module.PATTERNS, *module.CONTEXT):
            assert not any(c.isupper() or not c.isascii() for c in pattern), pattern
    fired = {p for example in corpus for p in matching_patterns(example.text)}
    unused = [p for module in (en, es) for p in module.PATTERNS if p not in fired]
    assert unused == []
