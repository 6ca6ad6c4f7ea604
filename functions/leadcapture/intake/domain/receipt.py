"""What a captured submission tells the person, in a module of its own.

`ports.Deduplicator` returns it and `capture` makes it; were it in either, the two would import
each other (a cycle the import contracts refuse).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Receipt:
    """What the person is told: the lead's id, and whether to show crisis resources at once."""

    lead_id: str
    urgent: bool
    # Stored as spam (honeypot filled); the person is answered exactly as for a lead.
    quarantined: bool = False
    # The answer of an earlier, identical submission, given again; nothing new was stored.
    replayed: bool = False
    # Stored as a heartbeat canary: not a lead for anyone.
    canary: bool = False
