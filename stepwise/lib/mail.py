"""Outgoing mail: services render a message now and the task worker delivers it.

A delivered message's body is wiped from the task queue's table, so links that act as
passwords (password reset) do not linger in the database after they were sent.
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django_tasks import TaskContext, task


def mail_render(*, template: str, context: dict[str, Any]) -> tuple[str, str]:
    """Subject and plain-text body from ``<template>_subject.txt`` and ``<template>_message.txt``."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_message.txt", context).strip() + "\n"
    return subject, body


def mail_send(*, subject: str, body: str, to: Sequence[str], html: str = "") -> None:
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, list(to))
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def _forget_content(context: TaskContext, *, subject: str, to: list[str]) -> None:
    """Keep who was written to and about what; drop the body from the stored task."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=context.task_result.id).update(
        args_kwargs={"args": [], "kwargs": {"subject": subject, "to": to, "body": "", "html": ""}}
    )


@task(takes_context=True)
def mail_deliver(context: TaskContext, *, subject: str, body: str, to: list[str], html: str = "") -> None:
    mail_send(subject=subject, body=body, to=to, html=html)
    _forget_content(context, subject=subject, to=to)


def mail_queue(*, template: str, to: Sequence[str], context: dict[str, Any]) -> None:
    """Render the mail now (in the language of the person acting) and queue it.

    Called inside the service's transaction: with the database task backend the mail is
    queued only if the change that caused it is committed.
    """
    subject, body = mail_render(template=template, context=context)
    mail_deliver.enqueue(subject=subject, body=body, to=list(to))
