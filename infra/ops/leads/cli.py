"""`leads`: the practice's lead records from a terminal (docs/records.md).

    leads --stack lead-capture-prod list            # or: --local (the running local stack)
    leads --stack lead-capture-prod export -o leads.csv --since 2026-11-01

Output to the terminal is the point: names, emails and messages are printed there on purpose. The
tool writes no log lines, and an error is one line that names what to pass or what AWS refused,
never a lead's content. Every command that changes data shows what it will do, asks (or takes
`--yes`), and is safe to run twice.
"""

from __future__ import annotations

import contextlib
import dataclasses
import heapq
import io
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import wraps
from typing import IO, Any, ParamSpec, TypeVar, cast

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from leadcapture.adapters import forget as removal
from leadcapture.intake.web.answers import field_message
from leadcapture.kernel import audit, figures
from leadcapture.kernel.audit import Filter
from leadcapture.kernel.business_days import BusinessCalendar
from leadcapture.kernel.close_note import offer as close_note_offer
from leadcapture.kernel.close_note import request_close_note
from leadcapture.kernel.errors import InvalidSubmission, LeadCaptureError, LeadNotFound, StorageUnavailable
from leadcapture.kernel.lead import Lead
from leadcapture.kernel.lookup import lookup_keys, person_keys
from leadcapture.kernel.preferences import how_to_reach
from leadcapture.kernel.status import ACTIONS, OPEN, STATUSES, Status
from leadcapture.kernel.status_changes import change_status, reopen
from leadcapture.kernel.timestamps import utc_stamp
from leadcapture.notify.domain.quarantine import quarantined, release

from . import export as rows
from .doctor import StackFacts, diagnose
from .redrive import DEFAULT_MIN_AGE, Waiting, redrive
from .target import Target, TargetError, from_local, from_stack, local_url, stream_event

P = ParamSpec("P")
R = TypeVar("R")

# Not requests from people: shown by `leads spam` (or asked for by --status), not in lists and exports.
HIDDEN: frozenset[Status] = frozenset({"spam", "canary"})
# `list --status open`: the open set (kernel/status.py OPEN), not a status of its own.
OPEN_SET = "open"
# `status ID reopen`: undo an outcome (status_changes.reopen).
REOPEN = "reopen"


def urgency(lead: Lead) -> str:
    """The list's urgent column: an urgent request caught by the spam trap says so beside it."""
    if not lead.urgent:
        return ""
    return "URGENT (caught by the spam trap)" if lead.trapped else "URGENT"


PITR_NOTE = (
    "Point-in-time recovery keeps continuous backups of the leads table for 35 days: the removed records "
    "age out of them by {date}. Emails already sent to the coordinator are in their mailbox: delete them there. "
    'What else remains and for how long: docs/records.md "Deletion on request".'
)


# Wide enough for a lead id and a name when the output goes to a file or a pipe (rich's default is 80).
PIPE_WIDTH = 200
# Leads per scan page for exports and reports: what bounds the tool's memory, whatever the table's size.
PAGE = 250


def out() -> Console:
    return Console(highlight=False, width=None if sys.stdout.isatty() else PIPE_WIDTH)


def err_console() -> Console:
    return Console(stderr=True, highlight=False)


@dataclass
class Where:
    """The target the group's options name, resolved on first use (so `--help` needs no AWS)."""

    stack: str | None
    local: bool
    local_url: str | None
    region: str | None
    profile: str | None
    _target: Target | None = field(default=None, init=False, repr=False)

    def target(self) -> Target:
        if self._target is None:
            if self.stack and (self.local or self.local_url):
                raise TargetError("pass either --stack NAME or --local, not both")
            if self.stack:
                self._target = from_stack(self.stack, region=self.region, profile=self.profile)
            elif self.local or self.local_url:
                self._target = from_local(self.local_url or local_url())
            else:
                raise TargetError("say which leads: --stack NAME (a deployed stack) or --local (the running local stack)")
        return self._target


