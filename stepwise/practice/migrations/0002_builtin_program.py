"""The built-in program: the seed's steps 7–12 (``stepwise/practice/content.py``)."""

from django.db import migrations


def builtin_program_create(apps, schema_editor):
    from stepwise.practice.content import BUILTIN_NAME, CLOSING_QUESTIONS, CLOSING_SPONSOR, STEPS

    Program = apps.get_model("practice", "Program")
    ProgramStep = apps.get_model("practice", "ProgramStep")
    program, _created = Program.objects.get_or_create(
        builtin=True, defaults={"name": BUILTIN_NAME, "closing_questions": f"{CLOSING_QUESTIONS}\n\n{CLOSING_SPONSOR}"}
    )
    for number, traditional, coaching, explanation in STEPS:
        ProgramStep.objects.get_or_create(
            program=program,
            number=number,
            defaults={"traditional": traditional, "coaching": coaching, "explanation": explanation},
        )


class Migration(migrations.Migration):
    dependencies = [("practice", "0001_initial")]

    operations = [migrations.RunPython(builtin_program_create, migrations.RunPython.noop)]
