"""What the action links' rules need from the leads table: status changes, "I'm on it", and the close note asked for."""

from __future__ import annotations

from typing import Protocol

from leadcapture.kernel.close_note import CloseNoteStore
from leadcapture.kernel.ports import AcknowledgeStore, StatusStore


class ActionStore(StatusStore, AcknowledgeStore, CloseNoteStore, Protocol):
    """Records a link's outcome (a status change), its "I'm on it" (an urgent lead's acknowledgement),
    or the close note asked for after "not a fit" or "no response" (kernel/close_note.py)."""
