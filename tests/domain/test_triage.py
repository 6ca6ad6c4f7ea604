"""Crisis triage: the phrase lists' hits (the writer's own crisis and someone else's, slang,
misspellings, plans), near misses that must not fire (grief, a past that is over, figures of
speech), and the lists' upkeep.

Recall and false alarms over the whole labelled corpus: tests/unit/test_crisis_corpus.py.
"""

from __future__ import annotations

import re

import pytest
from infra.measure import crisis

from leadcapture.intake.domain.crisis_phrases import en, es
from leadcapture.intake.domain.triage import _SENTENCE_END, LANGUAGES, crisis_patterns, fold, matching_patterns, reads_like_crisis


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
        # someone else's crisis: a parent, partner or friend writing (the form offers "My child or teen")
        "My 15 year old daughter says she doesn't want to live anymore",
        "My son has been cutting himself",
        "Mi hijo dice que se quiere matar",
        "she said she wants to unalive herself",
        "my husband keeps saying he wants to die",
        "My boyfriend threatened to kill himself if I leave him",
        "my brother tried to kill himself last night",
        "my daughter wants to kill herself",
        "My wife is hoarding her sleeping pills",
        "mi hija se está cortando los brazos",
        "mi esposo dice que ya no quiere vivir",
        "mi novia me dijo que se va a suicidar",
        "mi hijo se lastima a propósito",
        "mi mamá dice que quiere morirse",
        # a current crisis beside a mention of someone's suicide is not swallowed by the context
        "My brother died by suicide and now my son says he wants to kill himself",
        "mi papá se suicidó hace años y ahora mi hermano dice que se quiere matar",
        # slang, euphemism and texting
        "kms",
        "gonna kms fr",
        "i just want to not be here anymore",
        "idw live anymore",
        "I'm checking out for good this weekend",
        "me quiero dar un tiro",
        "quiero quitarme de en medio",
        # misspellings
        "i feel suicidial",
        "i want to kil my slef",
        "i dont wnat to be alive",
        "qiero morir",
        "me kiero suisidar",
        "ya no quiero bibir",
        "mi hija quiere suicidarce",
        # plans and preparations
        "I gave away my things this week",
        "I've been stockpiling pills",
        "I bought a rope",
        "I googled how much tylenol is lethal",
        "llevo semanas juntando pastillas",
        "estoy regalando mis cosas porque ya no las voy a necesitar",
        "ya escribí cartas de despedida",
    ],
)
def test_someone_elses_crisis_slang_misspellings_and_plans_are_flagged(message: str) -> None:
    assert reads_like_crisis(message), matching_patterns(message)


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


@pytest.mark.parametrize(
    "message",
    [
        # grief, including loss to suicide: someone else's, and over
        "my father died by suicide years ago",
        "My uncle killed himself when I was 10",
        "My son took his own life in March and I can't function",
        "mi tío se quitó la vida cuando yo era niña",
        "perdí a mi hermano por una sobredosis el año pasado",
        "My dad is dying of cancer and won't be around much longer",
        # a past that is over
        "I attempted suicide when I was 17; I'm 35 now and doing well",
        "I haven't self harmed in 5 years",
        "intenté suicidarme a los 17 pero ahora estoy bien",
        # denied
        "I'm not suicidal, just burnt out",
        "no tengo pensamientos suicidas, solo mucha ansiedad",
        # figures of speech and work-talk
        "I'm dying to start",
        "My commute is killing me",
        "I'm killing myself at the gym to lose the baby weight",
        "My teenage son says his math teacher is going to kill him if he's late again",
        "I got my hair cut short",
        "I'm giving away our old furniture before we move",
        "My son hurt himself playing soccer",
        "me mata la ansiedad",
        "me muero de ganas de empezar",
        "estoy muerto de cansancio",
        "me quiero morir de vergüenza cada vez que hablo en público",
        "mi hijo se mata estudiando",
        "mi hija se cortó el fleco sola",
        "mi mamá me va a matar cuando vea mis notas",
        # professional
        "I'm a school counselor and want supervision on suicide risk assessment",
        "I'm an ER nurse and see overdoses every shift",
    ],
)
def test_grief_the_past_denials_and_figures_of_speech_stay_calm(message: str) -> None:
    assert not reads_like_crisis(message), matching_patterns(message)


