"""How a person wants to be reached, and how not, in a few plain words: "Prefers text · no voicemail · no email · evenings".

One wording for every place that shows it (the coordinator email, the desk's lead page, the `leads`
tool), in the language asked for (the practice's), from the message catalogue. Only choices the
person made, never anything they typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leadcapture.kernel import messages

if TYPE_CHECKING:
    from leadcapture.kernel.lead import Lead
    from leadcapture.kernel.messages import Language

SEPARATOR = " · "


def how_to_reach(lead: Lead, language: Language) -> str:
    """The preferred channel, then voicemail and email when the person answered, then the times of day."""
    words = [messages.text(language, f"reach.prefers.{lead.preferred_contact}")]
    for channel, answer in (("voicemail", lead.voicemail_ok), ("email", lead.email_ok)):
        if answer is not None:
            words.append(messages.text(language, f"reach.{channel}.{'yes' if answer else 'no'}"))
    if lead.best_time:
        words.append(", ".join(messages.text(language, f"reach.time.{time}") for time in lead.best_time))
    return SEPARATOR.join(words)


def heading(language: Language) -> str:
    """What the line is called where it needs a name ("How to reach them")."""
    return messages.text(language, "reach.heading")
