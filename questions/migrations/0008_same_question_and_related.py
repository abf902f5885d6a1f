from django.db import migrations, models


def same_as_fingerprint(apps, schema_editor):
    """Until `manage.py apply_import` links them, each question is only the same as itself and
    as questions worded identically."""
    Question = apps.get_model("questions", "Question")
    Question.objects.update(same_as=models.F("fingerprint"))


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0007_sync_timestamps_and_tombstones"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="related",
            field=models.ManyToManyField(
                blank=True,
                help_text="Other questions on the same subject, shown on the question's page.",
                to="questions.question",
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="same_as",
            field=models.CharField(
                db_index=True,
                default="",
                editable=False,
                help_text="Questions sharing it are the same question (asked in several "
                "documents, in other words): an exam never draws two. The fingerprint unless the "
                "importer linked it.",
                max_length=255,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(same_as_fingerprint, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="question",
            name="fingerprint",
            field=models.CharField(
                db_index=True,
                editable=False,
                help_text="The question's wording, ignoring case, articles, punctuation and spaces.",
                max_length=255,
            ),
        ),
    ]
