"""The form's fields, one rule each: what a name, an email, a phone number or a message must be.

Each rule raises PydanticCustomError with a message that never holds the value. The form's
contract (`intake/domain/contract.py`) is built from them, and so is the lookup of a person by
email or phone (`lookup.py`): both must read an address or a number the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BeforeValidator, StringConstraints
from pydantic_core import PydanticCustomError

from leadcapture.kernel.errors import FieldError
from leadcapture.kernel.text import (
    has_encoded_word,
    has_visible_letter,
    mentions_urgent,
    normalize_line,
    normalize_multiline,
    unsafe_character,
)

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


def yes_no(value: object) -> bool | None:
    """A yes/no question ("yes" or "no", any case; JSON true/false); blank is not answered."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if not word:
            return None
        if word in {"yes", "no"}:
            return word == "yes"
    raise PydanticCustomError("literal_error", "must be one of: {expected}", {"expected": "'yes' or 'no'"})


def choice(value: object) -> object:
    if isinstance(value, str):
        return value.strip() or None
    return value


# The rule runs first (type, normalization, safety), then the length check on the normalized text,

Name = Annotated[Annotated[str, StringConstraints(max_length=NAME_MAX)] | None, BeforeValidator(_optional(_name))]
FullName = Annotated[Annotated[str, StringConstraints(max_length=FULL_NAME_MAX)] | None, BeforeValidator(_optional(_name))]
Email = Annotated[Annotated[str, StringConstraints(max_length=EMAIL_MAX)] | None, BeforeValidator(_optional(_email))]
Phone = Annotated[Annotated[str, StringConstraints(max_length=PHONE_INPUT_MAX)] | None, BeforeValidator(_optional(_phone))]
Message = Annotated[Annotated[str, StringConstraints(max_length=MESSAGE_MAX)] | None, BeforeValidator(_optional(_message))]
Attribution = Annotated[Annotated[str, StringConstraints(max_length=ATTRIBUTION_MAX)] | None, BeforeValidator(_optional(_single_line))]
Checkbox = Annotated[bool | None, BeforeValidator(checkbox)]
# A radio pair posting "yes" / "no" (voicemail_ok, email_ok): None when not answered.
YesNo = Annotated[bool | None, BeforeValidator(yes_no)]


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
