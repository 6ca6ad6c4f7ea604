"""The heartbeat function's collaborators, built once per process from its settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from leadcapture.adapters.aws import Clients, clients, per_process
from leadcapture.adapters.environment import load
from leadcapture.adapters.keys import KeySource, canary_key
from leadcapture.heartbeat.adapters.api_client import ApiPoster
from leadcapture.heartbeat.settings import HeartbeatSettings


@dataclass
class Wiring:
    settings: HeartbeatSettings
    clients: Clients

    @cached_property
    def canary_key(self) -> KeySource:
        s = self.settings
        return canary_key(s.canary_key_secret, s.canary_key.get_secret_value(), self.clients.secretsmanager)

    @cached_property
    def poster(self) -> ApiPoster:
        # Submit answers within its own 10 s timeout; a little more covers API Gateway and TLS.
        return ApiPoster(self.settings.heartbeat_url, timeout_seconds=15)


current = per_process(lambda: Wiring(load(HeartbeatSettings), clients()))
