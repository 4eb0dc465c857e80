from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest, QueryDict
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData
from django.utils.translation import gettext_lazy as _

F = TypeVar("F", bound=forms.BaseForm)

# For a CharField's error_messages: Django's own message only counts; this one says what to do and
# that nothing typed is lost (the page loads static/js/fields.js, so the browser never cuts a paste).
TOO_LONG = {
    "max_length": _(
        "Keep this to %(limit_value)d characters; it has %(show_value)d. Shorten it: what you typed is kept."
    )
}


class FormRenderer(DjangoTemplates):
    """Django's renderer, with each field's label, help, errors and input kept in one element,
    and the commonest of Django's form templates written in Python.

    Django renders a field group as loose siblings; inside a ``.grid`` row each sibling became a
    column of its own (a label, then an input ~150 px wide). One wrapper per field makes a grid
    cell per field, on every form at once.

    Each field took five or six template renders (the group, the label, the empty error list,
    the widget and its includes): on the goal page, with its 62 fields, more than half the time
    of the request. The templates in ``_IN_PYTHON`` are produced here instead, to the byte (the
    tests render pages both ways and compare); any other template, a field set, or a list that
    holds errors goes through Django's templates as before. To override one of these templates,
    take it out of ``_IN_PYTHON`` (stepwise/field.html included), or the override is never read.
    """

    field_template_name = "stepwise/field.html"

    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        in_python = _IN_PYTHON.get(template_name)
        if in_python is not None:
            html = in_python(context)
            if html is not None:
                return html.strip()  # as Django's renderer strips a template's output
        return super().render(template_name, context, request)


class TemplateFormRenderer(DjangoTemplates):
    """:class:`FormRenderer` through Django's templates alone: what the tests compare it with."""

    field_template_name = FormRenderer.field_template_name


_AS_TEMPLATES_SHOW = Context(autoescape=True)


def _show(value: Any) -> str:
    """``{{ value }}`` in a template: localised, escaped unless marked safe."""
    return str(render_value_in_context(value, _AS_TEMPLATES_SHOW))


def _show_as_s(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``."""
    formatted = stringformat(value, "s")
    return formatted if isinstance(value, SafeData) else _show(formatted)  # the filter keeps it safe


def _attrs(attrs: dict[str, Any] | None) -> str:
    """django/forms/attrs.html and django/forms/widgets/attrs.html."""
    return "".join(
        f" {_show(name)}" + ("" if value is True else f'="{_show_as_s(value)}"')
        for name, value in (attrs or {}).items()
        if value is not False
    )


def _field_group(context: dict[str, Any]) -> str | None:
    """stepwise/field.html, which wraps django/forms/field.html (not for a field set)."""
    field = context["field"]
    if field.use_fieldset:
        return None
    label = field.label_tag() if field.label else ""
    help_text = ""
    if field.help_text:
        help_id = f' id="{_show(field.auto_id)}_helptext"' if field.auto_id else ""
        help_text = f'<div class="helptext"{help_id}>{field.help_text}</div>'
    return f'<div class="field">\n  {label}\n\n{help_text}\n{field.errors}\n{field}\n</div>'


def _label(context: dict[str, Any]) -> str:
    """django/forms/label.html."""
    if not context["use_tag"]:
        return _show(context["label"])
    tag = _show(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{_show(context['label'])}</{tag}>"


def _no_errors(context: dict[str, Any]) -> str | None:
    """django/forms/errors/list/default.html, when the list is empty (nearly every field)."""
    return "" if not context["errors"] else None


def _input(context: dict[str, Any]) -> str:
    """django/forms/widgets/input.html, which text, hidden, number, date, … include."""
    widget = context["widget"]
    value = f' value="{_show_as_s(widget["value"])}"' if widget["value"] is not None else ""
    return f'<input type="{_show(widget["type"])}" name="{_show(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(context: dict[str, Any]) -> str:
    """django/forms/widgets/textarea.html."""
    widget = context["widget"]
    value = _show(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_show(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(context: dict[str, Any]) -> str | None:
    """django/forms/widgets/select.html, with its options (select_option.html)."""
    widget = context["widget"]
    html = [f'<select name="{_show(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{_show(group_name)}">')
        for option in options:
            if option["template_name"] != _OPTION:
                return None
            value = _show_as_s(option["value"])
            # An included template keeps its file's last newline; only the whole render is stripped.
            html.append(f'\n  <option value="{value}"{_attrs(option["attrs"])}>{_show(option["label"])}</option>\n')
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


_OPTION = "django/forms/widgets/select_option.html"
_INPUTS = ("input", "text", "hidden", "number", "date", "email", "url", "password", "checkbox", "time", "datetime")
_IN_PYTHON: dict[str, Callable[[dict[str, Any]], str | None]] = {
    FormRenderer.field_template_name: _field_group,
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _no_errors,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUTS},
}


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: next to its field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.messages[0] if hasattr(item, "messages") else str(item))
    else:
        form.add_error(None, error)


def form_status(form: forms.BaseForm) -> int:
    """400 for a form sent back with mistakes (the page still shows them, and what was typed)."""
    return 400 if form.is_bound and form.errors else 200


def form_after_stale_edit(form: F, error: ValidationError, **also: str) -> F:
    """The form as the person sent it after a stale edit (``StaleEdit``): their text kept, the
    message on top, and the saved version's revision taken, so that saving again, after
    comparing, goes through. The view answers 409 and shows ``error.current`` beside it."""
    data = form.data.copy() if isinstance(form.data, QueryDict) else QueryDict(mutable=True)
    if not isinstance(form.data, QueryDict):
        data.update(form.data)
    data[form.add_prefix("revision")] = str(error.current.revision)  # type: ignore[attr-defined]
    for name, value in also.items():  # other hidden fields drawn from the saved version
        data[form.add_prefix(name)] = value
    form.data = data
    form.full_clean()
    form.add_error(None, error)
    return form
