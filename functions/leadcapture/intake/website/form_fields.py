"""The contract's field names, and how a website's own field names are mapped onto them.

A practice keeps its site's form (a WordPress plugin's, a page builder's) and points it at our
endpoint: FORM_PRESET names a preset written from the plugin's documented field naming, and
FIELD_ALIASES adds the site's own names (`your-name=name,tel-123=phone`). Both are checked when
the settings are read, so an alias to a field we do not have is a start-up error, not a silent drop.

Only exact names are mapped: a body's `form_fields[email]` means `email` only when a preset or an
alias says so, and a multi-value name (`tel[]`, sent by a checkbox group) only when the preset
reads its plugin's multi-value names. Names nobody maps pass through unchanged, so our own names
always work. Lowest layer: plain data and functions, imported by the settings and the handlers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Every name the contract reads (domain/consultation.py's ConsultationRequest; a test keeps the two equal).
CONTRACT_FIELDS = (
    "name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "preferred_contact",
    "best_time",
    "session_for",
    "message",
    "consent",
    "sms_consent",
    # How to reach the person and how not, and the acknowledgement they may ask for (issue 23).
    "voicemail_ok",
    "email_ok",
    "acknowledge",
    "lang",
    "page_url",
    "referrer",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "website",
    # The bot check's token (domain/turnstile.py TOKEN_FIELD), read beside the contract.
    "cf-turnstile-response",
)


# Fields that take several values: repeated (a checkbox group), a JSON array or a comma list. Every
# other field must be given once.
LIST_FIELDS = frozenset({"best_time"})


@dataclass(frozen=True, slots=True)
class Preset:
    """One plugin's field names. `multi_value`: its checkbox groups post `name[]` (read as `name`)."""

    title: str
    aliases: Mapping[str, str]
    multi_value: bool = False


def _ours(wrap: str) -> dict[str, str]:
    """Our own names inside a plugin's wrapper: `form_fields[{}]` -> form_fields[email] = email."""
    return {wrap.format(name): name for name in CONTRACT_FIELDS if name != "cf-turnstile-response"}


PRESETS: dict[str, Preset] = {
    # Contact Form 7: form-tags name the fields; the default form's are your-name, your-email,
    # your-subject and your-message. Name the others as below (or alias the generated tel-123).
    "contact-form-7": Preset(
        "Contact Form 7",
        {
            "your-name": "name",
            "your-first-name": "first_name",
            "your-last-name": "last_name",
            "your-email": "email",
            "your-phone": "phone",
            "your-tel": "phone",
            "your-message": "message",
            "your-contact-method": "preferred_contact",
            "your-best-time": "best_time",
            "your-sessions-for": "session_for",
            "your-consent": "consent",
            "your-sms-consent": "sms_consent",
            "your-voicemail-ok": "voicemail_ok",
            "your-email-ok": "email_ok",
            "your-acknowledge": "acknowledge",
        },
        multi_value=True,
    ),
    # WPForms: wpforms[fields][ID], ID being the field's number in the builder; a Name field in
    # "First Last" format posts [ID][first] and [ID][last]. Numbers of the Simple Contact Form
    # template: 0 Name, 1 Email, 2 Comment or Message; add others with FIELD_ALIASES.
    "wpforms": Preset(
        "WPForms",
        {
            "wpforms[fields][0]": "name",
            "wpforms[fields][0][first]": "first_name",
            "wpforms[fields][0][last]": "last_name",
            "wpforms[fields][1]": "email",
            "wpforms[fields][2]": "message",
        },
        multi_value=True,
    ),
    # Elementor Forms: form_fields[ID], ID being the field's "ID" in the Advanced tab; its default
    # form uses name, email and message. Give the other fields our names as IDs.
    "elementor": Preset("Elementor Forms", _ours("form_fields[{}]"), multi_value=True),
    # A hand-written form in a Squarespace Code Block or a Wix HTML embed: our names work as they
    # are; these are the other names such snippets commonly use.
    "embed": Preset(
        "Squarespace / Wix embed",
        {
            "fname": "first_name",
            "first-name": "first_name",
            "firstname": "first_name",
            "lname": "last_name",
            "last-name": "last_name",
            "lastname": "last_name",
            "full-name": "name",
            "fullname": "name",
            "e-mail": "email",
            "tel": "phone",
            "telephone": "phone",
            "phone-number": "phone",
            "comments": "message",
        },
    ),
}


