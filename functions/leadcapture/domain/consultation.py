"""What the consultation form sends, the rules it must meet, and the lead we store.

`ConsultationRequest` holds the per-field rules (pydantic v2); `validate_submission` adds the
rules that span fields and turns every failure into a `FieldError` that names the field and the
rule, never the value. `Lead` is what goes into the table: only fields named here are ever
stored, and ids, status and timestamps come from the server alone.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError
from pydantic_core import PydanticCustomError

from .errors import FieldError, InvalidSubmission
from .status import Status, StatusChange
from .text import has_encoded_word, has_visible_letter, mentions_urgent, normalize_line, normalize_multiline, unsafe_character
from .timestamps import utc_stamp
from .triage import reads_like_crisis

ContactMethod = Literal["email", "phone", "text"]
BestTime = Literal["morning", "afternoon", "evening", "anytime"]
SessionFor = Literal["individual", "couples", "family", "child_teen", "not_sure"]

NAME_MAX = 80
MESSAGE_MAX = 2000
ATTRIBUTION_MAX = 300
EMAIL_MAX = 254
PHONE_INPUT_MAX = 40
# Keeps the stored form ("+" 15 digits ";ext=" 10 digits) within PHONE_INPUT_MAX too.
PHONE_EXTENSION_MAX = 10
DEFAULT_PHONE_REGION = "US"

TRUE_WORDS = frozenset({"on", "true", "yes", "1"})
FALSE_WORDS = frozenset({"off", "false", "no", "0", ""})

ATTRIBUTION_FIELDS = ("page_url", "referrer", "utm_source", "utm_medium", "utm_campaign")


# --- field rules (each raises PydanticCustomError with a message that never holds the value) ---


def _text(value: object) -> str:
    if value is None:
        raise PydanticCustomError("missing", "is required")
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "must be text")
    return value


def _single_line(value: object) -> str:
    text = normalize_line(_text(value))
    bad = unsafe_character(text)
    if bad is not None:
        raise PydanticCustomError("unsafe_character", "must not contain control or invisible characters ({name})", {"name": bad})
    if has_encoded_word(text):
        raise PydanticCustomError("encoded_word", "must not contain MIME encoded words")
    return text


def _name(value: object) -> str:
    text = _single_line(value)
    if text and not has_visible_letter(text):
        raise PydanticCustomError("name_letter", "must contain at least one letter")
    if mentions_urgent(text):
        # The subject's [URGENT] marker is set by triage alone, and always first.
        raise PydanticCustomError("name_urgent", "must not contain the word urgent")
    return text


def _optional(rule: Any) -> Any:
    def check(value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return rule(value)

    return check


def _email(value: object) -> str:
    text = _single_line(value)
    if len(text) > EMAIL_MAX:
        raise PydanticCustomError("string_too_long", "must be at most {max_length} characters", {"max_length": EMAIL_MAX})
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise PydanticCustomError("email", "must be a single valid email address") from None
    if _mixes_scripts(checked.normalized):
        raise PydanticCustomError("email_mixed_script", "must not mix alphabets within a part of the address")
    return checked.normalized


def _mixes_scripts(address: str) -> bool:
    """True when one dot-separated part mixes letters of different alphabets (a homoglyph trick)."""
    for part in address.replace("@", ".").split("."):
        scripts = {unicodedata.name(c, "?").split(" ")[0] for c in part if c.isalpha()}
        if len(scripts) > 1:
            return True
    return False


def _phone(value: object) -> str:
    text = _single_line(value)
    if len(text) > PHONE_INPUT_MAX:
        raise PydanticCustomError("string_too_long", "must be at most {max_length} characters", {"max_length": PHONE_INPUT_MAX})
    import phonenumbers

    try:
        number = phonenumbers.parse(text, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        raise PydanticCustomError("phone", "must be a valid phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise PydanticCustomError("phone", "must be a valid phone number")
    e164 = str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    if not number.extension:
        return e164
    if len(number.extension) > PHONE_EXTENSION_MAX:
        raise PydanticCustomError("phone_extension", "extension must be at most {max} digits", {"max": PHONE_EXTENSION_MAX})
    # E.164 with the extension as RFC 3966 writes it: "+18188216012;ext=5" (also the tel: link).
    return f"{e164};ext={number.extension}"


def _message(value: object) -> str:
    text = normalize_multiline(_text(value))
    bad = unsafe_character(text, multiline=True)
    if bad is not None:
        raise PydanticCustomError("unsafe_character", "must not contain control or invisible characters ({name})", {"name": bad})
    return text


def checkbox(value: object) -> bool | None:
    """A checkbox or boolean: JSON true/false, or the strings a form or script may send."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise PydanticCustomError("bool_type", "must be a checkbox value (on, true, yes or 1) or false")