@pytest.mark.parametrize(
    "message",
    [
        # plans said indirectly: how or when one would do it, the place, what one has ready
        "I've started thinking about how I would do it.",
        "She told me she has figured out when she'd do it.",
        "I know which bridge I'd use.",
        "I have everything I need to end it.",
        "I don't think I can keep myself safe tonight.",
        "I'm scared of what I might do if I'm alone this weekend.",
        "tonight I feel like ending it",
        "I keep thinking about jumping when I'm on the platform.",
        # preparations: things given away and not needed, loose ends, pills stocked, a gun not for protection
        "I've been giving my stuff away and cancelled my lease.",
        "He gave me his guitar and said he won't need it anymore.",
        "I'm tying up loose ends.",
        "I've been taking my mom's sleeping pills and stocking them up.",
        "I bought a pistol last week.",
        "There's a gun in my nightstand and it's not for protection.",
        "which of my meds are lethal with alcohol?",
        "my grandfather stopped taking his insulin on purpose",
        "my mom keeps saying she wants to go be with dad",
        "he thanked me for being a good son and hung up",
        # self-harm in plain words
        "cutting is the only thing that calms me down",
        "I cut deeper than I meant to",
        "I bang my head against the wall until it bruises",
        "I saw fresh cuts on her wrist",
        "he uses a blade on his thighs",
        # harm to others and from others
        "my ex texted that he's going to kill me",
        "he strangled me last night",
        "next time he'll kill me, he said",
        "I shook my baby because she wouldn't stop crying",
        "my son said he'd bring a knife to school",
        # slang
        "ready to catch the bus tbh",
        "i want to be six feet under",
        # Spanish
        "siento que morir es la única salida",
        "deseo estar muerta",
        "no me siento segura conmigo misma",
        "tengo miedo de lo que pueda hacerme",
        "le dejé mi gato a mi vecina porque ya no voy a estar",
        "ya elegí la fecha",
        "tengo todo lo que necesito para acabar",
        "conseguí una pistola y no es para defenderme",
        "me volví a cortar anoche",
        "me pego con el cinturón cuando me equivoco",
        "mi esposo me ahorcó y dijo que me mata",
        "quiero matar al jefe de mi papá",
        "mi hijo dijo que va a llevar un arma a la escuela",
        "le pegué a mi hija y siento que puedo hacer algo peor",
        "me imagino mi propio velorio",
    ],
)
def test_plans_said_indirectly_self_harm_in_plain_words_and_harm_by_others_are_flagged(message: str) -> None:
    assert reads_like_crisis(message), matching_patterns(message)


@pytest.mark.parametrize(
    "message",
    [
        # a past that is over, in a sentence of its own
        "Years ago, in college, I went through a suicidal phase. It's well behind me.",
        "History: one overdose at 19. I've been sober for a decade.",
        "I did an outpatient program for self-harm a long time ago and it worked.",
        "Hace años, en la prepa, tuve una etapa suicida. Ya lo superé.",
        "Antecedentes: autolesiones en la adolescencia, nada desde entonces.",
        # work with other people's crises
        "I'm a paramedic and I respond to overdoses most nights; I need help with burnout.",
        "I'm a middle school counselor looking for a workshop on self-harm warning signs.",
        "Soy voluntaria en una línea de crisis y atiendo llamadas sobre suicidio.",
        "Soy profesor y quiero saber cómo hablar de autolesiones con mis alumnos.",
        # media and fiction
        "I'm writing a novel where a character struggles with suicidal thoughts and want it to be accurate.",
        "We watched a documentary about overdose deaths and my kids had questions.",
        "Leí un libro sobre el suicidio en adolescentes y quiero hablarlo con mi hija.",
    ],
)
def test_a_mention_in_a_sentence_set_in_the_past_work_or_media_stays_calm(message: str) -> None:
    assert not reads_like_crisis(message), matching_patterns(message)