def parse_aliases(text: str) -> dict[str, str]:
    """`site-name=our_name,...` -> {site-name: our_name}; ValueError naming a bad entry or unknown field."""
    aliases: dict[str, str] = {}
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        source, sep, target = (side.strip() for side in entry.partition("="))
        if not sep or not source or not target:
            raise ValueError(f"FIELD_ALIASES: {entry!r} is not site_name=our_name")
        if target not in CONTRACT_FIELDS:
            raise ValueError(f"FIELD_ALIASES: {source!r} maps to unknown field {target!r} (known: {', '.join(CONTRACT_FIELDS)})")
        if source in aliases and aliases[source] != target:
            raise ValueError(f"FIELD_ALIASES: {source!r} is mapped twice")
        aliases[source] = target
    return aliases


@dataclass(frozen=True, slots=True)
class FieldMap:
    """The names one deployment reads: its preset's, then its own FIELD_ALIASES (which win)."""

    aliases: Mapping[str, str]
    multi_value: bool = False

    @classmethod
    def build(cls, preset: str, aliases: Mapping[str, str]) -> FieldMap:
        chosen = PRESETS[preset] if preset else None
        merged = {**(chosen.aliases if chosen else {}), **aliases}
        return cls(merged, multi_value=bool(chosen and chosen.multi_value))

    def apply(self, fields: Mapping[str, object], repeated: frozenset[str], every: Mapping[str, list[object]] | None = None) -> Mapped:
        """The body under our names. A field that arrives filled under two names (or twice) is
        `repeated`; an empty one beside a filled one is no value (a plugin posting both of its phone
        fields, one left empty). A list field (LIST_FIELDS) is never repeated: it gets every value it
        was given, under any of its names (`every`: each repeated key's values, from the body)."""
        mapped = self._names(fields, repeated)
        lists = self._lists(fields, every or {})
        if not lists:
            return mapped
        posted_as = {**{target: key for target, (key, _) in lists.items()}, **mapped.posted_as}
        out = {**mapped.fields, **{target: values for target, (_, values) in lists.items()}}
        return Mapped(out, mapped.repeated - lists.keys(), posted_as, self)

    def _target(self, key: str) -> str:
        name = key[:-2] if self.multi_value and key.endswith("[]") and key not in self.aliases else key
        return self.aliases.get(name, name)

    def _lists(self, fields: Mapping[str, object], every: Mapping[str, list[object]]) -> dict[str, tuple[str, list[object]]]:
        """Each list field posted: (the first name it came under, every value given under any of its names)."""
        lists: dict[str, tuple[str, list[object]]] = {}
        for key, value in fields.items():
            target = self._target(key)
            if target in LIST_FIELDS:
                _, values = lists.setdefault(target, (key, []))
                for given in every.get(key, [value]):
                    # A JSON array is its values; a checkbox's empty value is none.
                    values.extend(v for v in (given if isinstance(given, list) else [given]) if not _empty(v))
        return lists

    def _names(self, fields: Mapping[str, object], repeated: frozenset[str]) -> Mapped:
        if not self.aliases and not self.multi_value:
            return Mapped(dict(fields), repeated, {}, self)
        out: dict[str, object] = {}
        posted_as: dict[str, str] = {}
        seen_twice: set[str] = set()
        for key, value in fields.items():
            target = self._target(key)
            if key in repeated:
                seen_twice.add(target)
            if target in out:
                if _empty(value):
                    continue
                if not _empty(out[target]):
                    seen_twice.add(target)
                    continue
            out[target] = value
            posted_as.setdefault(target, key)
        return Mapped(out, frozenset(seen_twice), posted_as, self)

    def site_name(self, field: str) -> str:
        """The website's name for one of our fields when the form did not post it: the first of the
        preset's or the aliases' names for it, else ours."""
        return next((site for site, ours in self.aliases.items() if ours == field), field)


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True, slots=True)
class Mapped:
    """A body under our names, and under which of the website's names each field came."""

    fields: dict[str, object]
    repeated: frozenset[str]
    posted_as: Mapping[str, str]
    field_map: FieldMap

    def site_name(self, field: str) -> str:
        """The name the website's form uses for one of our fields, so an error can be placed beside it."""
        return self.posted_as.get(field) or self.field_map.site_name(field)
