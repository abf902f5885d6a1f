"""The benchmark's database: create it, fill it fast, read back what the exam scenarios saved.

This is the one module of the harness that touches the app's models; everything else drives the
site over HTTP. Models are looked up by name (``Question``, ``Attempt``…) in the apps that may
hold them, and rows go in with PostgreSQL's COPY, filling every column the caller leaves out
from the field's default, so new fields with defaults need no change here.

Run as ``python -m bench.data COMMAND`` with DATABASE_URL naming the benchmark database:

    setup   drop and recreate the database (its name must contain "bench"), migrate, and add
            the people: users, moderators, API tokens, the exams (writes --people JSON)
    grow    grow the bank and its history to the given sizes, VACUUM ANALYZE (writes --meta JSON)
    verify  compare acknowledged saves (--acks JSON) with what the database holds
    drop    drop the database
"""

import argparse
import json
import math
import os
import random
import re
import sys
import time
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")

from bench import texts  # noqa: E402

# Where each model may live: exams are moving from questions/ to their own app.
MODEL_APPS = {
    "Source": ["questions"],
    "Topic": ["questions"],
    "Question": ["questions"],
    "Choice": ["questions"],
    "Answer": ["questions"],
    "Exam": ["exams", "questions"],
    "Attempt": ["exams", "questions"],
    "Response": ["exams", "questions"],
    "ApiToken": ["accounts"],
}
MARKDOWN_MODULES = ["questions.markdown", "bank.markdown", "core.markdown"]
MODERATE_PERMISSION = "moderate_answer"
CLASS_EXAM = "bench-class"
PASSWORD = "bench-password-not-secret"


def _django():
    import django

    django.setup()


def model(name: str):
    from django.apps import apps

    for app in MODEL_APPS[name]:
        try:
            return apps.get_model(app, name)
        except LookupError:
            continue
    raise LookupError(f"No app has a model named {name} (looked in {MODEL_APPS[name]}).")


def renderer():
    """The site's Markdown renderer, wherever it lives."""
    import importlib

    for name in MARKDOWN_MODULES:
        try:
            return importlib.import_module(name).render_markdown
        except (ImportError, AttributeError):
            continue
    raise ImportError(f"No render_markdown in {MARKDOWN_MODULES}.")


_FINGERPRINT_DROP = re.compile(r"\b(a|an|the)\b|[^\w\s]")


def fingerprint(text: str) -> str:
    try:
        from questions.models import fingerprint as site_fingerprint
    except ImportError:
        return " ".join(_FINGERPRINT_DROP.sub(" ", text.lower()).split())[:255]
    return site_fingerprint(text)


# Creating the database -------------------------------------------------------------------------


def _database_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to drop {name!r}: a benchmark database's name has 'bench'.")
    return name


def recreate_database(url: str, *, create: bool = True) -> None:
    """Drop and create the database named by ``url`` (and only that one)."""
    import psycopg

    name = _database_name(url)
    parts = urlsplit(url)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


# Fast inserts -----------------------------------------------------------------------------------


