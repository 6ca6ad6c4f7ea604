"""The domain suite stays pure: no socket, no boto3, botocore or moto, no wiring.

A test here that opens a socket, or imports an AWS library, fails: the rules are tested with the
in-memory fakes of tests/fakes.py, and the adapters belong to tests/integration.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator

import pytest

AWS_LIBRARIES = ("boto3", "botocore", "moto")


class SocketUsed(AssertionError):
    pass


def _no_socket(*args: object, **kwargs: object) -> None:
    raise SocketUsed("a domain test opened a socket or looked up a host name")


@pytest.fixture(autouse=True)
def _pure(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname", "getfqdn"):
        monkeypatch.setattr(socket, name, _no_socket)
    # None in sys.modules makes `import x` raise ImportError, also when another suite loaded it first.
    for name in {m for m in sys.modules if m.split(".")[0] in AWS_LIBRARIES} | set(AWS_LIBRARIES):
        monkeypatch.setitem(sys.modules, name, None)
    yield


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    """Replaces tests/conftest.py's fixture of that name: no domain test builds a wiring, so there is
    none to reset, and importing one would load the adapters and Powertools for nothing."""
