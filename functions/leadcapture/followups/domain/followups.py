"""Nobody forgotten: remind the coordinators of a lead still open at its promise, then escalate.

Every run (every 15 minutes, and `POST /_local/tick` locally) gets `now` and:

1. asks the open-leads index for the leads whose promise has passed (`BusinessCalendar`): a
   Query, never a scan, of ids and times only;
2. decides for each whether its reminder (at the promise) or its escalation (at the close of the
   next business day) is due and not yet recorded (`due`);
3. reads the lead again (the index lags; a lead marked contacted a second ago is skipped), sends
   the email through the sent-email ledger under `reminder#<id>` / `escalation#<id>`, then
   records `reminded_at` / `escalated_at` on the lead with a conditional write.

The ledger holds the message id from the moment SES accepts: a run that dies between sending and
recording is finished by the next one without a second email, as for the coordinator email. A
lead that fails (SES or the table unavailable) is left for the next run; the others go on.

Both emails are the coordinator email (`coordinator_email.compose`, the same action links) with
a heading. The reminder goes to COORDINATOR_EMAILS, the escalation to ESCALATION_EMAILS; with no
escalation address the escalation is recorded and counted (and alarmed on) but emailed to nobody.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from leadcapture.kernel.action_links import links_for
from leadcapture.kernel.business_days import BusinessCalendar
from leadcapture.kernel.coordinator_email import Email, Notice, compose
from leadcapture.kernel.errors import LeadCaptureError, MailRejected
from leadcapture.kernel.open_leads import FOLLOWUP_KINDS, FollowupKind, OpenLead, ledger_key
from leadcapture.kernel.status import is_open
from leadcapture.kernel.timestamps import parse_stamp, utc_stamp

if TYPE_CHECKING:
    from datetime import datetime

    from leadcapture.followups.domain.ports import FollowupStore
    from leadcapture.followups.settings import FollowupsSettings as Settings
    from leadcapture.kernel.lead import Lead
    from leadcapture.kernel.ports import Mailroom

REMINDER_NOTICE = "Reminder: not yet marked contacted. This request was promised an answer by {promise}."
ESCALATION_NOTICE = (
    "Escalation: still open. This request was promised an answer by {promise} and a business day later is still not marked contacted."
)
SUBJECT_PREFIX: dict[FollowupKind, str] = {"reminder": "Reminder: ", "escalation": "Escalation: "}


def due(lead: OpenLead, now: datetime, calendar: BusinessCalendar) -> list[FollowupKind]:
    """The follow-ups of one open lead that are due at `now` and not recorded yet, reminder first."""
    promise = calendar.promise(parse_stamp(lead.created_at))
    times = {"reminder": promise, "escalation": calendar.escalation(promise)}
    return [kind for kind in FOLLOWUP_KINDS if times[kind] <= now and not lead.done(kind)]


@dataclass(frozen=True, slots=True)
class Failure:
    lead_id: str
    kind: FollowupKind
    error: str  # an error type or AWS error code, never a message


@dataclass
class FollowupReport:
    """What one run did, by lead id (no personal data): the local tick answers with it."""

    now: str
    reminded: list[str] = field(default_factory=list)
    escalated: list[str] = field(default_factory=list)
    # Escalations recorded without an email (no ESCALATION_EMAILS), and sends SES refused for good.
    not_emailed: list[str] = field(default_factory=list)
    rejected: list[Failure] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    looked_at: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "now": self.now,
            "looked_at": self.looked_at,
            "reminded": self.reminded,
            "escalated": self.escalated,
            "not_emailed": self.not_emailed,
            "rejected": [{"lead_id": f.lead_id, "kind": f.kind, "error": f.error} for f in self.rejected],
            "failed": [{"lead_id": f.lead_id, "kind": f.kind, "error": f.error} for f in self.failed],
            "counts": {"reminded": len(self.reminded), "escalated": len(self.escalated), "failed": len(self.failed)},
        }


def run_followups(now: datetime, *, store: FollowupStore, mailroom: Mailroom, settings: Settings) -> FollowupReport:
    """Send every reminder and escalation due at `now`, each at most once; raises only when the index cannot be read."""
    run = _Run(now, BusinessCalendar.from_settings(settings), store, mailroom, settings)
    report = FollowupReport(now=utc_stamp(now))
    candidates = list(store.open_leads(utc_stamp(run.calendar.due_if_received_before(now))))
    report.looked_at = len(candidates)
    for candidate in candidates:
        for kind in due(candidate, now, run.calendar):
            try:
                _follow_up(candidate.id, kind, run, report)
            except LeadCaptureError as err:
                report.failed.append(Failure(candidate.id, kind, getattr(err, "code", None) or type(err).__name__))
                break  # the escalation waits for the reminder's retry on the next run
    return report


@dataclass(frozen=True, slots=True)
class _Run:
    """What stays the same for every lead of one run: its instant, the practice's calendar, the ports and the settings."""

    now: datetime
    calendar: BusinessCalendar
    store: FollowupStore
    mailroom: Mailroom
    settings: Settings


def _follow_up(lead_id: str, kind: FollowupKind, run: _Run, report: FollowupReport) -> None:
    lead = run.store.get(lead_id)
    if lead is None or not is_open(lead.status) or (lead.reminded_at if kind == "reminder" else lead.escalated_at):
        return
    message_id: str | None = None
    error: str | None = None
    if recipients(kind, run.settings):
        links, _ = links_for(lead_id, run.now, base_url=run.settings.actions_base_url, keys=run.mailroom.link_keys)
        email = followup_email(lead, kind, run.calendar, run.settings, links=links)
        try:
            message_id = run.mailroom.sent.send_once(ledger_key(kind, lead_id), lambda: run.mailroom.mailer.send(email))
        except MailRejected as err:
            error = err.code
    if not run.store.mark_followup(lead_id, kind, at=utc_stamp(run.now), message_id=message_id, error=error):
        return  # another run recorded it first: it counted it
    (report.reminded if kind == "reminder" else report.escalated).append(lead_id)
    if error is not None:
        report.rejected.append(Failure(lead_id, kind, error))
    elif message_id is None:
        report.not_emailed.append(lead_id)


def recipients(kind: FollowupKind, settings: Settings) -> tuple[str, ...]:
    """A reminder goes to COORDINATOR_EMAILS, an escalation to ESCALATION_EMAILS (none: recorded, emailed to nobody)."""
    return settings.coordinator_emails if kind == "reminder" else settings.escalation_emails


def followup_email(
    lead: Lead, kind: FollowupKind, calendar: BusinessCalendar, settings: Settings, *, links: Sequence[tuple[str, str]] | None = ()
) -> Email:
    promise = calendar.promise(parse_stamp(lead.created_at)).astimezone(calendar.zone)
    shown = promise.strftime("%A %d %B, %I:%M %p %Z").replace(" 0", " ")
    notice = (REMINDER_NOTICE if kind == "reminder" else ESCALATION_NOTICE).format(promise=shown)
    worded = Notice(notice, SUBJECT_PREFIX[kind], key=kind, values=(("promise", promise),))
    return compose(lead, settings, links, to=recipients(kind, settings), notice=worded)