def one_line_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Every failure as one line and a non-zero exit, never a traceback (nor a lead's content)."""

    @wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        from botocore.exceptions import BotoCoreError, ClientError

        from leadcapture.adapters.aws import error_code

        try:
            return command(*args, **kwargs)
        except TargetError as err:
            raise click.ClickException(str(err)) from None
        except LeadNotFound as err:
            raise click.ClickException(f"no lead {err}") from None
        except InvalidSubmission as err:
            raise click.ClickException("; ".join(f"--{e.field}: {field_message(e, 'en')}" for e in err.errors)) from None
        except StorageUnavailable as err:
            raise click.ClickException(f"the table could not be read or written ({err.code}); nothing more was changed") from None
        except ClientError as err:
            operation = getattr(err, "operation_name", "a call")
            raise click.ClickException(f"AWS refused {operation}: {error_code(err)}") from None
        except BotoCoreError as err:
            raise click.ClickException(f"cannot reach AWS: {type(err).__name__}") from None
        except LeadCaptureError as err:
            raise click.ClickException(type(err).__name__) from None

    return run


def bundled(
    name: str, kind: type[Any], *options: Callable[[Callable[..., R]], Callable[..., R]]
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Click options the command takes as one value: `kind` (a dataclass whose fields are named as
    the options) made from them, passed as `name`. The options show in `--help` in the order given."""
    names = [f.name for f in dataclasses.fields(kind) if f.init]

    def decorate(command: Callable[..., R]) -> Callable[..., R]:
        @wraps(command)
        def run(*args: Any, **kwargs: Any) -> R:
            values = {option: kwargs.pop(option) for option in names}
            return command(*args, **kwargs, **{name: kind(**values)})

        for option in reversed(options):
            run = option(run)
        return run

    return decorate


def target_of(ctx: click.Context) -> Target:
    where: Where = ctx.find_object(Where)  # type: ignore[assignment]
    return where.target()


def record(target: Target, action: audit.Action, *, lead_id: str | None = None, detail: audit.Detail | None = None) -> None:
    """One audit record of this command (issue 22): who (the AWS principal), what, which lead; never a value."""
    target.audit.add(audit.entry(target.principal, action, lead_id=lead_id, detail=detail))


def period_detail(period: Period) -> audit.Detail:
    return {name: day.date().isoformat() for name, day in (("since", period.since), ("until", period.until)) if day}


# --- time ------------------------------------------------------------------------------------------


def day_start(day: date | None, target: Target) -> str | None:
    """A practice-local date as the UTC stamp of its midnight."""
    if day is None:
        return None
    return utc_stamp(datetime.combine(day, datetime.min.time(), tzinfo=target.settings.zone))


@dataclass(frozen=True)
class Period:
    """--since DAY and --until DAY, in the practice's time zone; either may be left open."""

    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class Chosen:
    """`export`'s --status (repeatable; none: every status) and --include-spam (spam is left out unless
    asked for by either; the heartbeat's canaries always are): the desk's export keeps the same."""

    include_spam: bool = False
    statuses: tuple[str, ...] = ()

    def keeps(self, status: Status) -> bool:
        wanted = {s for choice in self.statuses for s in (OPEN if choice == OPEN_SET else {choice})} or set(STATUSES)
        hidden = {"canary"} if self.include_spam else set(HIDDEN)
        return status in wanted and (status not in hidden or status in self.statuses)


def date_range(target: Target, period: Period) -> tuple[str | None, str | None]:
    """--since DAY (from its start) and --until DAY (to its end, included), in the practice's time zone."""
    end = period.until.date() + timedelta(days=1) if period.until else None
    return day_start(period.since.date() if period.since else None, target), day_start(end, target)


def when(stamp: str | None, target: Target) -> str:
    return rows.local_time(stamp, target.settings.zone)


def short_name(lead: Lead) -> str:
    return f"{lead.first_name} {lead.last_initial}." if lead.last_initial else lead.first_name


# --- the group -------------------------------------------------------------------------------------

DATE = click.DateTime(formats=["%Y-%m-%d"])

PERIOD = bundled(
    "period",
    Period,
    click.option("--since", type=DATE, help="received on or after this day (YYYY-MM-DD, practice time)"),
    click.option("--until", type=DATE, help="received on or before this day"),
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@bundled(
    "where",
    Where,
    click.option("--stack", metavar="NAME", help="a deployed stack (lead-capture-prod); uses your AWS profile and region"),
    click.option("--local", is_flag=True, help="the running local stack (python3 infra/dev.py run)"),
    click.option("--local-url", metavar="URL", help="the local stack's address (default http://127.0.0.1:$PORT or :3000)"),
    click.option("--region", metavar="REGION", help="AWS region of the stack (default: your AWS configuration's)"),
    click.option("--profile", metavar="PROFILE", help="AWS profile (default: AWS_PROFILE)"),
)
@click.pass_context
def cli(ctx: click.Context, *, where: Where) -> None:
    """The practice's lead records: list, show, export, find, forget, status, note, spam, promote, redrive, stats."""
    ctx.obj = where


# --- reading ---------------------------------------------------------------------------------------


@cli.command("list")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice([OPEN_SET, *STATUSES]),
    help=f"only these statuses (repeatable); {OPEN_SET}: every one nobody has reached yet",
)
@PERIOD
@click.option("--urgent", is_flag=True, help="only leads whose message reads like a crisis")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10000), help="the most recent N")
@click.pass_context
@one_line_errors
def list_leads(ctx: click.Context, *, statuses: tuple[str, ...], period: Period, urgent: bool, limit: int) -> None:
    """Recent leads as a table: when, name (first name, last initial), status, urgent."""
    target = target_of(ctx)
    start, end = date_range(target, period)
    wanted = {s for choice in statuses for s in (OPEN if choice == OPEN_SET else {choice})} or (set(STATUSES) - HIDDEN)
    chosen = (
        lead for lead in target.store.scan(since=start, until=end, page_size=PAGE) if lead.status in wanted and (lead.urgent or not urgent)
    )
    # The newest N, holding N at a time: memory does not grow with the table.
    recent = heapq.nlargest(limit, chosen, key=lambda lead: lead.created_at)
    record(target, "leads_listed", detail={**period_detail(period), "status": ",".join(statuses), "rows": len(recent)})
    table = Table(title=f"{len(recent)} lead(s), newest first", title_justify="left")
    for column in ("received", "name", "status", "urgent", "id"):
        table.add_column(column, no_wrap=column in {"received", "id"})
    for lead in recent:
        table.add_row(when(lead.created_at, target), short_name(lead), lead.status, urgency(lead), lead.id)
    out().print(table)


