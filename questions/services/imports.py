"""Bring a live bank up to date with the committed import, keeping what people added since.

``loaddata bank`` overwrites rows by primary key, so on a site where moderators have worked it
would undo their work. ``apply_import()`` instead matches the import's rows to the live ones by
what identifies them (topics and sources by slug, questions by source and position, choices by
question and position, a question's imported answer by its source) and changes only what the
importer owns:

* questions: text, rendered HTML, section, kind, figure flag, fingerprint, same-question key,
  topics and related questions; a question the import adds is created, one it no longer has is
  left alone (answers or attempts may point to it);
* choices: text and HTML; the key only while nobody set one for the question (a moderator's
  approved key stays);
* answers: only imported ones (credited to a source, without an author) that are still the
  published answer. One an approved improvement replaced stays as history, untouched;
  contributions (pending, approved or rejected) are never read or written.

Every question that changed is stamped as updated, so clients that sync fetch it again, and the
bank gets a new version, so no cached page shows the old one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from django.core import serializers
from django.core.serializers.base import DeserializedObject
from django.db import transaction
from django.db.models import Model

from questions.caching import bank_changed
from questions.models import Answer, Choice, Question, Source, Topic

# The import's rows of one model, and a map from the import's primary keys to the site's.
Rows = list[DeserializedObject]
Keys = dict[int, int]
Link = tuple[str, Iterable[int]]

QUESTION_FIELDS = [
    "text", "text_html", "section", "kind", "needs_figure", "fingerprint", "same_as",
]  # fmt: skip


@dataclass
class ImportReport:
    """What apply_import() changed, and what it left as it was on purpose."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    answers_kept_as_history: int = 0
    keys_kept: int = 0
    not_in_import: list[str] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)
    """The site's questions that changed (text, choices, answer, topics or links)."""

    def count(self, kind: str, what: str, n: int = 1) -> None:
        counts = self.created if kind == "created" else self.updated
        counts[what] = counts.get(what, 0) + n

    def lines(self) -> list[str]:
        return [
            *(f"{what}: {n} created" for what, n in self.created.items() if n),
            *(f"{what}: {n} updated" for what, n in self.updated.items() if n),
            f"Imported answers replaced by an approved improvement, kept as history: "
            f"{self.answers_kept_as_history}",
            f"Questions whose key a moderator set, kept: {self.keys_kept}",
            *(f"Not in the import, left as it is: {name}" for name in self.not_in_import),
        ]


@transaction.atomic
def apply_import(fixture: str, *, now: datetime) -> ImportReport:
    """Apply the bank fixture (JSON, as ``manage.py import_questions`` writes it) in place."""
    report = ImportReport()
    rows: dict[type[Model], Rows] = {}
    for deserialized in serializers.deserialize("json", fixture):
        rows.setdefault(type(deserialized.object), []).append(deserialized)
    topics = _by_slug(Topic, rows.get(Topic, []), ["name", "description", "position"], report)
    sources = _by_slug(Source, rows.get(Source, []), ["name", "description", "position"], report)
    questions = _apply_questions(rows.get(Question, []), sources, topics, report)
    _apply_choices(rows.get(Choice, []), questions, report)
    _apply_answers(rows.get(Answer, []), questions, sources, report, now=now)
    if report.touched:
        # Bulk writes send no signals: clients that sync, and the bank's cache, learn it here.
        Question.objects.filter(pk__in=report.touched).touch(at=now)
        bank_changed()
    return report


def _by_slug(
    model: type[Topic] | type[Source], rows: Rows, fields: list[str], report: ImportReport
) -> Keys:
    """Create or update each row by slug; the live primary key of each imported one."""
    live = {row.slug: row for row in model.objects.all()}
    name = str(model._meta.verbose_name_plural)
    keys: Keys = {}
    for imported in (cast(Topic | Source, deserialized.object) for deserialized in rows):
        current = live.get(imported.slug)
        if current is None:
            current = model.objects.create(**{f: getattr(imported, f) for f in ["slug", *fields]})
            report.count("created", name)
        elif _copy(imported, current, fields):
            current.save(update_fields=fields)
            report.count("updated", name)
        keys[imported.pk] = current.pk
    return keys


def _copy(source: Model, target: Model, fields: Iterable[str]) -> bool:
    """Copy the fields that differ; whether any did."""
    changed = False
    for name in fields:
        if getattr(target, name) != getattr(source, name):
            setattr(target, name, getattr(source, name))
            changed = True
    return changed


