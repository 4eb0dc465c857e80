"""The program is data: a practice admin adds wording for steps 1–6, or a program of its own, in
Django's admin, and executives mark its steps; none of an executive's record is in the admin."""

from uuid import uuid4

import pytest
from django.urls import reverse

from stepwise.conftest import World, client_for
from stepwise.practice import services
from stepwise.practice.models import Program, ProgramStep, StepMark

pytestmark = pytest.mark.django_db


def test_wording_an_operator_adds_for_step_3_shows_in_its_place(world: World) -> None:
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    program = Program.objects.get(builtin=True)
    admin = client_for(world.admin)
    change = reverse("admin:practice_program_change", args=[program.pk])
    assert admin.get(change).status_code == 200
    ProgramStep.objects.create(
        program=program, number=3, traditional="Our traditional step 3.", coaching="Our coaching step 3."
    )
    page = client_for(world.executive).get(reverse("practice_home", args=[world.engagement.public_id])).content.decode()
    assert page.index('id="step-3"') < page.index('id="step-7"')
    assert "Our coaching step 3." in page


def test_the_admin_shows_no_part_of_an_executive_s_record(world: World) -> None:
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    services.mark_set(
        owner=world.executive,
        step=Program.objects.get(builtin=True).steps.get(number=9),
        kind="struggle",
        why="SECRET-why",
    )
    admin = client_for(world.admin)
    index = admin.get(reverse("admin:index")).content.decode()
    assert "Programs" in index
    for model in ("stepmark", "journalentry", "comment", "mindfulnesscheckin", "teaching"):
        assert f"/admin/practice/{model}/" not in index
    program = Program.objects.get(builtin=True)
    assert "SECRET-why" not in admin.get(reverse("admin:practice_program_change", args=[program.pk])).content.decode()


def test_an_executive_marks_a_step_of_another_program(world: World) -> None:
    own = Program.objects.create(name="Our leadership steps")
    ProgramStep.objects.create(program=own, number=1, traditional="T1", coaching="Listening first")
    url = reverse("practice_home", args=[world.engagement.public_id]) + f"?program={own.public_id}"
    client = client_for(world.executive)
    assert "Listening first" in client.get(url).content.decode()
    response = client.post(url, {"token": str(uuid4()), "step": "1", "kind": "current", "why": "Starting"})
    assert response.status_code == 302
    assert StepMark.objects.get().step.program == own
    # A number the program does not have is refused beside the form, and nothing is marked.
    response = client.post(url, {"token": str(uuid4()), "step": "5", "kind": "revisit", "why": "Kept"})
    assert response.status_code == 400
    assert "no such step" in response.content.decode() and "Kept" in response.content.decode()
    assert StepMark.objects.count() == 1
