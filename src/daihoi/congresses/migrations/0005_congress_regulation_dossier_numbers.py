import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Per-congress election regulation and directive settings; the dossier's numbers and dates."""

    dependencies = [("congresses", "0004_delegate_title_label")]

    operations = [
        migrations.AddField(
            model_name="congress",
            name="election_regulation",
            field=models.CharField(
                blank=True,
                choices=[
                    ("190-QD/TW-2024", "Decision 190-QĐ/TW of 10/10/2024"),
                    ("244-QD/TW-2014", "Decision 244-QĐ/TW of 09/6/2014"),
                ],
                help_text="The regulation the minutes cite; empty: the one in force on the congress's first day.",
                max_length=32,
                verbose_name="election regulation",
            ),
        ),
        migrations.AddField(
            model_name="congress",
            name="congress_directive",
            field=models.CharField(
                blank=True,
                choices=[
                    ("35-CT/TW-2024", "Directive 35-CT/TW of 14/6/2024 (term 2025–2030)"),
                    ("45-CT/TW-2020", "Directive 45-CT/TW of 14/4/2020 (term 2020–2025)"),
                ],
                help_text="The directive the convocation cites; empty: the one for the congress's term.",
                max_length=32,
                verbose_name="Politburo directive on congresses",
            ),
        ),
        migrations.CreateModel(
            name="DossierNumber",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=64, verbose_name="document")),
                ("series", models.CharField(max_length=16, verbose_name="number series")),
                ("number", models.PositiveIntegerField(blank=True, null=True, verbose_name="number")),
                ("date", models.DateField(blank=True, null=True, verbose_name="date")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "congress",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="dossier_numbers",
                        to="congresses.congress",
                    ),
                ),
            ],
            options={
                "verbose_name": "dossier number",
                "verbose_name_plural": "dossier numbers",
                "ordering": ("congress", "series", "number", "key"),
                "constraints": [
                    models.UniqueConstraint(fields=("congress", "key"), name="dossier_key_unique_in_congress"),
                    models.UniqueConstraint(
                        condition=models.Q(("number__isnull", False)),
                        fields=("congress", "series", "number"),
                        name="dossier_number_unique_in_series",
                    ),
                ],
            },
        ),
    ]
