from django.db import migrations


def install(apps, schema_editor):
    from directives.templates_data import install_default_templates

    install_default_templates(apps.get_model("directives", "Template"),
                              apps.get_model("directives", "TemplateVersion"),
                              apps.get_model("directives", "GateChecklistItem"))


class Migration(migrations.Migration):
    dependencies = [("directives", "0003_documents")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