@cli.command()
@click.argument("lead_id")
@click.pass_context
@one_line_errors
def show(ctx: click.Context, lead_id: str) -> None:
    """One lead in full, with its status history."""
    target = target_of(ctx)
    lead = target.store.get(lead_id)
    if lead is None:
        raise LeadNotFound(lead_id)
    record(target, "lead_viewed", lead_id=lead.id)
    print_lead(lead, target)


def print_lead(lead: Lead, target: Target) -> None:
    console = out()
    details = Table(show_header=False, box=None, title=f"lead {lead.id}", title_justify="left")
    details.add_column(style="bold")
    details.add_column()
    fields: list[tuple[str, object]] = [
        ("received", when(lead.created_at, target)),
        ("status", lead.status),
        ("urgent", "YES: the message reads like a crisis" if lead.urgent else "no"),
        ("spam trap", "caught by it (the hidden field was filled), kept as a lead because it reads urgent" if lead.trapped else None),
        ("name", f"{lead.first_name} {lead.last_name}"),
        ("email", lead.email),
        ("phone", lead.phone),
        ("how to reach", how_to_reach(lead, "en")),
        ("preferred contact", lead.preferred_contact),
        ("best time", ", ".join(lead.best_time)),
        ("session for", lead.session_for),
        ("message", lead.message),
        ("consent", f"version {lead.consent.version}, given {when(lead.consent.given_at, target)}"),
        ("text messages", f"agreed {when(lead.sms_consent.given_at, target)}" if lead.sms_consent else "not agreed"),
        ("emailed to coordinator", when(lead.notified_at, target)),
        ("reminded", when(lead.reminded_at, target)),
        ("escalated", when(lead.escalated_at, target)),
        ("email error", lead.notify_error),
        ("acknowledgement", _person_email(lead, "acknowledgement", target) if lead.acknowledge else None),
        ("close note", f"{lead.close_note}: {_person_email(lead, 'close_note', target)}" if lead.close_note else None),
        ("kept until", datetime.fromtimestamp(lead.expires_at, UTC).astimezone(target.settings.zone).strftime("%Y-%m-%d")),
        *sorted(lead.attribution.items()),
    ]
    for name, value in fields:
        if value not in (None, ""):
            details.add_row(name, str(value))
    console.print(details)
    history = Table(title="history", title_justify="left")
    for column in ("when", "status", "by"):
        history.add_column(column)
    for change in lead.history:
        history.add_row(when(change.at, target), change.status + (f" ({EVENT_WORDS[change.event]})" if change.event else ""), change.by)
    console.print(history)


