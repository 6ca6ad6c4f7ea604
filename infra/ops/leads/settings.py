"""What the `leads` tool reads from the functions' environment: the functions' own setting pieces.

Built from the kernel's pieces, as every function's settings are, from the union of the deployed
functions' variables (or the local stack's), so a value means to the tool what it means to them.
"""

from __future__ import annotations

from leadcapture.kernel.settings.practice import BusinessHours, Practice
from leadcapture.kernel.settings.tables import IdempotencyTable, LeadsTable, Retention


class ToolSettings(LeadsTable, IdempotencyTable, BusinessHours, Practice, Retention):
    """The tables, the practice's time zone and business calendar (the figures' business hours and promises),
    and how long leads are kept (to release one from quarantine)."""
