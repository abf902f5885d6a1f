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


def make_exam(*, topics=(), sources=(), **fields):
    from exams.models import Exam

    fields.setdefault("title", "Mock exam")
    fields.setdefault("question_count", 3)
    fields.setdefault("time_limit_minutes", 30)
    exam = Exam.objects.create(**fields)
    exam.topics.set(topics)
    exam.sources.set(sources)
    return exam


def make_true_false(*, correct: bool = True, **fields):
    from questions.models import Question

    question = make_question(kind=Question.Kind.TRUE_FALSE, **fields)
    question.choices.create(position=1, text="True", is_correct=correct)
    question.choices.create(position=2, text="False", is_correct=not correct)
    return question


def make_choice_question(
    *, kind=Question.Kind.SINGLE_CHOICE, choices=("Yes", "No"), **fields
) -> Question:
    """A question with choices (none marked correct) in the order given."""
    question = make_question(kind=kind, **fields)
    for position, text in enumerate(choices, start=1):
        question.choices.create(position=position, text=text)
    return question


def make_contribution(
    *, question, author, body="A proposed answer.", replaces=None, key=()
) -> Answer:
    """A pending contribution, as submit_contribution leaves it."""
    contribution = make_answer(
        question=question,
        body=body,
        status=Answer.Status.PENDING,
        author=author,
        replaces=replaces,
    )
    contribution.proposed_choices.set(key)
    return contribution
