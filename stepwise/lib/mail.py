"""Outgoing mail: services queue what a message is about; the task worker renders and sends it.

The queued task holds only what is needed to render the message again: its kind (the
template), the recipients, the language and time zone to render in, and references to the
objects it is about (model label and primary key). Never a body, a link or a token: the task
queue's table is readable by operators and keeps failed tasks, so anything stored there is
stored for good. Text people typed (a message, a goal's title) is read from its object when the
worker sends the mail, so a mail says what is true when it is sent.

Every message has two parts made from one rendering of ``<template>_message.txt``: the plain
text (rendered without HTML escaping) and an HTML part (that text escaped, with its paragraphs
and links marked up), so templates are written once, as text.
"""

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import make_msgid
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import Model
from django.template import Context, engines
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import linebreaks, urlize
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django_tasks import task
from django_tasks.base import TaskResult

from stepwise.lib.mail_domain import mail_domain_of

logger = logging.getLogger(__name__)

# Keys of a stored reference; a context never uses them for anything else.
MODEL, DATE, DATETIME = "$model", "$date", "$datetime"


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


class MailNotNeeded(Exception):
    """Raised by a renderer when what the mail was about no longer calls for it (a rater's link
    withdrawn before the worker came to their invitation): the mail is not sent, nothing fails."""


class MailNotSent(Exception):
    """A mail the worker could not render or send. Its message names the kind of mail and the
    cause's type only: the task queue stores it, and it must not carry the message's text."""


# --- what is stored --------------------------------------------------------------------------


def _reference(value: Any, *, name: str) -> Any:
    """``value`` as stored in the task: plain numbers and flags as they are, dates as ISO text,
    model instances as label + primary key. Text is refused: it may be what a person typed, a
    link or a token, none of which may rest in the queue; pass the object that holds it."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Model):
        if value.pk is None:
            raise TypeError(f"Mail context {name!r}: {type(value).__name__} is not saved, so it cannot be referred to.")
        return {MODEL: value._meta.label_lower, "pk": value.pk if isinstance(value.pk, int) else str(value.pk)}
    if isinstance(value, datetime):
        return {DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {DATE: value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [_reference(item, name=name) for item in value]
    raise TypeError(
        f"Mail context {name!r}: {type(value).__name__} values are not queued with a mail "
        "(text may be typed by people, or be a link or a token). Pass the object it comes from "
        "and let the template read it, or build links in the template."
    )


def mail_context_store(context: Mapping[str, Any]) -> dict[str, Any]:
    """The context as references; raises ``TypeError`` for a value that may not be stored."""
    return {name: _reference(value, name=name) for name, value in context.items()}


def _load(value: Any) -> Any:
    if isinstance(value, list):
        return [_load(item) for item in value]
    if isinstance(value, dict):
        if MODEL in value:
            return apps.get_model(value[MODEL])._default_manager.get(pk=value["pk"])
        if DATETIME in value:
            return datetime.fromisoformat(value[DATETIME])
        if DATE in value:
            return date.fromisoformat(value[DATE])
    return value


def mail_context_load(stored: Mapping[str, Any]) -> dict[str, Any]:
    """The objects back from their references. Raises ``ObjectDoesNotExist`` when one was deleted."""
    return {name: _load(value) for name, value in stored.items()}


# --- rendering and sending --------------------------------------------------------------------


def _render_text(template_name: str, context: dict[str, Any]) -> str:
    """A ``.txt`` mail template rendered without HTML escaping: "next year's plan", not
    "next year&#x27;s plan"."""
    template = engines["django"].get_template(template_name)
    return str(template.template.render(Context(context, autoescape=False)))  # type: ignore[attr-defined]


def mail_render(*, template: str, context: dict[str, Any], subject_prefix: str = "") -> RenderedMail:
    """Subject, text and HTML from ``<template>_subject.txt`` and ``<template>_message.txt``."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = subject_prefix + " ".join(_render_text(f"{template}_subject.txt", context).split())
    text = _render_text(f"{template}_message.txt", context).strip() + "\n"
    # The HTML part is the text itself, escaped, with paragraphs and links: one content, two parts.
    # Safe: urlize escapes all of the text; the only markup is that of its links and paragraphs.
    body = mark_safe(linebreaks(urlize(text.strip(), autoescape=True), autoescape=False))  # noqa: S308
    html = render_to_string("lib/email/message.html", {"subject": subject, "body": body})
    return RenderedMail(subject=subject, text=text, html=html)


def mail_domain() -> str:
    """The site's mail domain, for Message-ID: the same as the default sender's."""
    return mail_domain_of(settings.SITE_URL)


# The task the worker is running and how many mails it has sent so far, set by django-tasks'
# task_started signal (connected in ``LibConfig.ready``).
_running_task: ContextVar[tuple[str, list[int]] | None] = ContextVar("running_task", default=None)


def task_started_note(*, task_result: TaskResult, **kwargs: Any) -> None:
    _running_task.set((str(task_result.id), [0]))


def task_finished_note(**kwargs: Any) -> None:
    _running_task.set(None)


def _sending_key() -> str:
    """``<task id>.<n>`` for the n-th mail the running task sends (the same on every run of it);
    empty outside a task."""
    running = _running_task.get()
    if running is None:
        return ""
    task_id, sent = running
    sent[0] += 1
    return f"{task_id}.{sent[0]}"


