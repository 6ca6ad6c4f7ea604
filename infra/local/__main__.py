"""`python -m infra.local [--port N]`: run the local stack until Ctrl-C (or SIGTERM).

`python3 infra/dev.py run` is the way in: it sets up .venv first, then runs this.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from types import FrameType

from .stack import Stack


def _say(message: str) -> None:
    print(f"[local] {message}", flush=True)


def _port(value: str) -> int:
    port = int(value)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError("a port is 0-65535 (0 picks a free one)")
    return port


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python3 infra/dev.py run", description="The whole product on one local port.")
    default_port = _port(os.environ.get("PORT", "3000"))
    parser.add_argument("--port", type=_port, default=default_port, help="port on 127.0.0.1 (default: $PORT or 3000; 0 picks a free one)")
    parser.add_argument("--no-notify", action="store_true", help="do not feed the notify function from the stream")
    parser.add_argument("--create-tables", action="store_true", help="create missing tables in the AWS named by the environment")
    return parser.parse_args(argv)


def email_detail_note(stack: Stack) -> str:
    # The deployed default is a notice without the person's details (docs/deploy.md): say so, and how to see more.
    level = stack.env.get("EMAIL_DETAIL") or "minimal"
    return "notices: no name, no message; EMAIL_DETAIL=full shows everything" if level == "minimal" else f"EMAIL_DETAIL={level}"


def banner(stack: Stack) -> str:
    url = stack.url
    lines = [
        f"lead-capture local stack on {url}/",
        f"  form         {url}/",
        f"  API          POST {url}/consultations",
        f"  outbox       {url}/_local/outbox   (the coordinator's emails, {email_detail_note(stack)}; JSON with Accept: application/json)",
        f"  leads        {url}/_local/leads",
        f"  heartbeat    POST {url}/_local/heartbeat   (one signed synthetic submission, stored as a canary, never emailed)",
        f'  follow-ups   POST {url}/_local/tick  {{"now": "<ISO-8601 instant>"}}   (runs the 15-minute schedule at that instant)',
        f"  texts        {url}/_local/sms   (urgent pages to the on-call phones; the tick also runs the paging steps due by its instant)",
        f"  OpenAPI      {url}/openapi.json",
        f"  desk         {url}/desk/   (sign in: below; GET {url}/_local/users lists the people as JSON)",
        f"  records      python3 infra/dev.py leads --local{'' if url.endswith(':3000') else ' --local-url ' + url} list",
    ]
    if stack.aws_source is None:
        lines += [
            "AWS: moto, embedded and in memory. Every lead and email is gone when the stack stops.",
            "  To use real AWS or another endpoint instead, set AWS_PROFILE, AWS_ENDPOINT_URL or LEAD_CAPTURE_AWS=real.",
        ]
    else:
        lines += [
            f"AWS: the one named by {stack.aws_source} (moto is not started; the outbox needs moto).",
            "  Tables come from LEADS_TABLE_NAME, IDEMPOTENCY_TABLE_NAME and RATE_LIMIT_TABLE_NAME.",
        ]
        if stack.poller is not None:
            lines.append("  If a deployed notify function already reads this table's stream, run with --no-notify.")
    if stack.poller is None:
        lines.append("The notify function is not fed (--no-notify): no email is sent.")
    if stack.desk_users:
        from .users import totp_code

        lines.append(f"Desk sign-in at {url}/desk/ (the authenticator's code changes every 30 s; GET /_local/users):")
        lines += [
            f"  {user.role:<12} {user.email}  password {user.password}  TOTP secret {user.totp_secret}"
            f"  code now {totp_code(user.totp_secret)}"
            for user in stack.desk_users
        ]
    lines.append("Ctrl-C stops it.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    stack = Stack(port=args.port, notify=not args.no_notify, create_tables=args.create_tables, say=_say)
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        stack.start()
    except OSError as err:
        stack.stop()
        print(f"cannot start: {err.strerror or err} (port {args.port}; set PORT or --port to use another)", file=sys.stderr)
        return 1
    except Exception as err:
        stack.stop()
        print(f"cannot start: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    print(banner(stack), flush=True)
    while not stopping.wait(0.5):
        pass
    _say("stopping")
    stack.stop()
    _say("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
