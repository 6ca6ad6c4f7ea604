"""What the action links' rules need from the leads table: a status change, and the close note asked for."""

from __future__ import annotations

from typing import Protocol

from leadcapture.kernel.close_note import CloseNoteStore
from leadcapture.kernel.ports import StatusStore


class ActionsStore(StatusStore, CloseNoteStore, Protocol):
    """Reads a lead, records its status, and records a close note asked for (kernel/close_note.py)."""