def _consent(value: object) -> bool:
    if value is None:
        raise PydanticCustomError("missing", "is required")
    if checkbox(value) is not True:
        raise PydanticCustomError("consent_required", "must be accepted to send the request")
    return True


def _choice(value: object) -> object:
    if isinstance(value, str):
        return value.strip() or None
    return value


# The rule runs first (type, normalization, safety), then the length check on the normalized text,
# so lengths are counted in code points after trimming and NFC.
Name = Annotated[Annotated[str, StringConstraints(min_length=1, max_length=NAME_MAX)], BeforeValidator(_name)]
Email = Annotated[Annotated[str, StringConstraints(max_length=EMAIL_MAX)] | None, BeforeValidator(_optional(_email))]
Phone = Annotated[Annotated[str, StringConstraints(max_length=PHONE_INPUT_MAX)] | None, BeforeValidator(_optional(_phone))]
Message = Annotated[Annotated[str, StringConstraints(max_length=MESSAGE_MAX)] | None, BeforeValidator(_optional(_message))]
Attribution = Annotated[Annotated[str, StringConstraints(max_length=ATTRIBUTION_MAX)] | None, BeforeValidator(_optional(_single_line))]
Checkbox = Annotated[bool | None, BeforeValidator(checkbox)]


class ConsultationRequest(BaseModel):
    """The form, field by field, as the contract describes it. Unknown fields are dropped."""

    model_config = ConfigDict(extra="ignore", frozen=True, title="ConsultationRequest")

    first_name: Name
    last_name: Name
    email: Email = None
    phone: Phone = None
    preferred_contact: Annotated[ContactMethod | None, BeforeValidator(_choice)] = None
    best_time: Annotated[BestTime | None, BeforeValidator(_choice)] = None
    session_for: Annotated[SessionFor | None, BeforeValidator(_choice)] = None
    message: Message = None
    consent: Annotated[bool, BeforeValidator(_consent)] = Field(description="Must be true: agreement to be contacted.")
    sms_consent: Checkbox = None
    page_url: Attribution = None
    referrer: Attribution = None
    utm_source: Attribution = None
    utm_medium: Attribution = None
    utm_campaign: Attribution = None
    website: Annotated[str | None, Field(description="Honeypot: leave empty.")] = None


_MESSAGES = {
    "missing": "is required",
    "string_too_short": "is required",
    "string_too_long": "must be at most {max_length} characters",
    "too_short": "is required",
    "too_long": "must be at most {max_length} characters",
    "literal_error": "must be one of: {expected}",
    "bool_type": "must be a checkbox value (on, true, yes or 1) or false",
}


def _field_error(error: Mapping[str, Any]) -> FieldError:
    loc = error.get("loc") or ("body",)
    field_name = str(loc[0])
    template = _MESSAGES.get(error["type"])
    if template is None:
        # Our own PydanticCustomError messages never hold the input; pydantic's built-in
        # messages for the types we use do not either, but we do not rely on that.
        message = error["msg"] if error["type"] in _OWN_TYPES else "is invalid"
    else:
        ctx = error.get("ctx") or {}
        try:
            message = template.format(**ctx)
        except (KeyError, IndexError):
            message = template.split(":")[0]
    return FieldError(field_name, message)


