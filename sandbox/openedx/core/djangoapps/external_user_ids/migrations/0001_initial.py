import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TYPES = ("caliper", "xapi", "lti")


def add_types(apps, schema_editor):
    ExternalIdType = apps.get_model("external_user_ids", "ExternalIdType")
    for name in TYPES:
        ExternalIdType.objects.get_or_create(name=name, defaults={"description": f"{name} ids"})


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="ExternalIdType",
            fields=[
                (
                    "id",
                    models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                ),
                ("name", models.CharField(db_index=True, max_length=32, unique=True)),
                ("description", models.TextField()),
            ],
        ),
        migrations.CreateModel(
            name="ExternalId",
            fields=[
                (
                    "id",
                    models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                ),
                ("external_user_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                (
                    "external_id_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="external_user_ids.externalidtype"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={"unique_together": {("user", "external_id_type")}},
        ),
        migrations.RunPython(add_types, migrations.RunPython.noop),
    ]
