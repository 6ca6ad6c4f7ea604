"""The lookup index's keys: find every lead of one person by email or phone without reading the table.

A person asking "what do you hold about me?" or "delete my data" is found by their email address or
phone number. The leads table is keyed by a random id, so each lead also carries a keyed hash
(HMAC-SHA256) of its normalized email and of its E.164 phone, and two sparse indexes on those
hashes answer the question with a query, not a scan. The hashes are keyed with a secret the stack
generates (Secrets Manager), so the index holds no new plaintext and cannot be reversed by hashing
every phone number of a city without the key.

Both sides normalize the same way: the submit path hashes what the contract's validators stored,
and a lookup runs the typed-in value through the same validators (the phone rule's region is US),
so "818 821 6012", "(818) 821-6012" and "+18188216012" find the same person. A phone's extension is
left out of its hash: a desk line given once with "ext. 5" and once without is one person. Email
addresses are compared in lower case: the contract keeps the local part's case as typed, a person
rarely does. Leads hashed before a change of these rules are hashed again by `leads reindex`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from pydantic import TypeAdapter, ValidationError

from leadcapture.kernel.errors import FieldError, InvalidSubmission
from leadcapture.kernel.fields import Email, Phone, field_error

if TYPE_CHECKING:
    from leadcapture.kernel.lead import Lead

# Different labels keep an email's hash and a phone's hash apart even for the same text.
_EMAIL_LABEL = b"email\x00"
_PHONE_LABEL = b"phone\x00"


@dataclass(frozen=True, slots=True)
class LookupKeys:
    """The keyed hashes one lead is indexed by, or one person is looked up by (None: not given)."""

    email_hash: str | None = None
    phone_hash: str | None = None

    def __bool__(self) -> bool:
        return bool(self.email_hash or self.phone_hash)


def _digest(label: bytes, value: str, key: bytes) -> str:
    return hmac.new(key, label + value.encode("utf-8"), hashlib.sha256).hexdigest()


def email_hash(normalized_email: str, key: bytes) -> str:
    return _digest(_EMAIL_LABEL, normalized_email.lower(), key)


def phone_hash(e164_phone: str, key: bytes) -> str:
    """The number's hash, without its extension: "+18188216012;ext=5" is the same person as "+18188216012"."""
    return _digest(_PHONE_LABEL, e164_phone.partition(";")[0], key)


def lookup_keys(lead: Lead, key: bytes) -> LookupKeys:
    """The hashes a stored lead is indexed by (its email and phone are already normalized)."""
    return LookupKeys(
        email_hash=email_hash(lead.email, key) if lead.email else None,
        phone_hash=phone_hash(lead.phone, key) if lead.phone else None,
    )


@cache
def lookup_rules() -> tuple[TypeAdapter[str | None], TypeAdapter[str | None]]:
    """The contract's email and phone rules for a typed-in value, built on first lookup.

    Not at import: only the leads tool looks a person up, and building both would cost every
    function's cold start about 6 ms.
    """
    return TypeAdapter(Email), TypeAdapter(Phone)


def person_keys(*, email: str | None, phone: str | None, key: bytes) -> LookupKeys:
    """The hashes to look a person up by, from an email and/or phone as typed.

    Raises InvalidSubmission naming the field (never the value) when one is not a valid address or
    number under the contract's rules.
    """
    errors: list[FieldError] = []
    keys = LookupKeys()
    email_rule, phone_rule = lookup_rules()
    if email is not None:
        try:
            normal = email_rule.validate_python(email)
        except ValidationError as err:
            errors.append(field_error({**err.errors(include_input=False)[0], "loc": ("email",)}))
        else:
            keys = LookupKeys(email_hash(normal, key) if normal else None, keys.phone_hash)
    if phone is not None:
        try:
            normal = phone_rule.validate_python(phone)
        except ValidationError as err:
            errors.append(field_error({**err.errors(include_input=False)[0], "loc": ("phone",)}))
        else:
            keys = LookupKeys(keys.email_hash, phone_hash(normal, key) if normal else None)
    if errors:
        raise InvalidSubmission(errors)
    return keys
