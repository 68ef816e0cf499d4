from django.db import migrations, models


class Migration(migrations.Migration):
    """The organization's place becomes its locality: the place name of the date line of documents."""

    dependencies = [("organizations", "0002_member_note_sort_index")]

    operations = [
        migrations.RenameField(model_name="organization", old_name="place", new_name="locality"),
        migrations.AlterField(
            model_name="organization",
            name="locality",
            field=models.CharField(
                blank=True,
                help_text="The place name of the date line of documents, e.g. “Quảng Ngãi”.",
                max_length=128,
                verbose_name="locality",
            ),
        ),
    ]
