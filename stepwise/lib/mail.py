"""Outgoing mail: services render a message now and the task worker delivers it."""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django_tasks import task


@task()
def mail_deliver(*, subject: str, body: str, to: list[str], html: str = "") -> None:
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def mail_queue(*, template: str, to: Sequence[str], context: dict[str, Any]) -> None:
    """Render ``<template>_subject.txt`` and ``<template>_message.txt`` and queue the mail.

    Called inside the service's transaction: with the database task backend the mail is
    queued only if the change that caused it is committed.
    """
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_message.txt", context).strip() + "\n"
    mail_deliver.enqueue(subject=subject, body=body, to=list(to))
