"""The bank as a student browses it: lists, filters, search, a question's page, sources, topics."""

import pytest
from django.db import connection
from django.urls import reverse

from questions.models import Answer, Question
from tests.factories import make_answer, make_question, make_source, make_topic


@pytest.fixture
def cnn(db):
    return make_topic(slug="cnn", name="Convolutional networks")


@pytest.fixture
def rnn(db):
    return make_topic(slug="rnn", name="Recurrent networks")


def listed(response) -> list[Question]:
    return list(response.context["page"].object_list)


def test_bank_lists_questions_with_source_and_answer_state(client, cnn):
    answered = make_question(
        text="What is a pooling layer?", topics=[cnn], answer="It downsamples."
    )
    open_question = make_question(text="What is a stride?", topics=[cnn])
    response = client.get(reverse("questions:list"))
    body = response.content.decode()
    assert set(listed(response)) == {answered, open_question}
    assert "What is a pooling layer?" in body and "What is a stride?" in body
    assert "Answered" in body and "No answer yet" in body
    assert "2 questions" in body


def test_bank_filters_by_topic_any_of_several(client, cnn, rnn):
    pooling = make_question(text="What is pooling?", topics=[cnn])
    lstm = make_question(text="What is an LSTM?", topics=[rnn])
    both = make_question(text="What is a ConvLSTM?", topics=[cnn, rnn])
    other = make_question(text="What is AI?")
    response = client.get(reverse("questions:list"), {"topic": ["cnn", "rnn"]})
    assert sorted(q.pk for q in listed(response)) == sorted([pooling.pk, lstm.pk, both.pk])
    assert other not in listed(response)


def test_bank_filters_by_source_kind_and_answered(client, db):
    exam, cards = make_source(slug="exam"), make_source(slug="cards")
    tf = make_question(source=exam, kind=Question.Kind.TRUE_FALSE, text="True or false: x?")
    answered = make_question(source=exam, answer="Yes.")
    card = make_question(source=cards)
    assert listed(client.get(reverse("questions:list"), {"source": "cards"})) == [card]
    assert listed(client.get(reverse("questions:list"), {"kind": "true_false"})) == [tf]
    assert listed(client.get(reverse("questions:list"), {"answered": "true"})) == [answered]
    assert answered not in listed(client.get(reverse("questions:list"), {"answered": "false"}))


def test_pending_and_rejected_answers_do_not_make_a_question_answered(client, db):
    question = make_question(text="What is a tensor?")
    make_answer(question=question, body="Secret pending text", status=Answer.Status.PENDING)
    make_answer(question=question, body="Secret rejected text", status=Answer.Status.REJECTED)
    assert listed(client.get(reverse("questions:list"), {"answered": "true"})) == []
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Secret pending text" not in page and "Secret rejected text" not in page
    assert "No answer yet" in page


def test_search_finds_questions_by_text_case_insensitively(client, db):
    softmax = make_question(text="Write the softmax formula.")
    make_question(text="What is dropout?")
    assert listed(client.get(reverse("questions:list"), {"search": "SOFTMAX"})) == [softmax]


def test_unknown_filter_values_show_an_error_not_a_crash(client, db):
    make_question(text="What is dropout?")
    response = client.get(
        reverse("questions:list"), {"topic": "no-such-topic", "kind": "essay", "source": "x"}
    )
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_search_with_a_nul_byte_is_refused_cleanly(client, db):
    response = client.get(reverse("questions:list"), {"search": "soft\x00max"})
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()


def test_bank_paginates_and_keeps_filters_in_page_links(client, settings, cnn):
    settings.QUESTIONS_PER_PAGE = 2
    for n in range(5):
        make_question(text=f"Convolution question {n}?", topics=[cnn])
    response = client.get(reverse("questions:list"), {"topic": "cnn"})
    assert len(listed(response)) == 2
    assert "Page 1 of 3" in response.content.decode()
    assert "topic=cnn&amp;page=2" in response.content.decode()
    assert client.get(reverse("questions:list"), {"page": "999"}).status_code == 200


def test_question_page_shows_text_answers_source_topics_and_twins(client, cnn):
    exam, cards = make_source(name="Exam list"), make_source(name="Flashcards")
    question = make_question(source=exam, text="What is a tensor?", topics=[cnn])
    make_answer(question=question, body=r"An array: $T_{ijk}$.", source=exam)
    twin = make_question(source=cards, text="What is a Tensor ?")
    body = client.get(question.get_absolute_url()).content.decode()
    assert "What is a tensor?" in body
    assert r'<span class="arithmatex">\(T_{ijk}\)</span>' in body
    assert "From Exam list" in body
    assert "Convolutional networks" in body
    assert "Also asked in" in body and twin.get_absolute_url() in body


