from django.db import migrations


def create_builtin(apps, schema_editor):  # type: ignore[no-untyped-def]
    template = apps.get_model("agreements", "AgreementTemplate")
    # Field defaults carry the seed's wording (stepwise/agreements/content.py).
    template.objects.get_or_create(is_builtin=True, defaults={"name": "Executive Coaching Agreement (sample)"})


class Migration(migrations.Migration):
    dependencies = [("agreements", "0003_initial")]
    operations = [migrations.RunPython(create_builtin, migrations.RunPython.noop)]
