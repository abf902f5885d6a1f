"""Give the moved exam tables (and their many-to-many tables) this app's names."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("exams", "0001_initial"),
        ("questions", "0005_move_exams_to_their_app"),
    ]

    operations = [
        migrations.AlterModelTable(name="exam", table=None),
        migrations.AlterModelTable(name="attempt", table=None),
        migrations.AlterModelTable(name="response", table=None),
    ]
