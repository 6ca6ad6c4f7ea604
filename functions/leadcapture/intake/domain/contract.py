"""What the consultation form sends and the rules it must meet: the contract (docs/contract.md).

`ConsultationRequest` holds the per-field rules (pydantic v2, from `kernel/fields.py`);
`validate_submission` adds the rules that span fields and turns every failure into a `FieldError`
that names the field and the rule, never the value. `new_lead` turns a valid request into the lead
we store: only fields named there are ever stored, and ids, status and timestamps come from the
server alone.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema
from pydantic_core import PydanticCustomError

from leadcapture.intake.domain.triage import reads_like_crisis
from leadcapture.intake.website.form_fields import LIST_FIELDS
from leadcapture.kernel.errors import FieldError, InvalidSubmission
from leadcapture.kernel.fields import Attribution, Checkbox, Email, FullName, Message, Name, Phone, YesNo, checkbox, choice, field_error
from leadcapture.kernel.lead import ATTRIBUTION_FIELDS, BEST_TIMES, BestTime, Consent, ContactMethod, Lead, SessionFor, split_name
from leadcapture.kernel.messages import Language, language_of
from leadcapture.kernel.status import Status, StatusChange
from leadcapture.kernel.timestamps import utc_stamp


def _consent(value: object) -> bool:
    if value is None:
        raise PydanticCustomError("missing", "is required")
    if checkbox(value) is not True:
        raise PydanticCustomError("consent_required", "must be accepted to send the request")
    return True


def _best_times(value: object) -> tuple[str, ...]:
    """One or several times of day: a list (a checkbox group posts the name once per box, JSON an
    array), a comma list ("morning,evening") or one value; blanks are none. In BEST_TIMES order, once each."""
    given = value if isinstance(value, list | tuple) else [] if value is None else [value]
    chosen: set[str] = set()
    for item in given:
        if not isinstance(item, str):
            raise PydanticCustomError("literal_error", "must be one of: {expected}", {"expected": _EXPECTED_TIMES})
        for word in (part.strip() for part in item.split(",")):
            if word and word not in BEST_TIMES:
                raise PydanticCustomError("literal_error", "must be one of: {expected}", {"expected": _EXPECTED_TIMES})
            if word:
                chosen.add(word)
    return tuple(time for time in BEST_TIMES if time in chosen)


_EXPECTED_TIMES = ", ".join(f"'{time}'" for time in BEST_TIMES)
_YES_NO_SCHEMA = WithJsonSchema({"anyOf": [{"enum": ["yes", "no"]}, {"type": "boolean"}, {"type": "null"}]})
_BEST_TIME_SCHEMA = WithJsonSchema(
    {
        "anyOf": [
            {"type": "array", "items": {"enum": list(BEST_TIMES)}},
            {"type": "string", "description": "one of them, or several separated by commas"},
            {"type": "null"},
        ]
    }
)


class ConsultationRequest(BaseModel):
    """The form, field by field, as the contract describes it. Unknown fields are dropped."""

    model_config = ConfigDict(extra="ignore", frozen=True, title="ConsultationRequest")

    # Either one full name, or a first and a last name (validate_submission checks which).
    name: FullName = None
    first_name: Name = None
    last_name: Name = None
    email: Email = None
    phone: Phone = None
    preferred_contact: Annotated[ContactMethod | None, BeforeValidator(choice)] = None
    best_time: Annotated[
        tuple[BestTime, ...],
        BeforeValidator(_best_times),
        _BEST_TIME_SCHEMA,
        Field(description="Every time of day that suits: repeated (checkboxes), an array, or a comma list."),
    ] = ()
    session_for: Annotated[SessionFor | None, BeforeValidator(choice)] = None
    message: Message = None
    consent: Annotated[bool, BeforeValidator(_consent)] = Field(description="Must be true: agreement to be contacted.")
    sms_consent: Checkbox = None
    # How to reach them and how not (issue 23); the acknowledgement email they may ask for (off by default).
    voicemail_ok: Annotated[YesNo, _YES_NO_SCHEMA, Field(description="May the practice leave a voicemail: yes or no.")] = None
    email_ok: Annotated[YesNo, _YES_NO_SCHEMA, Field(description="May the practice email them at all: yes or no.")] = None
    acknowledge: Annotated[Checkbox, Field(description="Send them a short acknowledgement email (never when email_ok is no).")] = None
    page_url: Attribution = None
    referrer: Attribution = None
    utm_source: Attribution = None
    utm_medium: Attribution = None
    utm_campaign: Attribution = None
    website: Annotated[str | None, Field(description="Honeypot: leave empty.")] = None
    lang: Annotated[
        Language | None,
        BeforeValidator(language_of),
        Field(description="The person's language (en or es; a tag such as es-MX counts as es); else Accept-Language."),
    ] = None


def validate_submission(data: Mapping[str, object], *, repeated: frozenset[str] = frozenset()) -> ConsultationRequest:
    """Check a parsed submission against every rule; raise InvalidSubmission listing each field.

    `repeated` names the keys the body held more than once (a form field sent twice, a duplicate
    JSON key): for a field we read, that is an error rather than a silent pick of one value.
    """
    errors: list[FieldError] = []
    try:
        request = ConsultationRequest.model_validate(dict(data))
    except ValidationError as err:
        seen: set[str] = set()
        for item in err.errors(include_url=False, include_input=False):
            error = field_error(item)
            if error.field not in seen:
                seen.add(error.field)
                errors.append(error)
        request = None
    errors.extend(_name_errors(data, {e.field for e in errors}))
    known = ConsultationRequest.model_fields
    for name in sorted(repeated):
        if name in known and name not in LIST_FIELDS and all(e.field != name for e in errors):
            errors.append(FieldError(name, "repeated"))
    if request is not None:
        errors.extend(_cross_field_errors(request))
    if errors:
        raise InvalidSubmission(errors)
    assert request is not None
    return request


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _name_errors(data: Mapping[str, object], failed: set[str]) -> list[FieldError]:
    """A full name, or both a first and a last name. A form with a `name` field is told about that field."""
    if _given(data.get("name")) or "name" in failed:
        return []
    if "name" in data and "first_name" not in data and "last_name" not in data:
        return [FieldError("name", "missing")]
    return [FieldError(f, "missing") for f in ("first_name", "last_name") if f not in failed and not _given(data.get(f))]


def _cross_field_errors(request: ConsultationRequest) -> list[FieldError]:
    if request.email is None and request.phone is None:
        return [
            FieldError("email", "contact_required"),
            FieldError("phone", "contact_required"),
        ]
    method = request.preferred_contact
    if method == "email" and request.email is None:
        return [FieldError("email", "email_required_for_email")]
    if method in {"phone", "text"} and request.phone is None:
        return [FieldError("phone", f"phone_required_for_{method}")]
    if method == "text" and request.sms_consent is not True:
        return [FieldError("sms_consent", "sms_consent_required")]
    if method == "email" and request.email_ok is False:
        # "Reach me by email" and "do not email me": the practice could honour neither.
        return [FieldError("email_ok", "email_declined_for_email")]
    return []


def answered_in(request: ConsultationRequest, language: Language | None) -> ConsultationRequest:
    """The request with `lang` as its field's rule says: the body's, else the language the person
    was answered in (Accept-Language, else the practice's), which the lead then keeps."""
    if request.lang is not None or language is None:
        return request
    return request.model_copy(update={"lang": language})


def new_lead(request: ConsultationRequest, *, now: datetime, consent_version: str, retention_days: int, status: Status = "new") -> Lead:
    """The lead to store from a valid request (in its person's language: `answered_in`)."""
    at = now.astimezone(UTC)
    stamp = utc_stamp(at)
    method: ContactMethod = request.preferred_contact or ("email" if request.email else "phone")
    attribution = {name: value for name in ATTRIBUTION_FIELDS if (value := getattr(request, name))}
    language = request.lang
    if request.first_name and request.last_name:
        first, last = request.first_name, request.last_name
    else:
        assert request.name is not None  # validate_submission: a full name, or a first and a last name
        first, last = split_name(request.name, language=language)
    return Lead(
        id=str(uuid.uuid4()),
        created_at=stamp,
        status=status,
        first_name=first,
        last_name=last,
        full_name=request.name,
        language=language,
        email=request.email,
        phone=request.phone,
        preferred_contact=method,
        best_time=request.best_time,
        session_for=request.session_for,
        message=request.message,
        consent=Consent(consent_version, stamp),
        sms_consent=Consent(consent_version, stamp) if request.sms_consent else None,
        voicemail_ok=request.voicemail_ok,
        email_ok=request.email_ok,
        acknowledge=bool(request.acknowledge),
        attribution=attribution,
        urgent=reads_like_crisis(request.message),
        expires_at=int((at + timedelta(days=retention_days)).timestamp()),
        history=(StatusChange(status, stamp, "form"),),
    )
