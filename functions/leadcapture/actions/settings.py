"""What the actions function reads from its environment (template.yaml's ActionsFunction)."""

from __future__ import annotations

from pydantic import Field

from leadcapture.kernel.settings.links import LinkKey
from leadcapture.kernel.settings.practice import PracticeTime
from leadcapture.kernel.settings.tables import LeadsTable


class ActionsSettings(LeadsTable, LinkKey, PracticeTime):
    """GET/POST /actions/{token}: the links' key to verify them, the time zone the pages show times in."""

    # Seconds a page asks the coordinator to wait after a 503.
    retry_after_seconds: int = Field(5, ge=1, le=3600, alias="RETRY_AFTER_SECONDS")
