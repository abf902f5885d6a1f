"""Small helpers that create rows with sensible defaults."""

import itertools

from questions.models import Answer, Question, Source, Topic

_sequence = itertools.count(1)


def make_source(**fields) -> Source:
    n = next(_sequence)
    fields.setdefault("slug", f"source-{n}")
    fields.setdefault("name", f"Source {n}")
    return Source.objects.create(**fields)


def make_topic(**fields) -> Topic:
    n = next(_sequence)
    fields.setdefault("slug", f"topic-{n}")
    fields.setdefault("name", f"Topic {n}")
    return Topic.objects.create(**fields)


def make_question(*, source=None, topics=(), answer: str | None = None, **fields) -> Question:
    fields.setdefault("text", f"What is question {next(_sequence)}?")
    source = source or make_source()
    fields.setdefault("position", source.questions.count() + 1)
    question = Question.objects.create(source=source, **fields)
    question.topics.set(topics or [make_topic()])
    if answer is not None:
        make_answer(question=question, body=answer)
    return question


def make_answer(*, question, body="An answer.", status=Answer.Status.APPROVED, **fields) -> Answer:
    return Answer.objects.create(question=question, body=body, status=status, **fields)