def _apply_questions(
    rows: Rows, sources: Keys, topics: Keys, report: ImportReport
) -> dict[int, Question]:
    in_sources = Question.objects.filter(source__in=sources.values())
    live = {(question.source_id, question.position): question for question in in_sources}
    matched: dict[int, Question] = {}
    changed = []
    for imported in (cast(Question, deserialized.object) for deserialized in rows):
        key = (sources[imported.source_id], imported.position)
        current = live.pop(key, None)
        if current is None:
            current = Question(source_id=key[0], position=imported.position)
            _copy(imported, current, QUESTION_FIELDS)
            current.save()
            report.count("created", "questions")
        elif _copy(imported, current, QUESTION_FIELDS):
            changed.append(current)
            report.touched.add(current.pk)
        matched[imported.pk] = current
    Question.objects.bulk_update(changed, QUESTION_FIELDS)
    report.count("updated", "questions", len(changed))
    report.not_in_import = [str(question) for question in live.values()]
    links = {deserialized.object.pk: deserialized.m2m_data or {} for deserialized in rows}
    wanted_topics = {
        (question.pk, topics[topic])
        for pk, question in matched.items()
        for topic in links[pk].get("topics", [])
    }
    wanted_related = {
        (question.pk, matched[other].pk)
        for pk, question in matched.items()
        for other in links[pk].get("related", [])
    }
    pks = [question.pk for question in matched.values()]
    _set_links(Question.topics.through, ("question_id", pks), ("topic_id", topics.values()),
               wanted_topics, report, "question topics")  # fmt: skip
    _set_links(Question.related.through, ("from_question_id", pks), ("to_question_id", pks),
               wanted_related, report, "related questions")  # fmt: skip
    return matched


def _set_links(
    through: type[Model],
    left: Link,
    right: Link,
    wanted: set[tuple[int, int]],
    report: ImportReport,
    name: str,
) -> None:
    """Make a many-to-many table's rows between imported rows exactly ``wanted``; rows to or
    from anything else (a topic or question added on the site) stay."""
    (left_name, left_pks), (right_name, right_pks) = left, right
    between = through._default_manager.filter(
        **{f"{left_name}__in": list(left_pks), f"{right_name}__in": list(right_pks)}
    )
    existing = set(between.values_list(left_name, right_name))
    report.touched |= {a for a, _ in existing ^ wanted}
    for a, b in existing - wanted:
        through._default_manager.filter(**{left_name: a, right_name: b}).delete()
    through._default_manager.bulk_create(
        through(**{left_name: a, right_name: b}) for a, b in wanted - existing
    )
    report.count("updated", name, len(existing ^ wanted))


def _apply_choices(rows: Rows, questions: dict[int, Question], report: ImportReport) -> None:
    question_pks = [question.pk for question in questions.values()]
    live = {
        (c.question_id, c.position): c for c in Choice.objects.filter(question__in=question_pks)
    }
    imported_choices = [cast(Choice, deserialized.object) for deserialized in rows]
    imported_keys: dict[int, set[tuple[int, bool | None]]] = {}
    for imported in imported_choices:
        imported_keys.setdefault(questions[imported.question_id].pk, set()).add(
            (imported.position, imported.is_correct)
        )
    live_keys: dict[int, set[tuple[int, bool | None]]] = {}
    for (question_pk, position), choice in live.items():
        live_keys.setdefault(question_pk, set()).add((position, choice.is_correct))
    # A key set on the site (a moderator's approval) differs from the import's: it stays.
    site_keys = {
        question_pk
        for question_pk, key in live_keys.items()
        if any(correct is not None for _, correct in key) and key != imported_keys.get(question_pk)
    }
    report.keys_kept = len(site_keys & imported_keys.keys())
    changed = []
    for imported in imported_choices:
        question = questions[imported.question_id]
        fields = ["text", "text_html"]
        if question.pk not in site_keys:
            fields.append("is_correct")
        current = live.get((question.pk, imported.position))
        if current is None:
            current = Choice(question=question, position=imported.position)
            _copy(imported, current, fields)
            current.save()
            report.count("created", "choices")
            report.touched.add(question.pk)
        elif _copy(imported, current, fields):
            changed.append(current)
            report.touched.add(question.pk)
    Choice.objects.bulk_update(changed, ["text", "text_html", "is_correct"])
    report.count("updated", "choices", len(changed))


def _apply_answers(
    rows: Rows,
    questions: dict[int, Question],
    sources: Keys,
    report: ImportReport,
    *,
    now: datetime,
) -> None:
    imported_answers = Answer.objects.filter(
        question__in=[q.pk for q in questions.values()], source__isnull=False, author__isnull=True
    ).order_by("pk")
    live: dict[int, Answer] = {}
    for answer in imported_answers:
        live.setdefault(answer.question_id, answer)
    changed = []
    for imported in (cast(Answer, deserialized.object) for deserialized in rows):
        question = questions[imported.question_id]
        current = live.get(question.pk)
        if current is None:
            Answer.objects.create(question=question, body=imported.body,
                                  status=Answer.Status.APPROVED,
                                  source_id=sources[cast(int, imported.source_id)])  # fmt: skip
            report.count("created", "answers")
            report.touched.add(question.pk)
        elif current.superseded_by_id is not None:
            report.answers_kept_as_history += 1
        elif current.status == Answer.Status.APPROVED and _copy(
            imported, current, ["body", "body_html"]
        ):
            current.updated_at = now
            changed.append(current)
            report.touched.add(question.pk)
    Answer.objects.bulk_update(changed, ["body", "body_html", "updated_at"])
    report.count("updated", "answers", len(changed))
