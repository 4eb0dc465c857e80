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
