from django import forms
from django.core.exceptions import ValidationError

from stepwise.lib.forms import add_errors
from stepwise.lib.mail import mail_queue


def test_mail_is_queued_by_the_service_and_sent_only_by_the_worker(world, fresh_outbox, run_worker):
    mail_queue(
        template="agreements/email/signed",
        to=["erin@acme.test"],
        context={"person": world.executive, "agreement": world.agreement, "engagement": world.engagement},
    )
    assert fresh_outbox == []
    assert run_worker() == 1
    (message,) = fresh_outbox
    assert message.to == ["erin@acme.test"]
    assert message.subject == "The coaching agreement (version 1) is signed by all"  # one line, no stray spaces
    assert "http://testserver/engagements/" in message.body
    assert message.body.endswith("\n") and not message.body.endswith("\n\n")


class EmailForm(forms.Form):
    email = forms.EmailField()


def test_a_service_error_naming_a_field_lands_next_to_that_field():
    form = EmailForm({"email": "a@b.test"})
    form.is_valid()
    add_errors(form, ValidationError({"email": "Already on the list."}))
    assert form.errors["email"] == ["Already on the list."]
    assert form.non_field_errors() == []


def test_a_service_error_naming_an_unknown_field_or_none_goes_to_the_top_of_the_form():
    form = EmailForm({"email": "a@b.test"})
    form.is_valid()
    add_errors(form, ValidationError({"role": "Only one executive."}))
    add_errors(form, ValidationError("Something general."))
    assert list(form.non_field_errors()) == ["Only one executive.", "Something general."]
    assert "email" not in form.errors
