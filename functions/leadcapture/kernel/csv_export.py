"""Leads as rows: the CSV a spreadsheet opens correctly, one lead at a time (issue 22: one implementation
for `leads export` and the desk's export; JSON Lines, for programs, stays with the tool).

CSV for Excel and the like: UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the
local code page and accents break), CRLF between records, every cell quoted (a message's line
breaks, commas and semicolons stay inside its cell), one header row, times in the practice's time
zone as `YYYY-MM-DD HH:MM` (which spreadsheets read as a date and time).

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'` so
that a spreadsheet shows it as text instead of running it as a formula: the form is public, and a
message like `=HYPERLINK(...)` must not become a live link on the practice's computer (OWASP's
"CSV injection"). E.164 phone numbers start with `+`, so they show as `'+18188216012`. Excel in a
locale whose list separator is `;` (es-ES, de, fr) splits a comma file at `;` and may ignore the
quotes, so a trigger at the start of any part a `;` or `,` could split off gets the same `'`:
`Hi;=1+2` is written `Hi;'=1+2`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import tzinfo
from typing import IO

from leadcapture.kernel.lead import ATTRIBUTION_FIELDS, Lead
from leadcapture.kernel.preferences import how_to_reach
from leadcapture.kernel.status import ACTIONS, Status
from leadcapture.kernel.timestamps import parse_stamp

BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A `;` or `,`, any spaces, then a formula's first character: where a split-off part would start one.
_SPLIT_FORMULA = re.compile(r"([;,][ ]*)(?=[=+\-@\t\r])")
# When a person recorded each outcome (the last time, from the lead's history).
HANDLED: tuple[Status, ...] = ACTIONS


def local_time(stamp: str | None, zone: tzinfo) -> str:
    return parse_stamp(stamp).astimezone(zone).strftime("%Y-%m-%d %H:%M") if stamp else ""


def cell(value: object) -> str:
    """One CSV cell: text as is, but never a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = _SPLIT_FORMULA.sub(r"\1'", str(value))
    return "'" + text if text.lstrip(" ").startswith(_FORMULA_STARTS) else text


def csv_header(zone_name: str) -> list[str]:
    return [
        "id",
        f"received ({zone_name})",
        "status",
        "urgent",
        "spam_trap",
        "first_name",
        "last_name",
        "email",
        "phone",
        "preferred_contact",
        "best_time",
        "session_for",
        "message",
        "sms_consent",
        "consent_version",
        "notified",
        "reminded",
        "escalated",
        *HANDLED,
        *ATTRIBUTION_FIELDS,
        # Issue 23, after the columns a spreadsheet may already be built on: how to reach them in
        # plain words, their answers, the acknowledgement and the close note.
        "how_to_reach",
        "voicemail_ok",
        "email_ok",
        "acknowledgement_asked",
        "acknowledged",
        "close_note",
        "close_note_sent",
    ]


def csv_row(lead: Lead, zone: tzinfo) -> list[str]:
    # Status changes only: a note's entry (a close note asked for or sent) keeps the outcome's own time.
    handled: dict[str, str] = {change.status: change.at for change in lead.history if change.status in HANDLED and change.event is None}
    values: list[object] = [
        lead.id,
        local_time(lead.created_at, zone),
        lead.status,
        lead.urgent,
        lead.trapped,
        lead.first_name,
        lead.last_name,
        lead.email,
        lead.phone,
        lead.preferred_contact,
        ", ".join(lead.best_time),
        lead.session_for,
        lead.message,
        lead.sms_consent is not None,
        lead.consent.version,
        local_time(lead.notified_at, zone),
        local_time(lead.reminded_at, zone),
        local_time(lead.escalated_at, zone),
        *(local_time(handled.get(status), zone) for status in HANDLED),
        *(lead.attribution.get(name) for name in ATTRIBUTION_FIELDS),
        how_to_reach(lead, "en"),
        lead.voicemail_ok,
        lead.email_ok,
        lead.acknowledge,
        local_time(lead.acknowledgement_sent_at, zone),
        lead.close_note,
        local_time(lead.close_note_sent_at, zone),
    ]
    return [cell(v) for v in values]


def write_csv(leads: Iterable[Lead], out: IO[str], *, zone: tzinfo, zone_name: str) -> Iterator[Lead]:
    """Write the header, then one row per lead as it arrives; yields each lead once written (for progress)."""
    out.write(BOM)
    writer = csv.writer(out, dialect="excel", quoting=csv.QUOTE_ALL)
    writer.writerow(csv_header(zone_name))
    for lead in leads:
        writer.writerow(csv_row(lead, zone))
        yield lead
