"""Each app registers its own audited models (in its ``apps.py``); together they record what the
audit recorded when one module listed them, and no secret or withheld content."""

from auditlog.registry import auditlog

from stepwise.agreements.models import Agreement


def test_the_audit_records_people_engagements_and_agreements_only() -> None:
    assert sorted(m._meta.label for m in auditlog.get_models()) == [
        "agreements.Agreement",
        "agreements.Signature",
        "engagements.Engagement",
        "engagements.Participant",
        "users.Invitation",
        "users.User",
    ]


def test_the_audit_keeps_no_secret_and_no_agreement_wording() -> None:
    by_label = {m._meta.label: m for m in auditlog.get_models()}
    excluded = {label: set(auditlog.get_model_fields(model)["exclude_fields"]) for label, model in by_label.items()}
    assert {"password", "last_login"} <= excluded["users.User"]
    assert "token_hash" in excluded["users.Invitation"]
    assert {"text", *Agreement.CONTENT_FIELDS} <= excluded["agreements.Agreement"]
