"""The mock exam models, moved here from the questions app with their tables and rows.

The tables keep their old names in this migration (state only: nothing is written); 0002
renames them. Content types and permissions follow the models to the new app.
"""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models




def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(
        app_label="questions", model__in=["exam", "attempt", "response"]
    ).update(app_label="exams")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(
        app_label="exams", model__in=["exam", "attempt", "response"]
    ).update(app_label="questions")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('questions', '0004_exam_slug'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Exam',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(blank=True, help_text='Ready-made exams only: the fixture matches rows by it, never by id.', null=True, unique=True)),
                        ('title', models.CharField(max_length=200)),
                        ('description', models.TextField(blank=True)),
                        ('question_count', models.PositiveSmallIntegerField()),
                        ('time_limit_minutes', models.PositiveSmallIntegerField()),
                        ('kinds', models.JSONField(blank=True, default=list, help_text='Question kinds; empty: all.')),
                        ('include_unanswered', models.BooleanField(default=False, help_text='Also draw questions that have no model answer or key.')),
                        ('position', models.PositiveIntegerField(default=0)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='custom_exams', to=settings.AUTH_USER_MODEL)),
                        ('sources', models.ManyToManyField(blank=True, help_text='Empty: every source.', to='questions.source')),
                        ('topics', models.ManyToManyField(blank=True, help_text='Empty: every topic.', to='questions.topic')),
                    ],
                    options={
                        'db_table': 'questions_exam',
                        'ordering': ['position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Attempt',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('status', models.CharField(choices=[('in_progress', 'In progress'), ('submitted', 'Submitted'), ('expired', 'Closed at the deadline')], db_index=True, default='in_progress', max_length=12)),
                        ('started_at', models.DateTimeField()),
                        ('deadline', models.DateTimeField(db_index=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempts', to=settings.AUTH_USER_MODEL)),
                        ('exam', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='attempts', to='exams.exam')),
                    ],
                    options={
                        'db_table': 'questions_attempt',
                        'ordering': ['-started_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Response',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField()),
                        ('text', models.TextField(blank=True, help_text='Markdown answer to an open question.')),
                        ('text_html', models.TextField(blank=True, editable=False)),
                        ('choice_ids', models.JSONField(blank=True, default=list)),
                        ('flagged', models.BooleanField(default=False)),
                        ('revision', models.PositiveIntegerField(default=0, help_text="The client's counter; a save older than the stored one is ignored.")),
                        ('saved_at', models.DateTimeField(blank=True, null=True)),
                        ('is_correct', models.BooleanField(help_text='Automatic grade of a choice question.', null=True)),
                        ('self_rating', models.PositiveSmallIntegerField(blank=True, help_text='How well the student knew it, 1 (not at all) to 5.', null=True)),
                        ('points', models.FloatField(blank=True, help_text='0 to 1, once graded.', null=True)),
                        ('attempt', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='responses', to='exams.attempt')),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='questions.question')),
                    ],
                    options={
                        'db_table': 'questions_response',
                        'ordering': ['position'],
                        'constraints': [models.UniqueConstraint(fields=('attempt', 'position'), name='unique_response_position'), models.UniqueConstraint(fields=('attempt', 'question'), name='unique_response_question')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
