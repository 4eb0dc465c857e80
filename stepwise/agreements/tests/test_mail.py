"""The agreement's mails: "ready to sign" to the executive and sponsors, "signed by all" to everyone."""

from django.urls import reverse

from stepwise.agreements import services
from stepwise.conftest import agreement_sign_by_all, participant_join
from stepwise.engagements.services import participant_invite


def test_ready_to_sign_goes_to_the_executive_and_the_sponsors_with_the_link_and_fingerprint(
    world, fresh_outbox, run_worker
):
    agreement = services.agreement_open(agreement=world.agreement)
    assert fresh_outbox == []  # queued, not sent, until the worker runs
    run_worker()
    assert sorted(m.to[0] for m in fresh_outbox) == ["erin@acme.test", "sam@acme.test"]
    link = "http://testserver" + reverse("agreement_detail", args=[world.engagement.public_id, agreement.public_id])
    for message in fresh_outbox:
        assert message.subject == "Your coaching agreement (version 1) is ready to sign"
        assert link in message.body
        assert agreement.text_hash in message.body
    greeting = {m.to[0]: m.body.splitlines()[0] for m in fresh_outbox}
    assert greeting == {"erin@acme.test": "Hello Erin Executive,", "sam@acme.test": "Hello Sam Sponsor,"}


def test_signed_by_all_goes_to_coach_executive_and_sponsors_once(world, fresh_outbox, run_worker):
    agreement = services.agreement_open(agreement=world.agreement)
    run_worker()
    fresh_outbox.clear()
    agreement_sign_by_all(world, agreement)
    run_worker()
    assert sorted(m.to[0] for m in fresh_outbox) == ["coach@practice.test", "erin@acme.test", "sam@acme.test"]
    assert {m.subject for m in fresh_outbox} == {"The coaching agreement (version 1) is signed by all"}
    assert all("It is now in force." in m.body for m in fresh_outbox)


def test_no_signed_mail_goes_out_before_everyone_has_signed(world, fresh_outbox, run_worker):
    agreement = services.agreement_open(agreement=world.agreement)
    for person in (world.coach, world.executive):
        services.agreement_sign(
            agreement=agreement, signer=person, typed_name=person.full_name, seen_hash=agreement.text_hash
        )
    run_worker()
    assert [m.subject for m in fresh_outbox if "signed by all" in m.subject] == []


def test_a_late_sponsors_acknowledgement_does_not_resend_signed_by_all(world, fresh_outbox, run_worker):
    agreement = agreement_sign_by_all(world)
    late = participant_invite(
        engagement=world.engagement, invited_by=world.coach, full_name="Lee Late", email="lee@acme.test", role="sponsor"
    )
    participant_join(late)
    run_worker()
    fresh_outbox.clear()
    services.agreement_sign(agreement=agreement, signer=late.user, typed_name="Lee Late", seen_hash=agreement.text_hash)
    run_worker()
    assert fresh_outbox == []