_OWN_TYPES = frozenset(
    {
        "consent_required",
        "string_type",
        "unsafe_character",
        "encoded_word",
        "email",
        "email_mixed_script",
        "phone",
        "phone_extension",
        "name_letter",
        "name_urgent",
    }
)


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
            field_error = _field_error(item)
            if field_error.field not in seen:
                seen.add(field_error.field)
                errors.append(field_error)
        request = None
    known = ConsultationRequest.model_fields
    for name in sorted(repeated):
        if name in known and all(e.field != name for e in errors):
            errors.append(FieldError(name, "must be given only once"))
    if request is not None:
        errors.extend(_cross_field_errors(request))
    if errors:
        raise InvalidSubmission(errors)
    assert request is not None
    return request


def _cross_field_errors(request: ConsultationRequest) -> list[FieldError]:
    if request.email is None and request.phone is None:
        return [
            FieldError("email", "an email address or a phone number is required"),
            FieldError("phone", "an email address or a phone number is required"),
        ]
    method = request.preferred_contact
    if method == "email" and request.email is None:
        return [FieldError("email", "is required when the preferred contact is email")]
    if method in {"phone", "text"} and request.phone is None:
        return [FieldError("phone", f"is required when the preferred contact is {method}")]
    if method == "text" and request.sms_consent is not True:
        return [FieldError("sms_consent", "must be accepted to be contacted by text message")]
    return []


# --- the stored lead ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Consent:
    """A record of agreement: the version of the wording shown and when it was given."""

    version: str
    given_at: str


@dataclass(frozen=True, slots=True)
class Lead:
    id: str
    created_at: str
    status: Status
    first_name: str
    last_name: str
    preferred_contact: ContactMethod
    consent: Consent
    urgent: bool
    expires_at: int
    email: str | None = None
    phone: str | None = None
    best_time: str | None = None
    session_for: str | None = None
    message: str | None = None
    sms_consent: Consent | None = None
    attribution: dict[str, str] = field(default_factory=dict)
    # Set by the notifier once the coordinator email went out (or failed for good).
    notified_at: str | None = None
    ses_message_id: str | None = None
    notify_error: str | None = None
    # Set by the follow-up scheduler when it reminded the coordinator / escalated (domain/followups.py).
    reminded_at: str | None = None
    escalated_at: str | None = None
    # What SES reported about the coordinator email (domain/delivery.py), each recorded once.
    delivered_at: str | None = None
    delivery_delayed_at: str | None = None
    bounced_at: str | None = None
    bounce_type: str | None = None
    # The copy sent to ESCALATION_EMAILS after a bounce or reject (not the follow-ups' escalation).
    bounce_escalated_at: str | None = None
    bounce_escalation_message_id: str | None = None
    # Every status change, oldest first (domain/status.py).
    history: tuple[StatusChange, ...] = ()

    @property
    def last_initial(self) -> str:
        return _first_grapheme(self.last_name).upper()

    @classmethod
    def new(cls, request: ConsultationRequest, *, now: datetime, consent_version: str, retention_days: int, status: Status = "new") -> Lead:
        at = now.astimezone(UTC)
        stamp = utc_stamp(at)
        method: ContactMethod = request.preferred_contact or ("email" if request.email else "phone")
        attribution = {name: value for name in ATTRIBUTION_FIELDS if (value := getattr(request, name))}
        return cls(
            id=str(uuid.uuid4()),
            created_at=stamp,
            status=status,
            first_name=request.first_name,
            last_name=request.last_name,
            email=request.email,
            phone=request.phone,
            preferred_contact=method,
            best_time=request.best_time,
            session_for=request.session_for,
            message=request.message,
            consent=Consent(consent_version, stamp),
            sms_consent=Consent(consent_version, stamp) if request.sms_consent else None,
            attribution=attribution,
            urgent=reads_like_crisis(request.message),
            expires_at=int((at + timedelta(days=retention_days)).timestamp()),
            history=(StatusChange(status, stamp, "form"),),
        )


def _first_grapheme(text: str) -> str:
    """The first letter with any combining marks that belong to it."""
    if not text:
        return ""
    end = 1
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return text[:end]