def mail_send(*, mail: RenderedMail, to: Sequence[str]) -> None:
    """Send ``mail`` now. From a task, the mail goes out once however many times that task runs
    (a worker killed mid-task and its task queued again by ``tasks_recover``): the sending is
    recorded in ``MailDelivery`` under the task's id, and every attempt has the same Message-ID."""
    once = _sending_key()
    message = EmailMultiAlternatives(
        mail.subject,
        mail.text,
        settings.DEFAULT_FROM_EMAIL,
        list(to),
        # One Message-ID per task: if a worker dies after the mail server took the message but
        # before the sending was recorded, the copy sent again is recognisably the same mail.
        headers={"Message-ID": f"<{once}@{mail_domain()}>" if once else make_msgid(domain=mail_domain())},
    )
    message.attach_alternative(mail.html, "text/html")
    if not once:
        message.send()
        return
    from .models import MailDelivery

    MailDelivery.objects.get_or_create(task_id=once)
    if not connection.features.has_select_for_update:
        # SQLite: one writer at a time and no row locks; holding its write lock for the length
        # of a send would stall every page that saves. Check, send, record.
        if not MailDelivery.objects.filter(task_id=once, sent_at__isnull=True).exists():
            return
        message.send()
        MailDelivery.objects.filter(task_id=once).update(sent_at=timezone.now())
        return
    with transaction.atomic():
        # Held until the sending is recorded: a second run of the task waits here, then finds it
        # sent. If this worker dies, PostgreSQL drops its transaction and the lock with it.
        delivery = MailDelivery.objects.select_for_update().get(task_id=once)
        if delivery.sent_at is not None:
            logger.info("Mail of task %s was sent already; not sending it again.", once)
            return
        message.send()
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["sent_at"])


@contextmanager
def mail_failure_hidden(template: str) -> Iterator[None]:
    """Turn any failure into ``MailNotSent`` naming the mail's kind and the cause's type only.

    The task queue stores a failed task's exception and traceback. Neither may quote the mail:
    a template error can show an object's text, a mail server may echo what it refused. The
    whole story goes to the worker's log, for the operator."""
    try:
        yield
    except Exception as error:
        logger.exception("Mail %s not sent.", template)
        raise MailNotSent(f"Mail {template} not sent: {type(error).__name__}.") from None


# A renderer for mail that needs more than its template: called as
# ``renderer(template=..., context=..., to=...)`` by the worker.
Renderer = Callable[..., RenderedMail]


@task()
def mail_deliver(
    *, template: str, to: list[str], context: dict[str, Any], language: str, time_zone: str, render: str = ""
) -> None:
    """Render the mail from its references now, in the language and time zone it was queued in,
    and send it (once, however often the task runs). A mail about an object deleted since is not sent."""
    with mail_failure_hidden(template), translation.override(language), timezone.override(time_zone):
        try:
            loaded = mail_context_load(context)
        except ObjectDoesNotExist:
            logger.info("Mail %s not sent: what it was about was deleted.", template)
            return
        if render:
            renderer: Renderer = import_string(render)
            try:
                mail = renderer(template=template, context=loaded, to=to)
            except MailNotNeeded:
                logger.info("Mail %s not sent: it is no longer needed.", template)
                return
        else:
            mail = mail_render(template=template, context=loaded)
        mail_send(mail=mail, to=to)


_withheld: ContextVar[bool] = ContextVar("mail_withheld", default=False)


@contextmanager
def mail_withheld() -> Iterator[None]:
    """Queue no mail (``mail_queue``, invitations) inside this block.

    For ``manage.py demo --size large``, which builds a practice's past through the services:
    its history is news to nobody, and the tens of thousands of mails it would cause would fill
    the task queue (and the outbox) for the worker to send."""
    reset = _withheld.set(True)
    try:
        yield
    finally:
        _withheld.reset(reset)


def mail_is_withheld() -> bool:
    return _withheld.get()


def mail_queue(*, template: str, to: Sequence[str], context: Mapping[str, Any], render: Renderer | None = None) -> None:
    """Queue a mail; the worker renders it when it sends it. Nothing is queued inside
    ``mail_withheld()``.

    ``context`` holds model instances, dates and numbers (see ``mail_context_store``); the
    mail is rendered in the current language and time zone. ``render`` replaces ``mail_render``
    for mail that needs more than the template (a password-reset link made at sending time).
    Called inside the service's transaction: with the database task backend the mail is
    queued only if the change that caused it is committed.
    """
    if mail_is_withheld():
        return
    mail_deliver.enqueue(
        template=template,
        to=list(to),
        context=mail_context_store(context),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        time_zone=timezone.get_current_timezone_name(),
        render=f"{render.__module__}.{render.__qualname__}" if render else "",
    )


# The tasks that send mail; a failed one holds only references, so it can simply run again.
MAIL_TASKS = ("stepwise.lib.mail.mail_deliver", "stepwise.users.tasks.invitation_deliver")


@transaction.atomic
def mail_retry_failed() -> int:
    """Queue again every mail whose sending failed (the mail server was down, say), rendered
    afresh when it is sent; return how many. The failed records are removed."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    failed = list(
        DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.FAILED, task_path__in=MAIL_TASKS)
    )
    for result in failed:
        result.task.enqueue(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
    DBTaskResult.objects.filter(pk__in=[result.pk for result in failed]).delete()
    return len(failed)