def _next_id(table_model) -> int:
    from django.db.models import Max

    return (table_model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def copy_rows(table_model, names: list[str], rows: Iterable[tuple]) -> int:
    """COPY rows into the model's table. ``names`` are field names (or attnames such as
    ``source_id``) matching each tuple; every other concrete field gets its default."""
    from django.db import connection, models
    from django.utils import timezone
    from psycopg.types.json import Jsonb

    meta = table_model._meta
    given = [meta.get_field(name) for name in names]
    given_columns = {field.column for field in given}
    # Left out: the database numbers an auto primary key itself.
    rest = [
        f
        for f in meta.concrete_fields
        if f.column not in given_columns and not isinstance(f, models.AutoField)
    ]
    now = timezone.now()
    fill = []  # (callable or None, value)
    for field in rest:
        if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
            fill.append((None, now))
        elif field.has_default() and callable(field.default):
            fill.append((field.default, None))
        else:
            fill.append((None, field.get_default()))
    json_at = [i for i, f in enumerate(given) if isinstance(f, models.JSONField)]
    json_fill = [i for i, f in enumerate(rest) if isinstance(f, models.JSONField)]
    columns = ", ".join(f'"{f.column}"' for f in [*given, *rest])
    count = 0
    with connection.cursor() as cursor:
        sql = f'COPY "{meta.db_table}" ({columns}) FROM STDIN'
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                values = list(row)
                for i in json_at:
                    values[i] = Jsonb(values[i])
                extra = [make() if make else value for make, value in fill]
                for i in json_fill:
                    extra[i] = Jsonb(extra[i])
                copy.write_row(values + extra)
                count += 1
    return count


def reset_sequences(*table_models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(table_models)):
            cursor.execute(statement)


class Rendered:
    """Texts rendered once by the site's renderer, reused with a short numbered suffix."""

    def __init__(self, raw: list[str]):
        render = renderer()
        self.raw = raw
        self.html = [render(text) for text in raw]

    def pick(self, rng: random.Random) -> tuple[str, str]:
        i = rng.randrange(len(self.raw))
        return self.raw[i], self.html[i]


# People and exams ------------------------------------------------------------------------------


def add_people(*, users: int, students_with_tokens: int, moderators: int) -> dict:
    """Users (the first ones with API tokens), moderators with tokens, and the exams."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, Permission
    from django.utils import timezone

    try:
        from accounts.tokens import generate_key, hash_key
    except ImportError:  # the documented format: 43 URL-safe characters, stored as SHA-256
        import hashlib
        import secrets

        def generate_key():
            return secrets.token_urlsafe(32)

        def hash_key(key):
            return hashlib.sha256(key.encode()).hexdigest()

    User = get_user_model()
    ApiToken = model("ApiToken")
    password = make_password(PASSWORD)
    now = timezone.now()
    first = _next_id(User)
    names = [f"bench-student-{n:05d}" for n in range(1, users - moderators + 1)]
    names += [f"bench-moderator-{n:02d}" for n in range(1, moderators + 1)]
    copy_rows(
        User,
        ["id", "username", "email", "password", "is_active", "date_joined"],
        (
            (first + i, name, f"{name}@example.com", password, True, now - timedelta(days=i % 400))
            for i, name in enumerate(names)
        ),
    )
    reset_sequences(User)
    moderator_ids = list(range(first + len(names) - moderators, first + len(names)))
    group = Group.objects.filter(permissions__codename=MODERATE_PERMISSION).first()
    if group is None:
        group = Group.objects.create(name="Bench moderators")
        group.permissions.set(Permission.objects.filter(codename=MODERATE_PERMISSION))
    group.user_set.add(*moderator_ids)

    keys = {}
    holders = list(range(first, first + students_with_tokens)) + moderator_ids
    token_first = _next_id(ApiToken)
    rows = []
    for i, user_id in enumerate(holders):
        key = generate_key()
        keys[user_id] = key
        rows.append((token_first + i, user_id, "bench", key[:8], hash_key(key)))
    copy_rows(ApiToken, ["id", "user_id", "name", "prefix", "key_hash"], rows)
    reset_sequences(ApiToken)

    Exam = model("Exam")
    class_exam = Exam.objects.create(
        slug=CLASS_EXAM,
        title="Bench mock exam",
        description="30 questions from the whole bank.",
        question_count=30,
        time_limit_minutes=120,
        position=1000,
    )
    history_exams = [
        Exam.objects.create(
            slug=f"bench-history-{n}",
            title=f"Bench quiz {n}",
            question_count=10,
            time_limit_minutes=20,
            position=1000 + n,
        )
        for n in range(1, 5)
    ]
    return {
        "students": [
            {"id": user_id, "username": names[user_id - first], "token": keys[user_id]}
            for user_id in holders[:students_with_tokens]
        ],
        "moderators": [
            {"id": user_id, "username": names[user_id - first], "token": keys[user_id]}
            for user_id in moderator_ids
        ],
        "user_ids": [first, first + len(names) - 1],
        "class_exam": class_exam.pk,
        "history_exams": [exam.pk for exam in history_exams],
        "password": PASSWORD,
    }


# The bank ----------------------------------------------------------------------------------------


def _bank_basics() -> tuple[list[int], list[int]]:
    Source, Topic = model("Source"), model("Topic")
    if not Source.objects.filter(slug=texts.SOURCES[0][0]).exists():
        Source.objects.bulk_create(
            Source(slug=slug, name=name, position=100 + i)
            for i, (slug, name) in enumerate(texts.SOURCES)
        )
        Topic.objects.bulk_create(
            Topic(slug=slug, name=name, position=100 + i)
            for i, (slug, name) in enumerate(texts.TOPICS)
        )
    sources = list(
        Source.objects.filter(slug__in=[s for s, _ in texts.SOURCES]).order_by("position")
    )
    topics = list(Topic.objects.filter(slug__in=[t for t, _ in texts.TOPICS]).order_by("position"))
    return [s.pk for s in sources], [t.pk for t in topics]


KIND_WEIGHTS = [("open", 65), ("true_false", 10), ("single_choice", 20), ("multiple_choice", 5)]


def grow_bank(target: int, rng: random.Random, pool_size: int) -> dict:
    """Add questions (with topics, choices and approved answers) until the bank has ``target``."""
    from django.utils import timezone

    Question, Choice, Answer = model("Question"), model("Choice"), model("Answer")
    source_ids, topic_ids = _bank_basics()
    have = Question.objects.count()
    if have >= target:
        return {"added": 0}
    questions = Rendered(texts.question_texts(rng, pool_size))
    answers = Rendered(texts.answer_bodies(rng, max(50, pool_size // 3)))
    choices = Rendered(texts.choice_texts())
    kinds = [kind for kind, weight in KIND_WEIGHTS for _ in range(weight)]
    now = timezone.now()

    first_q = _next_id(Question)
    q_rows, topic_rows, choice_rows, answer_rows = [], [], [], []
    texts_by_n: dict[int, tuple[str, str, str]] = {}
    for n in range(have, target):
        qid = first_q + n - have
        if n % 50 == 7 and (n - 7) in texts_by_n:
            text, html, kind = texts_by_n[n - 7]  # the same question in another source
        else:
            raw, html = questions.pick(rng)
            suffix = f"(Set {n // 1000 + 1}, item {n % 1000 + 1}.)"
            text, html = f"{raw}\n\n{suffix}", f"{html}\n<p>{suffix}</p>"
            kind = "true_false" if raw.startswith("True or false") else rng.choice(kinds)
        texts_by_n[n] = (text, html, kind)
        source_index = n % len(source_ids)
        q_rows.append(
            (
                qid,
                source_ids[source_index],
                n // len(source_ids) + 1,
                f"Chapter {n % 12 + 1}",
                text,
                html,
                kind,
                n % 50 == 0,
                fingerprint(text),
                fingerprint(text),  # same_as: the question's own key, as Question.save() sets it
            )
        )
        for topic_id in rng.sample(topic_ids, rng.choice([1, 1, 2, 3])):
            topic_rows.append((qid, topic_id))
        keyed = False
        if kind != "open":
            options = 2 if kind == "true_false" else 4
            known = rng.random() < 0.8
            correct = set(rng.sample(range(options), 2 if kind == "multiple_choice" else 1))
            for position in range(options):
                if kind == "true_false":
                    c_text = "True" if position == 0 else "False"
                    c_html = f"<p>{c_text}</p>"
                else:
                    c_text, c_html = choices.pick(rng)
                choice_rows.append(
                    (qid, position + 1, c_text, c_html, (position in correct) if known else None)
                )
            keyed = known
        if rng.random() < (0.6 if kind == "open" else 0.3 if keyed else 0.1):
            body, body_html = answers.pick(rng)
            answer_rows.append(
                (
                    qid,
                    body,
                    body_html,
                    "approved",
                    source_ids[source_index],
                    now - timedelta(days=n % 300),
                )
            )
    copy_rows(
        Question,
        [
            "id",
            "source_id",
            "position",
            "section",
            "text",
            "text_html",
            "kind",
            "needs_figure",
            "fingerprint",
            "same_as",
        ],
        q_rows,
    )
    through = Question.topics.through
    copy_rows(
        through,
        [through._meta.get_field("question").attname, through._meta.get_field("topic").attname],
        topic_rows,
    )
    copy_rows(Choice, ["question_id", "position", "text", "text_html", "is_correct"], choice_rows)
    copy_rows(
        Answer,
        ["question_id", "body", "body_html", "status", "source_id", "created_at"],
        answer_rows,
    )
    reset_sequences(Question, through, Choice, Answer)
    # Rows copied in bulk pass by the code that keeps the bank's order and search index.
    from questions.services.bank_index import refresh_bank

    refresh_bank()
    return {"added": len(q_rows), "answers": len(answer_rows), "choices": len(choice_rows)}


def grow_contributions(target: int, rng: random.Random, people: dict) -> int:
    """Pending contributions (new answers and improvements) until the queue has ``target``."""
    Answer, Question = model("Answer"), model("Question")
    have = Answer.objects.filter(status="pending").count()
    if have >= target:
        return 0
    bodies = Rendered(texts.answer_bodies(rng, 40))
    low, high = people["user_ids"]
    question_ids = list(Question.objects.values_list("pk", flat=True))
    answered = dict(
        Answer.objects.filter(status="approved", superseded_by__isnull=True)
        .order_by()
        .values_list("question_id", "pk")[:50_000]
    )
    answered_ids = list(answered)
    rows = []
    for _ in range(target - have):
        body, html = bodies.pick(rng)
        if answered_ids and rng.random() < 0.25:
            question_id = rng.choice(answered_ids)
            replaces = answered[question_id]
        else:
            question_id, replaces = rng.choice(question_ids), None
        rows.append((question_id, body, html, "pending", rng.randint(low, high), replaces))
    copy_rows(
        Answer, ["question_id", "body", "body_html", "status", "author_id", "replaces_id"], rows
    )
    reset_sequences(Answer)
    return len(rows)


def grow_history(target: int, rng: random.Random, people: dict) -> int:
    """Past attempts, submitted or expired, 10 graded responses each, until there are
    ``target`` finished attempts."""
    import uuid

    from django.utils import timezone

    Attempt, Response, Question = model("Attempt"), model("Response"), model("Question")
    have = Attempt.objects.exclude(status="in_progress").count()
    if have >= target:
        return 0
    low_q, high_q = Question.objects.order_by("pk").first().pk, _next_id(Question) - 1
    low_u, high_u = people["user_ids"]
    exams = people["history_exams"]
    answers = Rendered(texts.student_answers())
    now = timezone.now()
    first = _next_id(Attempt)
    attempt_rows, response_rows = [], []
    for i in range(target - have):
        attempt_id = first + i
        started = now - timedelta(days=rng.randint(1, 300), minutes=rng.randint(0, 1440))
        deadline = started + timedelta(minutes=20)
        expired = rng.random() < 0.05
        finished = deadline if expired else started + timedelta(minutes=rng.randint(3, 19))
        attempt_rows.append(
            (
                attempt_id,
                uuid.uuid4(),
                rng.randint(low_u, high_u),
                rng.choice(exams),
                "expired" if expired else "submitted",
                started,
                deadline,
                finished,
            )
        )
        for position, question_id in enumerate(rng.sample(range(low_q, high_q + 1), 10), 1):
            text, html = answers.pick(rng)
            rating = rng.randint(1, 5)
            response_rows.append(
                (
                    attempt_id,
                    question_id,
                    position,
                    text,
                    html,
                    [],
                    rng.randint(1, 30),
                    started + timedelta(minutes=position),
                    rating,
                    (rating - 1) / 4,
                )
            )
    copy_rows(
        Attempt,
        [
            "id",
            "public_id",
            "user_id",
            "exam_id",
            "status",
            "started_at",
            "deadline",
            "finished_at",
        ],
        attempt_rows,
    )
    copy_rows(
        Response,
        [
            "attempt_id",
            "question_id",
            "position",
            "text",
            "text_html",
            "choice_ids",
            "revision",
            "saved_at",
            "self_rating",
            "points",
        ],
        response_rows,
    )
    reset_sequences(Attempt, Response)
    return len(attempt_rows)


def analyze() -> None:
    """What autovacuum would do after a bulk load, done before measuring instead of during it:
    statistics for the planner and the visibility map for index-only scans."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def warm() -> dict | None:
    """Read every table and index of the site (with their TOAST) into the operating system's
    cache, as a production database server sized for its data holds them (pg_prewarm).

    What this stands in for: the benchmark's machine pages out memory left untouched for a
    minute, the file cache included, so ten minutes of other scenarios leave the class exam
    reading the questions it draws from the disk. None where the extension is not available
    (it ships with PostgreSQL; creating it needs a superuser)."""
    from django.db import DatabaseError, connection

    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except DatabaseError as error:
            print(f"the database was not read into the cache: {error}".strip())
            return None
        cursor.execute(
            """
            SELECT count(*), coalesce(sum(pg_prewarm(c.oid, 'read')), 0)
            FROM pg_class c
            WHERE c.relkind IN ('r', 'i', 't')
              AND (c.relnamespace = 'public'::regnamespace
                   OR c.oid IN (SELECT reltoastrelid FROM pg_class
                                WHERE relnamespace = 'public'::regnamespace))
            """
        )
        relations, blocks = cursor.fetchone()
    return {"relations": relations, "megabytes": round(int(blocks) * 8192 / 1e6)}


def bank_meta(rng: random.Random) -> dict:
    """What the scenarios need to know about the bank: sizes, last pages, sample ids."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    Question, Answer = model("Question"), model("Answer")
    count = Question.objects.count()
    page_size = settings.QUESTIONS_PER_PAGE
    api_page_size = settings.REST_FRAMEWORK.get("PAGE_SIZE") or 25
    search = Question.objects.filter(text__icontains="softmax").count()
    low, high = Question.objects.order_by("pk").first().pk, _next_id(Question) - 1
    return {
        "questions": count,
        "answers": Answer.objects.filter(status="approved").count(),
        "pending": Answer.objects.filter(status="pending").count(),
        "attempts": model("Attempt").objects.count(),
        "responses": model("Response").objects.count(),
        "users": get_user_model().objects.count(),
        "last_page": max(1, math.ceil(count / page_size)),
        "api_last_page": max(1, math.ceil(count / api_page_size)),
        "search_softmax": search,
        "question_ids": rng.sample(range(low, high + 1), min(500, high - low + 1)),
    }


# Checking saves ---------------------------------------------------------------------------------


def verify_saves(acks: list[list]) -> dict:
    """Compare acknowledged saves with the database.

    ``acks`` holds ``[attempt_id, position, revision, text, choice_ids]`` (text or choice ids
    None when the save did not send them) for every save the server answered 200 with
    ``applied: true``. A save is lost when the database holds an older revision than the newest
    acknowledged one, or that revision with other content. A stored revision newer than every
    acknowledged one is a save that was applied but whose answer never arrived (a dropped
    connection): not a loss, counted apart.
    """
    Response = model("Response")
    newest: dict[tuple[str, int], list] = {}
    for attempt_id, position, revision, text, choice_ids in acks:
        key = (str(attempt_id), int(position))
        if key not in newest or revision > newest[key][0]:
            newest[key] = [revision, text, choice_ids]
    attempt_ids = sorted({key[0] for key in newest})
    stored = {}
    fields = ("attempt__public_id", "position", "revision", "text", "choice_ids")
    for start in range(0, len(attempt_ids), 500):
        rows = Response.objects.filter(
            attempt__public_id__in=attempt_ids[start : start + 500]
        ).values_list(*fields)
        for public_id, position, revision, text, choice_ids in rows:
            stored[(str(public_id), position)] = (revision, text, choice_ids)
    lost, unacknowledged, examples = 0, 0, []
    for key, (revision, text, choice_ids) in newest.items():
        have = stored.get(key)
        differs = have is not None and (
            (text is not None and have[1] != text)
            or (choice_ids is not None and sorted(have[2]) != sorted(choice_ids))
        )
        if have is None or have[0] < revision or (have[0] == revision and differs):
            lost += 1
            if len(examples) < 5:
                examples.append(
                    {"response": list(key), "acknowledged": revision, "stored": have and have[0]}
                )
        elif have[0] > revision:
            unacknowledged += 1
    return {
        "acknowledged_saves": len(acks),
        "responses_checked": len(newest),
        "lost": lost,
        "stored_without_acknowledgement": unacknowledged,
        "examples": examples,
    }


def wait_until_marked(acks: list[list], *, timeout: float) -> dict:
    """Wait for the task worker to mark the closed attempts among those the saves in ``acks``
    went to; how many were closed, how many marked, and how long the last one took."""
    Attempt = model("Attempt")
    attempts = Attempt.objects.filter(public_id__in=sorted({str(ack[0]) for ack in acks}))
    closed = attempts.exclude(status="in_progress")
    started = time.monotonic()
    while True:
        waiting = closed.filter(marked_at=None).count()
        if not waiting or time.monotonic() - started > timeout:
            break
        time.sleep(0.5)
    return {
        "closed": closed.count(),
        "marked": closed.exclude(marked_at=None).count(),
        "waited_s": round(time.monotonic() - started, 1),
        "timeout_s": timeout,
    }


# Command line --------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    setup = sub.add_parser("setup")
    setup.add_argument("--users", type=int, default=2000)
    setup.add_argument("--students", type=int, default=300, help="students with API tokens")
    setup.add_argument("--moderators", type=int, default=5)
    setup.add_argument("--people", required=True, help="where to write tokens and ids (JSON)")
    grow = sub.add_parser("grow")
    grow.add_argument("--questions", type=int, required=True)
    grow.add_argument("--attempts", type=int, default=0)
    grow.add_argument("--pending", type=int, default=0)
    grow.add_argument("--pool", type=int, default=600, help="distinct question texts")
    grow.add_argument("--seed", type=int, default=15)
    grow.add_argument("--people", required=True)
    grow.add_argument("--meta", required=True, help="where to write the bank's sizes (JSON)")
    verify = sub.add_parser("verify")
    verify.add_argument("--acks", required=True)
    verify.add_argument("--out", required=True)
    marked = sub.add_parser("wait-marked")
    marked.add_argument("--acks", required=True)
    marked.add_argument("--timeout", type=float, default=600)
    marked.add_argument("--out", required=True)
    sub.add_parser("drop")
    sub.add_parser("warm")
    args = parser.parse_args(argv)

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must name a PostgreSQL benchmark database.")
    started = time.perf_counter()
    if args.command == "setup":
        recreate_database(url)
        _django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        people = add_people(
            users=args.users, students_with_tokens=args.students, moderators=args.moderators
        )
        Path(args.people).write_text(json.dumps(people))
        print(f"database ready with {args.users} users in {time.perf_counter() - started:.1f} s")
    elif args.command == "grow":
        _django()
        people = json.loads(Path(args.people).read_text())
        rng = random.Random(f"{args.seed}-{args.questions}")
        added = grow_bank(args.questions, rng, args.pool)
        grow_contributions(args.pending, rng, people)
        grow_history(args.attempts, rng, people)
        analyze()
        meta = bank_meta(rng)
        meta["fill_seconds"] = round(time.perf_counter() - started, 1)
        meta["added"] = added
        Path(args.meta).write_text(json.dumps(meta))
        print(
            f"bank of {meta['questions']} questions, {meta['attempts']} attempts, "
            f"{meta['pending']} pending in {meta['fill_seconds']} s"
        )
    elif args.command == "drop":
        recreate_database(url, create=False)
    elif args.command == "warm":
        _django()
        result = warm()
        if result:
            print(
                f"{result['megabytes']} MB of {result['relations']} tables and indexes read "
                f"into the cache in {time.perf_counter() - started:.1f} s"
            )
    elif args.command == "verify":
        _django()
        result = verify_saves(json.loads(Path(args.acks).read_text()))
        Path(args.out).write_text(json.dumps(result))
        print(f"{result['acknowledged_saves']} acknowledged saves, {result['lost']} lost")
    elif args.command == "wait-marked":
        _django()
        acks = json.loads(Path(args.acks).read_text())
        result = wait_until_marked(acks, timeout=args.timeout)
        Path(args.out).write_text(json.dumps(result))
        print(f"{result['marked']} of {result['closed']} attempts marked in {result['waited_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
