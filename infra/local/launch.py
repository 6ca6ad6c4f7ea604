"""Start the local stack as a real subprocess on a free port, and stop it: for tests and scripts.

The child gets this process's environment minus anything that names an AWS (so it embeds its own
moto), with `RATE_LIMIT_PER_HOUR=0` unless told otherwise. Its console output is kept, so callers
can show it on failure or search it for personal data.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_URL = re.compile(r"local stack on (http://127\.0\.0\.1:\d+)/")


def clean_environment(drop: frozenset[str] = frozenset(), **extra: str) -> dict[str, str]:
    """This environment without AWS settings (and `drop`), plus what the stack needs to start."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k not in drop and k != "LEAD_CAPTURE_AWS"}
    # This checkout's code first, whatever is installed in the environment (a worktree, another clone).
    env.update({"PYTHONUNBUFFERED": "1", "PYTHONPATH": os.pathsep.join([str(ROOT / "functions"), str(ROOT)]), "RATE_LIMIT_PER_HOUR": "0"})
    env.update(extra)
    return env


@dataclass
class LocalStack:
    process: subprocess.Popen[str]
    url: str = ""
    output: list[str] = field(default_factory=list)

    def console(self) -> str:
        return "".join(self.output)

    def stop(self, sig: int = signal.SIGINT, timeout: float = 30.0) -> int:
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


def start(*args: str, env: dict[str, str] | None = None, timeout: float = 60.0, kind: type[LocalStack] = LocalStack) -> LocalStack:
    """`python -m infra.local ARGS` until its banner names the URL; its output is drained."""
    process = subprocess.Popen(
        [sys.executable, "-m", "infra.local", *args],
        cwd=ROOT,
        env=env or clean_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    stack = kind(process)
    ready = threading.Event()

    def drain() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            stack.output.append(line)
            match = _URL.search(line)
            if match and not stack.url:
                stack.url = match.group(1)
                ready.set()
        ready.set()

    threading.Thread(target=drain, daemon=True).start()
    if not ready.wait(timeout) or not stack.url:
        process.kill()
        raise RuntimeError("the local stack did not start:\n" + stack.console())
    return stack
