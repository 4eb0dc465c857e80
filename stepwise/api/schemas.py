"""What the API returns. Field names follow the coaching domain, as the pages do."""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from ninja import Schema

from stepwise.agreements.models import Agreement, Signature
from stepwise.engagements.access import Role
from stepwise.engagements.models import Engagement, Stakeholder


class EngagementOut(Schema):
    public_id: UUID
    title: str
    organisation: str
    start_date: date
    end_date: date
    status: Engagement.Status
    step: int
    step_label: str
    my_role: Role


class PersonOut(Schema):
    name: str
    role: Role
    joined: datetime | None


class StakeholderOut(Schema):
    name: str
    email: str
    relationship: Stakeholder.Relationship


class EngagementDetailOut(EngagementOut):
    people: list[PersonOut]
    stakeholders: list[StakeholderOut] | None = None


class SignatureOut(Schema):
    name: str
    role: Signature.Role
    signed_at: datetime


class AgreementOut(Schema):
    public_id: UUID
    version: int
    status: Agreement.Status
    text_hash: str | None
    text: str
    signed_at: datetime | None
    signatures: list[SignatureOut]


class ErrorOut(Schema):
    detail: str


class ActionOut(Schema):
    public_id: UUID
    description: str
    target_date: date | None
    owner: str
    # Progress: null for a sponsor whose agreement does not share progress summaries.
    status: str | None
    completed_on: date | None
    overdue: bool | None


class ReadingOut(Schema):
    taken_on: date
    value: Decimal


class MeasureOut(Schema):
    public_id: UUID
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    readings: list[ReadingOut] | None  # progress, as for actions


class GoalOut(Schema):
    public_id: UUID
    title: str
    different: str
    measured_how: str
    success_when: str
    approval: str
    approved_at: datetime | None
    actions: list[ActionOut]
    measures: list[MeasureOut]