def test_question_page_links_the_same_question_asked_differently_and_related_ones(client, db):
    exam, interview = make_source(name="Exam list"), make_source(name="Interview")
    question = make_question(source=exam, text="What is multi-task learning?")
    reworded = make_question(source=interview, text="Explain multitask learning.")
    reworded.same_as = question.same_as  # the importer's link
    reworded.save()
    related = make_question(source=interview, text="How does multitask learning prevent $L^2$?")
    question.related.add(related)
    body = client.get(question.get_absolute_url()).content.decode()
    also_asked = body[body.index("Also asked in") : body.index("Related questions")]
    assert reworded.get_absolute_url() in also_asked
    assert related.get_absolute_url() not in also_asked
    related_section = body[body.index("Related questions") :]
    assert related.get_absolute_url() in related_section
    assert r'<span class="arithmatex">How does multitask learning prevent \(L^2\)?</span>' in (
        related_section
    )
    # The link is symmetric: the related question's page links back.
    assert question.get_absolute_url() in client.get(related.get_absolute_url()).content.decode()


def test_a_lost_figure_shows_as_a_notice_in_the_question_and_its_answer(client, db):
    notice = '!!! figure-missing "Figure missing from the source"\n    A basic MLP'
    question = make_question(text=f"Compute the output.\n\n{notice}", needs_figure=True)
    make_answer(question=question, body=f"It is 0.3.\n\n{notice}")
    body = client.get(question.get_absolute_url()).content.decode()
    box = (
        '<div class="admonition figure-missing">\n'
        '<p class="admonition-title">Figure missing from the source</p>\n'
        "<p>A basic MLP</p>\n</div>"
    )
    assert body.count(box) == 2
    assert "A figure or table this question or its answer shows is missing" in body


def test_unanswered_question_invites_an_answer(client, db):
    question = make_question(text="What is a GAN?")
    assert "Know the answer?" in client.get(question.get_absolute_url()).content.decode()


def test_missing_question_is_a_404(client, db):
    assert client.get(reverse("questions:detail", args=[999999])).status_code == 404


def test_source_page_shows_description_and_counts(client, db):
    source = make_source(name="Flashcards", description="A deck of cards.")
    make_question(source=source, answer="Yes.")
    make_question(source=source)
    response = client.get(source.get_absolute_url())
    assert response.context["source"].question_count == 2
    assert response.context["source"].answered_count == 1
    assert "A deck of cards." in response.content.decode()


def test_topic_page_lists_its_questions(client, cnn, rnn):
    pooling = make_question(text="What is pooling?", topics=[cnn])
    make_question(text="What is an LSTM?", topics=[rnn])
    response = client.get(cnn.get_absolute_url())
    assert listed(response) == [pooling]
    assert response.context["topic"].question_count == 1


def make_rich_questions(n: int):
    """n questions with topics, answers, choices and a twin each: the worst case for queries."""
    source, other = make_source(), make_source()
    topics = [make_topic(), make_topic()]
    for i in range(n):
        question = make_question(source=source, text=f"Question {i}?", topics=topics, answer="A.")
        make_answer(question=question, body="Another answer.")
        question.choices.create(position=1, text="True", is_correct=True)
        make_question(source=other, text=f"Question {i}?", topics=topics)
    return source, topics[0]


# A search's "Did you mean …?" check: one query on PostgreSQL, none elsewhere.
SUGGESTION = int(connection.vendor == "postgresql")

# Each page and the number of SQL queries it makes, whatever the number of questions shown.
PAGES = {
    # count, page of questions, their topics, the topic and source choices of the filter form
    "bank": (lambda source, topic: reverse("questions:list"), 5),
    "last page of the bank": (lambda source, topic: reverse("questions:list") + "?page=99", 5),
    "searched bank": (
        lambda source, topic: reverse("questions:list") + "?search=question",
        5 + SUGGESTION,
    ),
    # the same, plus validating the chosen topic and source
    "filtered bank": (
        lambda source, topic: (
            reverse("questions:list")
            + f"?topic={topic.slug}&answered=true&search=Question&source={source.slug}"
        ),
        7 + SUGGESTION,
    ),
    "source": (lambda source, topic: source.get_absolute_url(), 4),
    "topic": (lambda source, topic: topic.get_absolute_url(), 4),
    "home": (lambda source, topic: reverse("home"), 3),
    "sources": (lambda source, topic: reverse("questions:sources"), 1),
    "topics": (lambda source, topic: reverse("questions:topics"), 1),
}


@pytest.mark.parametrize("n", [1, 12])
@pytest.mark.parametrize("page_name", PAGES)
def test_page_makes_a_fixed_number_of_queries(
    client, db, settings, django_assert_num_queries, page_name, n
):
    settings.QUESTIONS_PER_PAGE = 100
    source, topic = make_rich_questions(n)
    url, expected = PAGES[page_name]
    with django_assert_num_queries(expected):
        assert client.get(url(source, topic)).status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_question_page_makes_a_fixed_number_of_queries(client, db, django_assert_num_queries, n):
    question = make_question(text="Twin question?")
    for i in range(n):
        make_answer(question=question, body=f"Answer {i}")
        question.choices.create(position=i + 1, text=f"Choice {i}")
        make_question(text="Twin question?")
        question.related.add(make_question(text=f"Related question {i}?"))
    # question with source, topics, choices, approved answers, related questions with their
    # source, the same question elsewhere
    with django_assert_num_queries(6):
        response = client.get(question.get_absolute_url())
    assert response.content.decode().count("Related question ") == n
