from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0003_organization_locality"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="education",
            field=models.CharField(
                blank=True,
                choices=[
                    ("doctorate", "Doctorate"),
                    ("master", "Master's degree"),
                    ("university", "University degree"),
                    ("college", "College"),
                    ("vocational", "Vocational (intermediate)"),
                    ("none", "No professional training"),
                ],
                max_length=16,
                verbose_name="professional qualification",
            ),
        ),
        migrations.AddField(
            model_name="member",
            name="political_theory",
            field=models.CharField(
                blank=True,
                choices=[
                    ("bachelor", "Bachelor of political theory"),
                    ("advanced", "Advanced political theory"),
                    ("intermediate", "Intermediate political theory"),
                    ("elementary", "Elementary political theory"),
                    ("none", "No political-theory training"),
                ],
                max_length=16,
                verbose_name="political-theory level",
            ),
        ),
    ]
