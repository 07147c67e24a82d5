"""A form's field by name, as the kind of field it is: `form.fields[name]` is typed as a plain Field,
so setting a queryset or choices in `__init__` goes through these (the assert documents the kind); and the
searchable picker for a choice among thousands (below)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms.utils import flatatt
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), f"{name} is not a choice field"
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField), f"{name} is not a model choice field"
    return field


# ---- the searchable picker (issue 21) -------------------------------------------------------------------------
# A drop-down of every organisation or person of a national partnership is 2,000 or 6,000 options (hundreds of
# kilobytes) that nobody scrolls. Past ACCORD_PICKER_MAX choices, `use_picker` turns such a field into a text box:
# the person types part of a name; with script, suggestions come from a JSON search of this partnership
# (core/picker.js fills a <datalist> and remembers the chosen id); without script, the server finds what the
# text names when the form is sent, and when several match it shows them to choose from. At or under the limit
# the field stays what it was (a select, or ticks). Either way the choice is checked against the form's own
# queryset, built from the partnership: an id from anywhere else is refused like an id that exists nowhere.

PICKER_LIMIT = 20  # suggestions shown, and matches offered when the text names several


class Query(str):
    """What the person typed in a picker's text box (not an id): resolved by searching the field's queryset."""


@dataclass(frozen=True)
class PickerSource:
    """Where a picker searches: `url` answers `?q=` with JSON suggestions ({"results": [{"id", "label"}]}),
    `search` are the fields each typed word is looked for in, `label` names a choice as suggestions do, and
    `messages` are the field's whole sentences for its kind of thing: hint and add (the help text of one and
    of several), invalid (an id not among the choices), none (%(text)s found nothing) and several (a function
    of the count giving ngettext's sentence with %(count)s and %(text)s)."""

    url: str
    search: tuple[str, ...]
    label: Callable[[Any], str]
    messages: Mapping[str, Any]


def picker_max() -> int:
    return int(getattr(settings, "ACCORD_PICKER_MAX", getattr(settings, "ACCORD_PAGE_SIZE", 50)))


def search(queryset: QuerySet[Any], text: str, fields: Sequence[str]) -> QuerySet[Any]:
    """The rows of `queryset` in which every word of `text` appears in one of `fields` (any case)."""
    for word in text.split():
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


def _values(data: Any, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        values = data.getlist(name)
    else:  # a plain dict (tests, the API)
        value = data.get(name)
        values = value if isinstance(value, (list, tuple)) else [value]
    return [v for v in values if v not in (None, "")]


def _typed(data: Any, name: str) -> list[Query]:
    text = data.get(f"{name}_q") or ""
    return [Query(part.strip()) for part in str(text).split(";") if part.strip()]


class PickerInput(forms.Widget):
    """A picker's controls: a text box (labelled by the field's label; its id is the field's), the chosen
    id(s) and, after a search that named several, the matches to choose from."""

    many = False

    def __init__(self, source: PickerSource, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.source = source

    @property
    def queryset(self) -> QuerySet[Any] | None:
        """The field's queryset: Django gives a model choice field's widget its choices, which carry it."""
        return getattr(getattr(self, "choices", None), "queryset", None)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        ids = _values(data, name)
        if ids:
            return ids[0]
        typed = _typed(data, name)
        return typed[0] if typed else None

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_q" not in data

    def _chosen(self, values: Sequence[Any]) -> list[Any]:
        ids = [v.pk if hasattr(v, "pk") else v for v in values if not isinstance(v, Query)]
        ids = [i for i in ids if str(i).isdigit()]
        if not ids or self.queryset is None:
            return []
        return list(self.queryset.filter(pk__in=ids))

    def _matches(self, typed: Sequence[Query]) -> tuple[list[Any], int]:
        if not typed or self.queryset is None:
            return [], 0
        found = search(self.queryset, typed[0], self.source.search)
        return list(found[:PICKER_LIMIT]), found.count()

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        box_id = attrs.get("id") or f"id_{name}"
        values = value if isinstance(value, (list, tuple)) else ([] if value in (None, "") else [value])
        chosen = self._chosen(values)
        typed = [v for v in values if isinstance(v, Query)]
        matches, total = self._matches(typed)
        m = self.source.messages
        parts: list[SafeString] = []
        if self.many:
            ticks = format_html_join(
                "",
                '<div class="choice"><input type="checkbox" name="{}" value="{}" id="{}_{}" checked> '
                '<label for="{}_{}">{}</label></div>',
                ((name, o.pk, box_id, o.pk, box_id, o.pk, self.source.label(o)) for o in chosen),
            )
            parts.append(
                format_html('<div class="picker-chosen" data-picker-chosen="{}">{}</div>', box_id, ticks)
            )
            text = "; ".join(typed)
        else:
            text = typed[0] if typed else (self.source.label(chosen[0]) if chosen else "")
            parts.append(
                format_html(
                    '<input type="hidden" name="{}" value="{}" data-picker-value="{}">',
                    name,
                    "" if typed or not chosen else chosen[0].pk,
                    box_id,
                )
            )
        box_attrs = {
            **attrs,
            "id": box_id,
            "type": "text",
            "name": f"{name}_q",
            "value": text,
            "list": f"{box_id}_list",
            "autocomplete": "off",
            "data-picker": self.source.url,
            "data-picker-many": "yes" if self.many else "",
            "data-picker-name": name,
        }
        parts.append(format_html("<input{}>", flatatt(box_attrs)))
        parts.append(
            format_html(
                '<datalist id="{}_list"></datalist><script src="{}" defer></script>',
                box_id,
                static("core/picker.js"),
            )
        )
        if matches:
            kind = "checkbox" if self.many else "radio"
            shown = m["several"](total) % {"count": total, "text": typed[0]}
            if total > len(matches):
                shown += " " + ngettext(
                    "Here is the first: type more of the name to narrow them.",
                    "Here are the first %(shown)s: type more of the name to narrow them.",
                    len(matches),
                ) % {"shown": len(matches)}
            options = format_html_join(
                "",
                '<div class="choice"><input type="{}" name="{}" value="{}" id="{}_m{}"> '
                '<label for="{}_m{}">{}</label></div>',
                ((kind, name, o.pk, box_id, o.pk, box_id, o.pk, self.source.label(o)) for o in matches),
            )
            parts.append(
                format_html(
                    '<fieldset class="choices picker-matches"><legend>{}</legend>{}</fieldset>',
                    shown,
                    options,
                )
            )
        return mark_safe("".join(parts))  # noqa: S308  # every part above is escaped by format_html


class PickerMultipleInput(PickerInput):
    many = True

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return [*_values(data, name), *_typed(data, name)]


def resolve(queryset: QuerySet[Any] | None, source: PickerSource, text: Query) -> Any:
    """The one row of `queryset` the typed text names: the row whose name or label it is exactly, or the only
    row matching every word; a clear refusal when none or several do."""
    if queryset is None:
        raise ValidationError(str(source.messages["none"]) % {"text": text}, code="not_found")
    found = search(queryset, text, source.search)
    exact = [
        o
        for o in found[:PICKER_LIMIT]
        if source.label(o).casefold() == text.casefold()
        or str(getattr(o, "name", "")).casefold() == text.casefold()
    ]
    if len(exact) == 1:
        return exact[0]
    count = found.count()
    m = source.messages
    if count == 1:
        return found.get()
    if count == 0:
        raise ValidationError(str(m["none"]) % {"text": text}, code="not_found")
    raise ValidationError(m["several"](count) % {"count": count, "text": text}, code="several")


class PickerChoiceField(forms.ModelChoiceField):
    widget = PickerInput

    def __init__(self, queryset: Any, *, source: PickerSource, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("widget", PickerInput(source))
        super().__init__(queryset, **kwargs)
        self.error_messages["invalid_choice"] = source.messages["invalid"]

    def to_python(self, value: Any) -> Any:
        if isinstance(value, Query):
            return resolve(self.queryset, self.source, value)
        return super().to_python(value)


class PickerMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget = PickerMultipleInput

    def __init__(self, queryset: Any, *, source: PickerSource, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("widget", PickerMultipleInput(source))
        super().__init__(queryset, **kwargs)
        self.error_messages["invalid_choice"] = self.error_messages["invalid_pk_value"] = source.messages[
            "invalid"
        ]

    def clean(self, value: Any) -> Any:
        values = list(value or [])
        ids = [v for v in values if not isinstance(v, Query)]
        errors = []
        for text in (v for v in values if isinstance(v, Query)):
            try:
                ids.append(str(resolve(self.queryset, self.source, text).pk))
            except ValidationError as exc:
                errors.extend(exc.error_list)
        if errors:
            raise ValidationError(errors)
        return super().clean(ids)


def use_picker(form: forms.BaseForm, name: str, source: PickerSource) -> None:
    """Make the form's model choice field `name` a picker when its queryset is longer than ACCORD_PICKER_MAX
    (one count); a shorter one stays as it was (a select, or ticks). Either way an id outside the queryset is
    refused with the source's "invalid" sentence. Call it after the field's queryset is set."""
    field = model_choice_field(form, name)
    many = isinstance(field, forms.ModelMultipleChoiceField)
    if (
        field.queryset is None or field.queryset.count() <= picker_max()
    ):  # a short list stays as it was, with the same clear refusal
        field.error_messages["invalid_choice"] = source.messages["invalid"]
        if many:
            field.error_messages["invalid_pk_value"] = source.messages["invalid"]
        return
    kind = PickerMultipleChoiceField if many else PickerChoiceField
    hint = source.messages["add" if many else "hint"]
    picker = kind(
        field.queryset,
        source=source,
        label=field.label,
        required=field.required,
        initial=field.initial,
        help_text=f"{field.help_text} {hint}" if field.help_text else hint,
    )
    picker.error_messages.update({k: v for k, v in field.error_messages.items() if k == "required"})
    form.fields[name] = picker
