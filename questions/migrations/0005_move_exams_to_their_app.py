"""The mock exam models moved to the exams app (exams/migrations/0001_initial.py).

State only: the tables stay where they are, with every row; exams 0002 renames them.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("questions", "0004_exam_slug"),
        ("exams", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='response',
                    name='attempt',
                ),
                migrations.RemoveField(
                    model_name='exam',
                    name='owner',
                ),
                migrations.RemoveField(
                    model_name='exam',
                    name='sources',
                ),
                migrations.RemoveField(
                    model_name='exam',
                    name='topics',
                ),
                migrations.RemoveField(
                    model_name='response',
                    name='question',
                ),
                migrations.DeleteModel(
                    name='Attempt',
                ),
                migrations.DeleteModel(
                    name='Exam',
                ),
                migrations.DeleteModel(
                    name='Response',
                ),
            ],
            database_operations=[],
        ),
    ]
