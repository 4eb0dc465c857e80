"""Abstract building blocks shared by the domain apps."""

import uuid

from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublicModel(TimestampedModel):
    """A model reachable by URL: addressed by a random UUID, never by its integer key."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class AnonymousModel(models.Model):
    """A record that must not be linkable to the person who made it (a rater's answer).

    Its key is a random UUID and it has no timestamps: an auto-increment id or a ``created_at``
    would put the rows in the order they were written, and the order of the raters' list (or the
    moment a link was opened) could then tie an answer to its rater. Subclasses add no time,
    no address and no reference to the rater either; ``tests`` check every subclass.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class FormToken(models.Model):
    """A create form's one-time token, claimed by the first request that carries it.

    Every form that creates something carries a fresh UUID in a hidden field
    (``stepwise.lib.once.OneTimeTokenField``); the service claims it in its own transaction, so a
    double click, a retry or fifty racing requests make one row and send one mail: the primary
    key is the rule, kept by the database. A refused submission rolls back its claim, so the
    corrected form (which keeps its token) goes through.
    """

    token = models.UUIDField(primary_key=True)
    # The public id of what the first submission made, so that a repeat leads to the same page.
    made = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.token)


class MailDelivery(models.Model):
    """One queued mail's sending, keyed by the task that sends it, so that a task run again
    (its worker was killed, or presumed dead and its task re-queued) never sends it twice.

    The worker that sends holds this row's lock until the mail is sent and ``sent_at`` is
    committed: a second run of the same task waits for it, then finds it sent. If the first
    worker dies, PostgreSQL ends its transaction and the lock with it, and the second run sends.
    """

    task_id = models.CharField(max_length=64, primary_key=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.task_id


class StoredRendering(models.Model):
    """A frozen document's PDF, rendered once and served again from here.

    A signed agreement or a completed review cannot change, but its PDF also shows names, the
    language and the time zone it was read in: ``version`` is a fingerprint of everything the
    rendering depends on (``stepwise.lib.pdf.rendering_version``), so a different reader's
    variant, a renamed person or a new release makes a new row instead of serving a stale one.
    The document is reached through a generic relation; the document's model declares a
    ``GenericRelation`` to this one, so deleting the document deletes its renderings.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    version = models.CharField(max_length=64)
    pdf = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "version"], name="rendering_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} ({self.version[:12]})"
