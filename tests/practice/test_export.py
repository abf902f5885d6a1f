"""Exports open in Anki: the .apkg is a zip holding an SQLite collection with the notes."""

import csv
import io
import sqlite3
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse

from practice.exporting import FIELDS, NOTE_TYPE_ID, anki_package, deck_id
from practice.selectors import export_for
from tests.factories import (
    make_answer,
    make_choice_question,
    make_question,
    make_source,
    make_topic,
)

from .conftest import T0, make_card

SOFTMAX = (
    r"The softmax is $$\sigma(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}$$ for $z \in \mathbb{R}^n$."
)
CODE = "In PyTorch:\n\n```python\nloss = nn.CrossEntropyLoss()(logits, y)\n```"


def open_apkg(content: bytes, tmp_path):
    """The notes of an .apkg: (fields, tags) per note, and its note types and decks."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert set(archive.namelist()) == {"collection.anki2", "media"}
        archive.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    notes = [
        (fields.split("\x1f"), tags.split())
        for fields, tags in db.execute("select flds, tags from notes order by sfld")
    ]
    models, decks = db.execute("select models, decks from col").fetchone()
    db.close()
    return notes, models, decks


@pytest.fixture
def topic_deck(db):
    source = make_source(name="Study notes")
    topic = make_topic(slug="softmax", name="Softmax")
    math = make_question(source=source, topics=[topic], text="What is softmax?", answer=SOFTMAX)
    code = make_question(source=source, topics=[topic], text="A loss in code?", answer=CODE)
    choice = make_choice_question(
        source=source, topics=[topic], text="Is softmax monotonic?", choices=["Yes", "No"]
    )
    choice.choices.filter(text="Yes").update(is_correct=True)
    make_question(source=source, topics=[topic], text="Unanswered?")  # not a card
    make_answer(question=choice, body="Yes: it preserves the order.")
    return topic, [math, code, choice]


def test_a_topic_exports_as_an_anki_deck_with_math_and_code_intact(topic_deck, tmp_path):
    topic, _ = topic_deck
    chosen = export_for(user=None, topic=topic, now=T0)
    notes, models, decks = open_apkg(anki_package(chosen.questions, chosen.deck_name), tmp_path)

    assert [fields[0] for fields, _ in notes] == [
        "<p>A loss in code?</p>",
        '<p>Is softmax monotonic?</p><ol class="choices" type="A"><li><p>Yes</p></li>'
        "<li><p>No</p></li></ol>",
        "<p>What is softmax?</p>",
    ]
    code, choice, math = (fields for fields, _ in notes)
    assert r"\[\sigma(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}\]" in math[1]
    assert r"\(z \in \mathbb{R}^n\)" in math[1]
    assert "$" not in math[1]
    assert "<pre>" in code[1] and "<code>" in code[1] and "CrossEntropyLoss" in code[1]
    assert choice[1].startswith("<p><strong>Correct: A</strong></p>")
    assert math[2] == "Study notes, question 1"
    assert math[3] == "Softmax"
    assert all(tags == ["softmax"] for _, tags in notes)
    assert f'"{NOTE_TYPE_ID}"' in models and all(f'"name": "{f}"' in models for f in FIELDS)
    assert f'"{deck_id("Quizsite::Softmax")}"' in decks


def test_a_deck_keeps_its_ids_so_reexports_update_it():
    assert deck_id("Quizsite::Softmax") == deck_id("Quizsite::Softmax")
    assert deck_id("Quizsite::Softmax") != deck_id("Quizsite::CNN")


def test_my_due_cards_export_only_my_due_cards(student, outsider, tmp_path):
    mine = make_question(text="Mine and due?", answer=r"Yes, $x^2$.")
    make_card(student, mine, due=T0 - timedelta(hours=1))
    make_card(student, make_question(text="Mine, later?", answer="A."), due=T0 + timedelta(days=1))
    make_card(outsider, make_question(text="Theirs?", answer="A."), due=T0 - timedelta(days=1))
    chosen = export_for(user=student, now=T0)
    notes, _, _ = open_apkg(anki_package(chosen.questions, chosen.deck_name), tmp_path)
    assert [fields[0] for fields, _ in notes] == ["<p>Mine and due?</p>"]
    assert r"\(x^2\)" in notes[0][0][1]


def test_the_export_page_downloads_a_source_as_csv(student_client, topic_deck):
    topic, questions = topic_deck
    source = questions[0].source
    response = student_client.get(
        reverse("practice:export"), {"what": "source", "source": source.slug, "filetype": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"quizsite-source-{source.slug}.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["question"] for row in rows][0] == "<p>What is softmax?</p>"
    assert r"\frac{e^{z_i}}" in rows[0]["answer"]
    assert rows[0]["tags"] == "softmax"
    assert rows[0]["url"].endswith(questions[0].get_absolute_url())
    assert len(rows) == 3


def test_the_export_page_asks_for_the_topic_it_should_export(student_client, topic_deck):
    response = student_client.get(reverse("practice:export"), {"what": "topic"}, follow=True)
    assert "Choose the topic to export." in response.content.decode()
