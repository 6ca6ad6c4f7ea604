"""Leads as rows for `leads export`: the CSV is the kernel's (kernel/csv_export.py, which the desk's
export writes too: one format), and JSON Lines, the lead as stored, for programs rather than people."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from leadcapture.adapters.leads.items import to_plain
from leadcapture.kernel.csv_export import BOM, cell, csv_header, csv_row, local_time, write_csv
from leadcapture.kernel.lead import Lead

__all__ = ["BOM", "cell", "csv_header", "csv_row", "jsonl_record", "local_time", "write_csv", "write_jsonl"]


def jsonl_record(lead: Lead) -> dict[str, Any]:
    """The lead as stored (UTC stamps), for programs rather than people."""
    return to_plain(lead)


def write_jsonl(leads: Iterable[Lead], out: IO[str]) -> Iterator[Lead]:
    for lead in leads:
        out.write(json.dumps(jsonl_record(lead), ensure_ascii=False, sort_keys=True) + "\n")
        yield lead