# A history entry that records an event at the lead's status rather than a change of it.
EVENT_WORDS = {
    "close_note_requested": "close note asked for",
    "close_note_sent": "close note sent",
    "urgent_on_second_look": "marked urgent on a second look",
}


def _person_email(lead: Lead, kind: str, target: Target) -> str:
    """What became of an email to the person: asked for / sent, then what SES said (issue 23)."""
    sent = getattr(lead, "acknowledgement_sent_at" if kind == "acknowledgement" else "close_note_sent_at")
    words = f"sent {when(sent, target)}" if sent else "asked for, not sent"
    for event in ("delivered", "bounced", "complaint"):
        at = getattr(lead, f"{kind}_{event}_at")
        if at:
            words += f", {event} {when(at, target)}"
    if lead.email_ok is False:
        words += " (they asked not to be emailed)"
    return words


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-", help="a file (default: stdout)")
@PERIOD
@bundled(
    "chosen",
    Chosen,
    click.option("--include-spam", is_flag=True, help="also quarantined (honeypot) leads"),
    click.option("--status", "statuses", multiple=True, type=click.Choice([OPEN_SET, *STATUSES]),
                 help=f"only these statuses (repeatable); {OPEN_SET}: every one nobody has reached yet"),
)  # fmt: skip
@click.pass_context
@one_line_errors
def export_leads(ctx: click.Context, *, fmt: str, output: str, period: Period, chosen: Chosen) -> None:
    """Every lead as CSV (for Excel: UTF-8 with BOM, practice time) or JSON Lines, streamed."""
    target = target_of(ctx)
    start, end = date_range(target, period)
    leads = (lead for lead in target.store.scan(since=start, until=end, page_size=PAGE) if chosen.keeps(lead.status))
    with open_output(output) as stream:
        if fmt == "csv":
            written = rows.write_csv(leads, stream, zone=target.settings.zone, zone_name=target.settings.practice_timezone)
        else:
            written = rows.write_jsonl(leads, stream)
        count = with_progress(written, "exporting")
    detail: audit.Detail = {**period_detail(period), "status": ",".join(chosen.statuses), "format": fmt,
                            "spam": "included" if chosen.include_spam else "left out", "rows": count}  # fmt: skip
    record(target, "export", detail=detail)
    err_console().print(f"exported {count} lead(s)" + ("" if output == "-" else f" to {output}"))


@contextlib.contextmanager
def open_output(path: str) -> Iterator[IO[str]]:
    """The file, or stdout, as UTF-8 text without newline translation (csv writes its own CRLF)."""
    if path != "-":
        with open(path, "w", encoding="utf-8", newline="") as file:
            yield file
        return
    sys.stdout.flush()
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=True)
    try:
        yield stream
    finally:
        stream.flush()
        stream.detach()


