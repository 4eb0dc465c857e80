from django.db import migrations


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    # The built-in questionnaires as they stand in this release (stepwise/feedback/content.py).
    from stepwise.feedback import content

    content.builtin_questionnaires_install(
        apps.get_model("feedback", "Questionnaire"), apps.get_model("feedback", "QuestionnaireItem")
    )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_rounds")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
