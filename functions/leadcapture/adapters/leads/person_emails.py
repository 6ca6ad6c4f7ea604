"""The person's side (issue 23): the close note asked for, the person's emails sent, and what SES said of them.

Apart from the coordinator email's marks: the person's emails have their own attributes
(`acknowledgement_*`, `close_note_*`) and their own grants in template.yaml.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from leadcapture.adapters.leads.table import APPEND_HISTORY, LeadTable, history_values
from leadcapture.kernel.status import By

if TYPE_CHECKING:
    from leadcapture.kernel.close_note import CloseNoteKind
    from leadcapture.kernel.lead import PersonEmail


class PersonEmailMarks(LeadTable):
    def request_close_note(self, lead_id: str, kind: CloseNoteKind, *, at: str, by: By) -> bool:
        """Record that the close note was asked for (kernel/close_note.py), with a history entry, when the
        status is still `kind` and none was asked for; False otherwise. Writes nothing else: the
        actions role may write only these attributes and a status change's."""
        return self._update_if(
            lead_id,
            f"SET close_note = :kind, close_note_requested_at = :at, {APPEND_HISTORY}",
            "attribute_exists(#id) AND #status = :kind AND attribute_not_exists(close_note_requested_at)",
            {":kind": {"S": kind}, ":at": {"S": at}, **history_values(kind, at, by, "close_note_requested")},
        )

    def mark_acknowledged(self, lead_id: str, *, at: str, message_id: str | None = None, error: str | None = None) -> bool:
        """Record the acknowledgement once: sent (its SES message id) or refused for good (`error`);
        False when already recorded."""
        return self._mark_person_email(lead_id, "acknowledgement", at=at, sent=(message_id, error))

    def mark_close_note_sent(
        self, lead_id: str, kind: CloseNoteKind, *, at: str, message_id: str | None = None, error: str | None = None
    ) -> bool:
        """Record the close note once: sent (its SES message id, and a history entry at the status it
        closed) or refused for good (`error`); False when already recorded."""
        history = history_values(kind, at, "notifier", "close_note_sent") if message_id is not None else None
        return self._mark_person_email(lead_id, "close_note", at=at, sent=(message_id, error), history=history)

    def _mark_person_email(
        self, lead_id: str, kind: PersonEmail, *, at: str, sent: tuple[str | None, str | None], history: dict[str, Any] | None = None
    ) -> bool:
        stamp = "acknowledgement_sent_at" if kind == "acknowledgement" else "close_note_sent_at"
        message_id, error = sent
        values: dict[str, Any] = {":at": {"S": at}}
        if message_id is None:
            update, values[":error"] = f"SET {kind}_error = :error", {"S": error or "unknown"}
        else:
            update, values[":mid"] = f"SET {stamp} = :at, {kind}_message_id = :mid", {"S": message_id}
        if history is not None:
            update += f", {APPEND_HISTORY}"
            values |= history
        condition = f"attribute_exists(#id) AND attribute_not_exists({stamp}) AND attribute_not_exists({kind}_error)"
        return self._update_if(lead_id, update, condition, values)

    def record_person_email_event(self, lead_id: str, kind: PersonEmail, event: str, *, at: str, bounce_type: str | None = None) -> bool:
        """Set `<kind>_<event>_at` (delivered, bounced, complaint) and a bounce's type once, with no
        status change and apart from the coordinator email's; False when already set or no lead."""
        extra = f", {kind}_bounce_type = :type" if bounce_type else ""
        values = {":at": {"S": at}, **({":type": {"S": bounce_type}} if bounce_type else {})}
        return self._update_if(
            lead_id, f"SET {kind}_{event}_at = :at{extra}", f"attribute_exists(#id) AND attribute_not_exists({kind}_{event}_at)", values
        )
