from django.db import migrations


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    # The seed's worksheets as they stand in this release (stepwise/worksheets/content.py).
    from stepwise.worksheets import content

    template_model = apps.get_model("worksheets", "WorksheetTemplate")
    version_model = apps.get_model("worksheets", "TemplateVersion")
    for slug, name, description, schema in content.BUILTIN_TEMPLATES:
        template, created = template_model.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "is_builtin": True}
        )
        if created:
            version_model.objects.create(template=template, number=1, schema=schema)


class Migration(migrations.Migration):
    dependencies = [("worksheets", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
