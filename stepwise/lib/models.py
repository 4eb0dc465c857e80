"""Abstract building blocks shared by the domain apps."""

import uuid

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
