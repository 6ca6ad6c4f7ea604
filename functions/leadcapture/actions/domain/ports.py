"""What the action links' rules need from the leads table: status changes and "I'm on it"."""

from __future__ import annotations

from typing import Protocol

from leadcapture.kernel.ports import AcknowledgeStore, StatusStore


class ActionStore(StatusStore, AcknowledgeStore, Protocol):
    """Records a link's outcome (a status change) or its "I'm on it" (an urgent lead's acknowledgement)."""