def with_progress(items: Iterator[Any], label: str) -> int:
    """Consume `items`, with a live count on the terminal's stderr (nothing when it is not a terminal)."""
    console = err_console()
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} lead(s)"), TimeElapsedColumn())
    count = 0
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task(label, total=None)
        for _ in items:
            count += 1
            progress.advance(task)
    return count


# --- one person: find and forget -------------------------------------------------------------------


def person_options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option("--phone", help="phone number, any common format (US numbers without +1 are fine)")(command)
    return click.option("--email", help="email address")(command)


def leads_of_person(target: Target, email: str | None, phone: str | None) -> list[Lead]:
    if email is None and phone is None:
        raise click.UsageError("give --email and/or --phone")
    ids = target.store.find(person_keys(email=email, phone=phone, key=target.lookup_key))
    return [lead for lead in (target.store.get(i) for i in ids) if lead is not None]


def searched_by(email: str | None, phone: str | None) -> str:
    return "+".join(name for name, value in (("email", email), ("phone", phone)) if value is not None)


def person_table(leads: list[Lead], target: Target, title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("received", "name", "email", "phone", "status", "id"):
        table.add_column(column, no_wrap=column in {"received", "id"})
    for lead in sorted(leads, key=lambda lead: lead.created_at):
        table.add_row(
            when(lead.created_at, target), f"{lead.first_name} {lead.last_name}", lead.email or "", lead.phone or "", lead.status, lead.id
        )
    return table


@cli.command()
@person_options
@click.pass_context
@one_line_errors
def find(ctx: click.Context, email: str | None, phone: str | None) -> None:
    """Every lead of one person, by email or phone, through the lookup index (no table scan)."""
    target = target_of(ctx)
    leads = leads_of_person(target, email, phone)
    record(target, "find", detail={"by": searched_by(email, phone), "found": len(leads)})
    out().print(person_table(leads, target, f"{len(leads)} lead(s) of this person"))
    if leads:
        out().print("`leads show ID` prints one in full; `leads forget` with the same --email/--phone removes them.")


@cli.command()
@person_options
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
@click.pass_context
@one_line_errors
def forget(ctx: click.Context, email: str | None, phone: str | None, yes: bool) -> None:
    """Delete one person's data on request: their leads and idempotency and sent-email records."""
    target = target_of(ctx)
    leads = leads_of_person(target, email, phone)
    console = out()
    if not leads:
        console.print("Nothing is held for this person (no lead under this email or phone).")
        return
    planned = removal.plan([lead.id for lead in leads], target.records)
    console.print(person_table(leads, target, f"to remove: {len(leads)} lead(s)"))
    kept = planned.submission_records + planned.sent_email_records
    console.print(f"and {kept} idempotency record(s) (submission and sent-email records) that point at them,")
    console.print("and any dead letter of the SES events function that names them.")
    if not yes:
        click.confirm("Remove them for good?", abort=True)
    queue = target.ses_events_dead_letter_queue_url
    removed = removal.forget(planned, leads=target.store, records=target.records, sqs=target.client("sqs") if queue else None,
                             dead_letter_queue_url=queue)  # fmt: skip
    done = datetime.now(UTC)
    receipt = Table(title="receipt", show_header=False, title_justify="left")
    receipt.add_column(style="bold")
    receipt.add_column()
    receipt.add_row("removed at", f"{when(utc_stamp(done), target)} ({target.settings.practice_timezone})")
    receipt.add_row("leads removed", str(removed.leads))
    receipt.add_row("idempotency records removed (submissions)", str(removed.submission_records))
    receipt.add_row("sent-email records removed", str(removed.sent_email_records))
    record(target, "forget", detail={"by": searched_by(email, phone), **removal.counts(removed)})
    if removed.dead_letters is not None:
        receipt.add_row("SES event dead letters removed", str(removed.dead_letters))
    receipt.add_row("lead ids", ", ".join(lead.id for lead in leads))
    console.print(receipt)
    console.print(PITR_NOTE.format(date=(done + timedelta(days=35)).astimezone(target.settings.zone).strftime("%Y-%m-%d")))


# --- changes ---------------------------------------------------------------------------------------


@cli.command()
@click.argument("lead_id")
@click.argument("to", metavar=f"{'|'.join(ACTIONS)}|{REOPEN}", type=click.Choice([*ACTIONS, REOPEN]))
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
@click.pass_context
@one_line_errors
def status(ctx: click.Context, lead_id: str, to: str, yes: bool) -> None:
    """Record what happened: the same change the email's action links make. A mistaken outcome is
    corrected by recording the right one, or undone with `reopen`; the history keeps both."""
    target = target_of(ctx)
    lead = target.store.get(lead_id)
    if lead is None:
        raise LeadNotFound(lead_id)
    if not yes and lead.status != to:
        click.confirm(f"Change lead {lead_id} from {lead.status} to {to}?", abort=True)
    if to == REOPEN:
        result = reopen(lead_id, store=target.store, at=utc_stamp(), by="cli")
    else:
        result = change_status(lead_id, cast("Status", to), store=target.store, at=utc_stamp(), by="cli")
    record(target, "status_changed", lead_id=lead.id, detail={"press": to, "outcome": result.outcome, "status": result.status or ""})
    if result.outcome == "refused":
        raise click.ClickException(f"lead {lead_id} is {result.status}: it cannot become {to}")
    out().print(f"{lead_id}: {result.status}" + (" (unchanged: it already was)" if result.outcome == "unchanged" else ""))


@cli.command()
@click.argument("lead_id")
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
@click.pass_context
@one_line_errors
def note(ctx: click.Context, lead_id: str, yes: bool) -> None:
    """Send the person the kind close's note of a lead marked not_a_fit (the referral note) or no_response
    (that you tried): recorded on the lead, sent once by the person function. Never to a person who said no to email."""
    target = target_of(ctx)
    lead = target.store.get(lead_id)
    if lead is None:
        raise LeadNotFound(lead_id)
    if not yes and close_note_offer(lead) == "available":
        click.confirm(f"Send lead {lead_id} the {lead.status} note?", abort=True)
    asked = request_close_note(lead_id, store=target.store, at=utc_stamp(), by="cli")
    record(target, "close_note_requested", lead_id=lead.id, detail={"outcome": asked.outcome, "offer": asked.offer})
    if asked.outcome == "refused":
        raise click.ClickException(f"lead {lead_id}: no note ({NOTE_REFUSALS[asked.offer]})")
    out().print(
        f"{lead_id}: note {'asked for' if asked.outcome == 'requested' else 'already asked for'}; the person function sends it once"
    )


# Why `note` sends nothing (kernel/close_note.py Offer).
NOTE_REFUSALS = {
    "email_declined": "they asked not to be emailed",
    "no_email": "they gave no email address",
    "not_closed": "only a lead marked not_a_fit or no_response gets a note",
    "available": "try again",
    "requested": "already asked for",
    "sent": "already sent",
}


@cli.command()
@click.pass_context
@one_line_errors
def spam(ctx: click.Context) -> None:
    """Quarantined leads (honeypot filled), to review: `show` one, `promote` a real person."""
    target = target_of(ctx)
    found = sorted(quarantined(target.store), key=lambda q: q.created_at, reverse=True)
    record(target, "leads_listed", detail={"status": "spam", "rows": len(found)})
    table = Table(title=f"{len(found)} quarantined lead(s)", title_justify="left")
    for column in ("received", "urgent", "channels", "message", "deleted after", "id"):
        table.add_column(column, no_wrap=True)
    for q in found:
        expires = datetime.fromtimestamp(q.expires_at, UTC).astimezone(target.settings.zone).strftime("%Y-%m-%d")
        table.add_row(
            when(q.created_at, target), "URGENT" if q.urgent else "", "+".join(q.channels), f"{q.message_chars} chars", expires, q.id
        )
    out().print(table)


@cli.command()
@click.argument("lead_id")
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
@click.pass_context
@one_line_errors
def promote(ctx: click.Context, lead_id: str, yes: bool) -> None:
    """Promote a quarantined lead (a false positive): normal retention, and the coordinator is emailed once."""
    target = target_of(ctx)
    lead = target.store.get(lead_id)
    if lead is None:
        raise LeadNotFound(lead_id)
    if lead.status != "spam" and lead.notified_at:
        out().print(f"{lead_id}: already promoted and emailed ({lead.status}); nothing to do")
        return
    if not yes:
        click.confirm(f"Promote lead {lead_id} and email the coordinator?", abort=True)
    release(lead_id, store=target.store, retention_days=target.settings.retention_days)
    record(target, "promoted", lead_id=lead.id)
    failures = target.notify(stream_event([lead_id])).get("batchItemFailures", [])
    after = target.store.get(lead_id)
    if failures or after is None or not after.notified_at:
        state = after.status if after else "gone"
        raise click.ClickException(f"lead {lead_id} is {state} but the coordinator email did not go out yet: run `leads redrive`")
    out().print(f"{lead_id}: promoted ({after.status}); coordinator emailed {when(after.notified_at, target)}")


@cli.command("redrive")
@click.option("--apply", is_flag=True, help="re-send and clear the dead letters (default: a dry run)")
@click.option("--include-failed", is_flag=True, help="also retry leads SES refused (notify_failed), once the cause is fixed")
@click.option("--min-age-minutes", type=click.IntRange(0), default=int(DEFAULT_MIN_AGE.total_seconds() // 60), show_default=True)
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
@click.pass_context
@one_line_errors
def redrive_command(ctx: click.Context, apply: bool, include_failed: bool, min_age_minutes: int, yes: bool) -> None:
    """Re-send what the notifier gave up on (dead letters, leads stuck in `new`), each exactly once."""
    target = target_of(ctx)
    waiting = Waiting(min_age=timedelta(minutes=min_age_minutes), include_failed=include_failed)
    console = out()
    if apply and not yes:
        redrive(target, apply=False, waiting=waiting, say=console.print)
        click.confirm("Re-send these now?", abort=True)
    report = redrive(target, apply=apply, waiting=waiting, say=console.print)
    if report.failed:
        sys.exit(1)


@cli.command()
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
@click.pass_context
@one_line_errors
def reindex(ctx: click.Context, yes: bool) -> None:
    """Write every lead's lookup hashes: adds them to leads stored without (before the index, or while its key
    was unreadable) and brings older hashes up to the current rules (a phone's extension left out)."""
    target = target_of(ctx)
    key = target.lookup_key
    if not yes:
        click.confirm("Scan every lead once and write its lookup hashes?", abort=True)
    added = 0
    for lead in target.store.scan():
        added += target.store.index(lead.id, lookup_keys(lead, key))
    out().print(f"indexed {added} lead(s)")


@cli.command("stats")
@click.option("--weeks", default=8, show_default=True, type=click.IntRange(1, 520), help="how many recent weeks to show")
@click.pass_context
@one_line_errors
def stats_command(ctx: click.Context, weeks: int) -> None:
    """This month and last (the desk's figures), counts by status and week, time to contact, urgent leads and escalations."""
    target = target_of(ctx)
    zone = target.settings.zone
    calendar = BusinessCalendar.from_settings(target.settings)
    result = figures.compute(target.store.scan(page_size=PAGE), zone=zone, calendar=calendar, now=now())
    console = out()
    assert result.months is not None
    months = Table(title=f"this month and last (the desk's figures page; {target.settings.practice_timezone})", title_justify="left")
    for column in ("figure", result.months.this_month.name, result.months.last_month.name):
        months.add_column(column, justify="left" if column == "figure" else "right")
    for row in figures.table(result.months):
        months.add_row(*row)
    console.print(months)
    by_status = Table(title=f"{result.requests} request(s) held", title_justify="left")
    by_status.add_column("status")
    by_status.add_column("leads", justify="right")
    for name in STATUSES:
        if result.by_status[name]:
            by_status.add_row(name, str(result.by_status[name]))
    console.print(by_status)
    by_week = Table(title=f"by week (weeks start Monday, {target.settings.practice_timezone})", title_justify="left")
    for column in ("week of", "received", "contacted", "booked"):
        by_week.add_column(column, justify="left" if column == "week of" else "right")
    for monday, counts in result.weeks()[-weeks:]:
        by_week.add_row(monday.isoformat(), str(counts["received"]), str(counts["contacted"]), str(counts["booked"]))
    console.print(by_week)
    median = result.median_hours_to_contact
    console.print(f"median time to contact: {'n/a (none contacted yet)' if median is None else f'{median:.1f} business hours'}")
    console.print(f"urgent requests: {result.urgent}")
    console.print(f"coordinator email bounced (sent to the escalation address): {result.bounced}")
    console.print(f"reminders sent: {result.reminders}")
    console.print(f"escalated (still open a business day after the promise): {result.escalated}")
    console.print(f"not a fit: {result.not_a_fit}, referred on (the referral note sent): {result.referred_on}")
    console.print(f"never answered (no response): {result.never_answered}, told the practice tried (note sent): {result.told_we_tried}")
    console.print(f"acknowledgements sent to the person: {result.acknowledged}")


def now() -> datetime:
    """The tool's clock (tests set it: which months are "this" and "last")."""
    return datetime.now(UTC)


def main() -> None:
    cli(prog_name="leads")


@cli.command()
@click.pass_context
@one_line_errors
def doctor(ctx: click.Context) -> None:
    """The first deploy's silent traps, one line each with its fix: SES sandbox, sender identity and DKIM,
    unverified recipients, an unconfirmed alarm subscription, a heartbeat that has not run. Exits 1 when one is found."""
    where: Where = ctx.obj
    if not where.stack:
        raise click.UsageError("doctor checks a deployed stack: pass --stack NAME")
    target = target_of(ctx)
    facts = StackFacts.read(target.client("cloudformation"), where.stack)
    findings = list(diagnose(target.client, facts))
    for finding in findings:
        click.echo(finding.line())
    problems = sum(not f.ok for f in findings)
    click.echo(f"{problems} thing(s) to fix" if problems else "nothing to fix")
    if problems:
        ctx.exit(1)


# The desk's people (issue 21): `leads users add|list|disable|remove`.
from . import users as _users  # noqa: E402 - registered after the group and its helpers exist

_users.commands(cli, target_of, one_line_errors, out, record)


@cli.command("audit")
@click.option("--user", default="", help="one person's records: a desk user's id (Cognito sub) or an AWS principal's ARN")
@click.option("--lead", "lead_id", default="", help="one lead's records")
@PERIOD
@click.option("--limit", default=200, show_default=True, type=click.IntRange(1, 100000), help="the most recent N")
@click.pass_context
@one_line_errors
def audit_command(ctx: click.Context, *, user: str, lead_id: str, period: Period, limit: int) -> None:
    """The audit trail, newest first: who signed in, opened, changed, exported or forgot what (never a value)."""
    target = target_of(ctx)
    start, end = date_range(target, period)
    wanted = Filter(user=user.strip(), lead_id=lead_id.strip(), since=start or "", until=end or "")
    table = Table(title="audit trail, newest first", title_justify="left")
    for column in ("when", "who", "via", "what", "lead", "detail"):
        table.add_column(column, no_wrap=column in {"when", "lead"})
    shown = 0
    for entry in target.audit.every(wanted):
        if shown == limit:
            break
        detail = ", ".join(f"{k}={v}" for k, v in sorted(entry.detail.items()) if v != "")
        who = entry.who.name or entry.who.id or "(unknown)"
        table.add_row(when(entry.at, target), who, entry.who.via, entry.action, entry.lead_id or "", detail)
        shown += 1
    table.title = f"{shown} audit record(s), newest first"
    out().print(table)
