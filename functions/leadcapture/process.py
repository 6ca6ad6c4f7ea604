"""Process-wide state: the settings, AWS clients and collaborators each module caches on first use.

In Lambda they live as long as the execution environment. Tests, the local stack and the measuring
scripts change the environment (moto, another endpoint, other settings) and call `reset()` so
that everything is built again from it. One list, so no cache is forgotten.
"""

from __future__ import annotations


def reset() -> None:
    from . import aws, config, idempotency, leads, mail, ratelimit, turnstile

    config.get_settings.cache_clear()
    aws.reset()
    leads.default_store.cache_clear()
    mail.default_mailer.cache_clear()
    idempotency.default_deduplicator.cache_clear()
    idempotency.default_sent_emails.cache_clear()
    ratelimit.reset()
    turnstile.reset()
