"""Crisis triage's data: one module per language, each with two dicts of regular expressions.

`PATTERNS` are phrasings of a crisis now (suicide, self-harm, harm to others, danger from
someone), the writer's own or someone else's ("my son has been cutting himself"), in slang, with
misspellings, and as plans or preparations. `CONTEXT` are mentions that are not a crisis now (a
completed suicide, a past that is over, a crisis denied, work with other people's crises): they are
blanked out before `PATTERNS` are matched, so any crisis phrasing in the same message still flags
it. Write a pattern for a family of phrasing, not for one sentence.

Each dict maps a family's **triggers** to its patterns: the word starts, separated by spaces, one
of which every match of every pattern in the family holds ("die dye" for "wants to die",
"wanna dye"). Triage looks for the triggers as plain substrings before compiling anything, and
compiles a family only for a message that holds one of them, so a trigger missing from a family
would silently skip its patterns: `tests/domain/test_triage.py` checks every match of every
pattern on the whole corpus holds one. Prefer a rare word the match cannot do without ("burden",
"overdos") over a common one ("go", "here"); a family with common triggers should stay small.

Both are matched against the folded message (`triage.fold`: lower case, accents and apostrophes
dropped, every run of punctuation or spaces one space: "No quiero vivir más" -> "no quiero vivir
mas", "don't" -> "dont"), each as a whole run of words (`\\b` either side). Write them that way:
no capitals, no accents, no apostrophes, single spaces. Every pattern must be exercised by a
message of the tuned set (tests/data/crisis_corpus.jsonl); `python -m infra.measure.crisis`
measures the lists on it and, apart, on the blind held-out set, which is never tuned on. Plain
Python modules (not data files) so every build copies them.
"""
