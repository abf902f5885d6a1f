"""Cards as an Anki deck (.apkg, written with genanki) or as CSV.

The fields hold the HTML the bank stored when the text was saved (questions.markdown): already
sanitised, with math as MathJax delimiters ``\\(…\\)`` and ``\\[…\\]`` (which Anki's own MathJax
typesets) and code blocks as ``<pre><code>``. Re-exporting updates the same notes and deck in
Anki: the note type and the decks have fixed ids, and a note's id comes from its question.
"""

import csv
import hashlib
import io
import itertools
import json
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

import genanki
from django.utils.html import escape

from questions.models import Question

from .selectors import EXPORT_MAX_NOTES, Export
from .services import PracticeInputError

#: The note type's id: fixed, so every export updates the same note type in Anki.
NOTE_TYPE_ID = 1_738_204_511
NOTE_TYPE_NAME = "Quizsite question"
FIELDS = ["Question", "Answer", "Source", "Topics"]
CSV_HEADER = ["question", "answer", "source", "topics", "tags", "url"]
CARD_CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5; text-align: left;
  color: #1c2430; background: #fff; }
pre { overflow-x: auto; padding: 0.6em; background: #f7f7f9; border: 1px solid #d5dbe3; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.92em; }
.meta { color: #4a5566; font-size: 0.8em; margin-top: 1em; }
ol.choices { padding-left: 1.5em; }
"""

NOTE_TYPE = genanki.Model(
    NOTE_TYPE_ID,
    NOTE_TYPE_NAME,
    fields=[{"name": name} for name in FIELDS],
    templates=[
        {
            "name": "Recall",
            "qfmt": "{{Question}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}'
            '<div class="meta">{{Source}} · {{Topics}}</div>',
        }
    ],
    css=CARD_CSS,
)


def deck_id(name: str) -> int:
    """A fixed id for a deck name, so re-exporting a deck updates it instead of adding one."""
    return (1 << 30) + int.from_bytes(hashlib.sha256(name.encode()).digest()[:4]) % (1 << 30)


def question_html(question: Question) -> str:
    choices = list(question.choices.all())
    if not choices:
        return question.text_html
    items = "".join(f"<li>{choice.text_html}</li>" for choice in choices)
    return f'{question.text_html}<ol class="choices" type="A">{items}</ol>'


def answer_html(question: Question) -> str:
    """The model answers (questions are exported with their ``approved_answers`` prefetched),
    and the key of a choice question."""
    parts = [answer.body_html for answer in question.approved_answers]
    letters = [
        chr(ord("A") + index)
        for index, choice in enumerate(question.choices.all())
        if choice.is_correct
    ]
    if letters:
        parts.insert(0, f"<p><strong>Correct: {', '.join(letters)}</strong></p>")
    return "<hr>".join(parts)


def source_text(question: Question) -> str:
    return escape(f"{question.source.name}, question {question.position}")


def topic_names(question: Question) -> str:
    return escape(", ".join(topic.name for topic in question.topics.all()))


def topic_tags(question: Question) -> list[str]:
    return [topic.slug for topic in question.topics.all()]


def anki_note(question: Question) -> genanki.Note:
    return genanki.Note(
        model=NOTE_TYPE,
        fields=[
            question_html(question),
            answer_html(question),
            source_text(question),
            topic_names(question),
        ],
        tags=topic_tags(question),
        guid=genanki.guid_for("quizsite-question", question.pk),
    )


def anki_package(questions: Iterable[Question], deck_name: str) -> bytes:
    """An .apkg file holding one note per question in one deck."""
    deck = genanki.Deck(deck_id(deck_name), deck_name)
    for question in questions:
        deck.add_note(anki_note(question))
    package = genanki.Package(deck)
    # genanki's write_to_file() leaves its temporary SQLite file behind: write the collection
    # into a directory that is removed, and zip it in memory.
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "collection.anki2"
        connection = sqlite3.connect(path)
        timestamp = time.time()
        package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        connection.commit()
        connection.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(path, "collection.anki2")
            archive.writestr("media", json.dumps({}))
    return buffer.getvalue()


def csv_text(questions: Iterable[Question], *, base_url: str) -> str:
    """The same fields as the deck, one row per question (Anki imports it with HTML allowed)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for question in questions:
        writer.writerow(
            [
                question_html(question),
                answer_html(question),
                source_text(question),
                topic_names(question),
                " ".join(topic_tags(question)),
                base_url + question.get_absolute_url(),
            ]
        )
    return out.getvalue()


CONTENT_TYPES = {"apkg": "application/apkg", "csv": "text/csv; charset=utf-8"}


def render_export(export: Export, file_format: str, *, base_url: str) -> tuple[bytes, str, str]:
    """The export's file as (content, content type, file name); refused above EXPORT_MAX_NOTES."""
    count = export.questions.count()
    if count > EXPORT_MAX_NOTES:
        raise PracticeInputError(
            f"This export would hold {count} cards; the most is {EXPORT_MAX_NOTES}: "
            "choose a topic or a source."
        )
    questions = export.questions.iterator(chunk_size=500)
    if file_format == "csv":
        content = csv_text(questions, base_url=base_url).encode()
    else:
        content = anki_package(questions, export.deck_name)
    return content, CONTENT_TYPES[file_format], f"{export.file_stem}.{file_format}"
