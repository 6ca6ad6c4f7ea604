"""DynamoDB access for leads: the only code that reads or writes the leads table is `LeadStore` and its parts.

`LeadStore` is the one adapter each feature sees through only the methods its ports name
(kernel/ports.py, `<feature>/domain/ports.py`). Its methods live by concern in `adapters/leads/`
(the core `table.py` and `items.py`, and one mixin module per concern); this module composes them,
so every feature, the ops tools and the desk's `InboxStore` import one class.
"""

from __future__ import annotations

from leadcapture.adapters.leads.coordinator_email import CoordinatorEmailMarks
from leadcapture.adapters.leads.followups import FollowupMarks
from leadcapture.adapters.leads.lookup import LookupIndex
from leadcapture.adapters.leads.person_emails import PersonEmailMarks
from leadcapture.adapters.leads.status_changes import StatusChanges
from leadcapture.adapters.leads.urgent import UrgentMarks


class LeadStore(StatusChanges, CoordinatorEmailMarks, FollowupMarks, PersonEmailMarks, UrgentMarks, LookupIndex):
    """The leads table."""
