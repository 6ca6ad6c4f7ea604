"""How to reach a person and how not, in plain words, in the practice's language (kernel/preferences.py)."""

from __future__ import annotations

import dataclasses

import pytest

from leadcapture.kernel.lead import Consent, Lead
from leadcapture.kernel.preferences import how_to_reach

LEAD = Lead(
    id="5f0c5f3e-1d2b-4a53-9a43-51c3f0b6d7a1",
    created_at="2026-12-07T18:00:00Z",
    status="new",
    first_name="Sam",
    last_name="Rivera",
    preferred_contact="text",
    consent=Consent("v", "2026-12-07T18:00:00Z"),
    urgent=False,
    expires_at=0,
)


@pytest.mark.parametrize(
    ("changes", "english", "spanish"),
    [
        ({"voicemail_ok": False, "email_ok": False, "best_time": ("evening",)},
         "Prefers text · no voicemail · no email · evenings",
         "Prefiere mensajes de texto · sin mensajes de voz · sin correos · por la noche"),
        ({"preferred_contact": "phone", "voicemail_ok": True, "best_time": ("morning", "afternoon")},
         "Prefers a phone call · voicemail OK · mornings, afternoons",
         "Prefiere una llamada · acepta mensajes de voz · por la mañana, por la tarde"),
        ({"preferred_contact": "email", "email_ok": True},
         "Prefers email · email OK", "Prefiere correo electrónico · acepta correos"),
        ({}, "Prefers text", "Prefiere mensajes de texto"),
    ],
)  # fmt: skip
def test_the_words_say_only_what_the_person_chose(changes: dict[str, object], english: str, spanish: str) -> None:
    lead = dataclasses.replace(LEAD, **changes)  # type: ignore[arg-type]
    assert how_to_reach(lead, "en") == english
    assert how_to_reach(lead, "es") == spanish
