"""Crisis triage's data: one module per language, each with two tuples of regular expressions.

`PATTERNS` are phrasings of a person's own crisis (suicide, self-harm, harm to others, danger from
someone). `CONTEXT` are mentions that are not a crisis of the writer's own (a relative who died by
suicide, suicide prevention work): they are blanked out before `PATTERNS` are matched, so any
crisis phrasing in the same message still flags it.

Both are matched against the folded message (`triage.fold`: lower case, accents and apostrophes
dropped, every run of punctuation or spaces one space: "No quiero vivir más" -> "no quiero vivir
mas", "don't" -> "dont"), each as a whole run of words (`\\b` either side). Write them that way:
no capitals, no accents, no apostrophes, single spaces. Every pattern must be exercised by a
message of the labelled corpus (tests/data/crisis_corpus.jsonl); `python -m infra.measure.crisis`
measures the lists. Plain Python modules (not data files) so every build copies them.
"""
