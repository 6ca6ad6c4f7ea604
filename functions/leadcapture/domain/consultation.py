"""What the consultation form sends, the rules it must meet, and the lead we store.

`ConsultationRequest` holds the per-field rules (pydantic v2); `validate_submission` adds the
rules that span fields and turns every failure into a `FieldError` that names the field and the
rule, never the value. `Lead` is what goes into the table: only fields named here are ever
stored, and ids, status and timestamps come from the server alone.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError
from pydantic_core import PydanticCustomError

from ..messages import Language, language_of
from .errors import FieldError, InvalidSubmission
from .status import Status, StatusChange
from .text import has_encoded_word, has_visible_letter, mentions_urgent, normalize_line, normalize_multiline, unsafe_character
from .timestamps import utc_stamp
from .triage import reads_like_crisis

ContactMethod = Literal["email", "phone", "text"]
BestTime = Literal["morning", "afternoon", "evening", "anytime"]
SessionFor = Literal["individual", "couples", "family", "child_teen", "not_sure"]

NAME_MAX = 80
# A single full-name field (`name`) holds a first and a last name.
FULL_NAME_MAX = 2 * NAME_MAX
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
Name = Annotated[Annotated[str, StringConstraints(max_length=NAME_MAX)] | None, BeforeValidator(_optional(_name))]
FullName = Annotated[Annotated[str, StringConstraints(max_length=FULL_NAME_MAX)] | None, BeforeValidator(_optional(_name))]
Email = Annotated[Annotated[str, StringConstraints(max_length=EMAIL_MAX)] | None, BeforeValidator(_optional(_email))]
Phone = Annotated[Annotated[str, StringConstraints(max_length=PHONE_INPUT_MAX)] | None, BeforeValidator(_optional(_phone))]
Message = Annotated[Annotated[str, StringConstraints(max_length=MESSAGE_MAX)] | None, BeforeValidator(_optional(_message))]
Attribution = Annotated[Annotated[str, StringConstraints(max_length=ATTRIBUTION_MAX)] | None, BeforeValidator(_optional(_single_line))]
Checkbox = Annotated[bool | None, BeforeValidator(checkbox)]


class ConsultationRequest(BaseModel):
    """The form, field by field, as the contract describes it. Unknown fields are dropped."""

    model_config = ConfigDict(extra="ignore", frozen=True, title="ConsultationRequest")

    # Either one full name, or a first and a last name (validate_submission checks which).
    name: FullName = None
    first_name: Name = None
    last_name: Name = None
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
    lang: Annotated[
        Language | None,
        BeforeValidator(language_of),
        Field(description="The person's language (en or es; a tag such as es-MX counts as es); else Accept-Language."),
    ] = None


# Pydantic's own error types, as our codes (leadcapture/messages/*.json "error.<code>").
_CODES = {
    "missing": "missing",
    "string_too_short": "missing",
    "too_short": "missing",
    "string_too_long": "string_too_long",
    "too_long": "string_too_long",
    "literal_error": "literal_error",
    "bool_type": "bool_type",
}

_OWN_TYPES = frozenset(
    {
        "missing",
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
        "string_too_long",
        "bool_type",
    }
)
# The placeholders each code's message has; anything else pydantic puts in ctx is left out.
_PARAMS = {"string_too_long": ("max_length",), "literal_error": ("expected",), "unsafe_character": ("name",), "phone_extension": ("max",)}


def field_error(error: Mapping[str, Any]) -> FieldError:
    """One pydantic error as our FieldError: the field, a code, the code's placeholders."""
    loc = error.get("loc") or ("body",)
    field_name = str(loc[0])
    kind = error["type"]
    # Our own rules' codes, and the pydantic types we name; anything else only "is invalid"
    # (pydantic's messages for other types are not relied on to leave the input out).
    code = _CODES.get(kind) or (kind if kind in _OWN_TYPES else "invalid")
    ctx = error.get("ctx") or {}
    if code == "literal_error":
        # "'email', 'phone' or 'text'" -> "email, phone, text": tokens only, the "or" is a word of a language.
        ctx = {"expected": ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))}
    params = tuple((key, ctx[key] if isinstance(ctx.get(key), int) else str(ctx[key])) for key in _PARAMS.get(code, ()) if key in ctx)
    return FieldError(field_name, code, params)


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
        if name in known and all(e.field != name for e in errors):
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
    # The name as typed into a single full-name field; first_name/last_name are then split from it.
    full_name: str | None = None
    # The language the person used the form in (messages.LANGUAGES); None for leads from before it was kept.
    language: str | None = None

    @property
    def last_initial(self) -> str:
        return _first_grapheme(self.last_name).upper()

    @classmethod
    def new(
        cls,
        request: ConsultationRequest,
        *,
        now: datetime,
        consent_version: str,
        retention_days: int,
        status: Status = "new",
        language: str | None = None,
    ) -> Lead:
        at = now.astimezone(UTC)
        stamp = utc_stamp(at)
        method: ContactMethod = request.preferred_contact or ("email" if request.email else "phone")
        attribution = {name: value for name in ATTRIBUTION_FIELDS if (value := getattr(request, name))}
        language = request.lang or language
        if request.first_name and request.last_name:
            first, last = request.first_name, request.last_name
        else:
            assert request.name is not None  # validate_submission: a full name, or a first and a last name
            first, last = split_name(request.name, language=language)
        return cls(
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
            attribution=attribution,
            urgent=reads_like_crisis(request.message),
            expires_at=int((at + timedelta(days=retention_days)).timestamp()),
            history=(StatusChange(status, stamp, "form"),),
        )


# Words that start a family name without being its first letter's word ("de la Cruz", "van Dijk").
NAME_PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "y", "e", "da", "das", "do", "dos", "di", "du", "van", "von", "der", "den", "le"}
)


def split_name(full: str, *, language: str | None = None) -> tuple[str, str]:
    """A full name as (given names, family names), for the email's subject and greeting.

    Whitespace-separated words. One word: ("Cher", ""). The family name is the last word, or the
    last two when there are four or more words, or three or more in a Spanish form (Spanish names
    carry two family names: "Ana María López García" -> ("Ana María", "López García"), "Juan López
    García" in the Spanish form -> ("Juan", "López García")); particles before it ("de la") belong
    to it. The stored lead keeps the name as typed besides (`Lead.full_name`): this is only a guess.
    """
    words = full.split()
    if len(words) < 2:
        return full.strip(), ""
    core = [i for i, word in enumerate(words) if i > 0 and word.lower() not in NAME_PARTICLES]
    if not core:
        return words[0], " ".join(words[1:])
    two_family_names = len(words) >= 4 or (language == "es" and len(words) >= 3)
    start = core[-2] if two_family_names and len(core) >= 2 else core[-1]
    while start > 1 and words[start - 1].lower() in NAME_PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


def _first_grapheme(text: str) -> str:
    """The first letter with any combining marks that belong to it."""
    if not text:
        return ""
    end = 1
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return text[:end]