@pytest.mark.parametrize(
    "message",
    [
        # the same frames beside a crisis now: the crisis still flags
        "Years ago I went through a suicidal phase. Lately the suicidal thoughts are back.",
        "I self-harmed in high school and started again last week.",
        "I'm an ER nurse and I see overdoses every shift. I've been thinking about suicide myself.",
        "I'm a teacher and I'm suicidal.",
        "I'm writing a memoir about my brother's suicide and I want to die too.",
        "Hace años tuve una sobredosis. Anoche volví a tomar muchas pastillas.",
        "Soy enfermera y tengo pensamientos suicidas.",
        "My son overdosed last night; I'm a nurse and I still didn't see it coming.",
    ],
)
def test_a_crisis_now_beside_a_framed_mention_still_flags(message: str) -> None:
    assert reads_like_crisis(message), matching_patterns(message)


def test_a_message_no_trigger_reaches_is_calm_without_compiling_anything() -> None:
    # The first calm triage of a process (the cold-start benchmark's message) compiles nothing.
    crisis_patterns.cache_clear()
    assert not reads_like_crisis("I have been feeling anxious at work and would like to talk to someone.")
    assert crisis_patterns().crisis.compiled_count() == 0
    assert crisis_patterns().context.compiled_count() == 0


def test_a_message_no_phrasing_matches_is_calm_without_compiling_the_context() -> None:
    crisis_patterns.cache_clear()
    assert not reads_like_crisis("We would like couples counselling, evenings if possible; my life is busy.")
    assert crisis_patterns().context.compiled_count() == 0
    assert reads_like_crisis("I want to die")
    assert crisis_patterns().context.compiled_count() == 0  # no `CONTEXT` trigger in it either
    assert reads_like_crisis("My brother died by suicide and I want to die too")
    assert crisis_patterns().context.compiled_count() >= 1
    # Only the families the messages could reach were compiled, not every family.
    assert 0 < crisis_patterns().crisis.compiled_count() < len([f for m in LANGUAGES.values() for f in m.PATTERNS])


def test_folding_drops_case_accents_apostrophes_and_punctuation() -> None:
    assert fold("¿No quiero VIVIR más?  Hacerme DAÑO…") == "no quiero vivir mas hacerme dano"
    assert fold("I don\u2019t—can't") == "i dont cant"


def _lists() -> list[tuple[str, dict[str, tuple[str, ...]]]]:
    kinds = ("PATTERNS", "MENTIONS", "CONTEXT", "FRAMES", "PAST", "NOW")
    return [(f"{lang}.{kind}", getattr(module, kind)) for lang, module in LANGUAGES.items() for kind in kinds]


def test_every_pattern_compiles_is_written_folded_and_fires_on_a_corpus_message() -> None:
    # Dead data would look like coverage it is not; a capital or accent in a pattern never matches.
    corpus = crisis.load()
    for _, families in _lists():
        for triggers, patterns in families.items():
            words = triggers.split()
            assert words and all(t.isascii() and t.replace("_", "").isalnum() and t.islower() for t in words), triggers
            for pattern in patterns:
                assert not any(c.isupper() or not c.isascii() for c in pattern), pattern
    fired = {p for example in corpus for p in matching_patterns(example.text)}
    unused = [p for module in (en, es) for kind in (module.PATTERNS, module.MENTIONS) for ps in kind.values() for p in ps if p not in fired]
    assert unused == []


def test_every_match_of_every_pattern_holds_one_of_its_familys_triggers() -> None:
    # The triggers are a strict superset gate: a family is skipped, uncompiled, when a message holds
    # none of its triggers, so every match must hold one (as a word start). Checked for every
    # pattern, on every corpus message, folded and with `CONTEXT` blanked.
    texts = {fold(e.text) for e in crisis.load()}
    texts |= {fold(sentence) for e in crisis.load() for sentence in _SENTENCE_END.split(e.text)}
    texts |= {crisis_patterns().context.blank(t, range(len([f for m in LANGUAGES.values() for f in m.CONTEXT]))) for t in texts}
    unheld = []
    for name, families in _lists():
        for triggers, patterns in families.items():
            starts = tuple(" " + t.replace("_", " ") for t in triggers.split())
            for pattern in patterns:
                for text in texts:
                    for match in re.finditer(rf"\b(?:{pattern})\b", text):
                        if not any(start in " " + match.group() for start in starts):
                            unheld.append((name, triggers, match.group(), pattern[:60]))
    assert unheld == []
