"""MathJax, served from our static files, typesets the bank's math in a real browser."""

from questions.models import Question
from tests.browser.conftest import wait_for_mathjax
from tests.factories import make_answer, make_question


def test_question_with_display_math_is_typeset_without_console_errors(
    live_server, transactional_db, bank, page, page_errors
):
    question = Question.objects.get(
        source__slug="exam-questions", text__startswith="What is the difference between binary"
    )
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + question.get_absolute_url())
    wait_for_mathjax(page)
    answer = page.locator(".answer-body")
    assert answer.locator("mjx-container[display='true']").count() >= 2
    assert "$$" not in answer.inner_text()
    assert "\\frac" not in answer.inner_text()
    assert page_errors == []
    # Everything, MathJax and its fonts included, came from our own server.
    assert requests and all(url.startswith(live_server.url) for url in requests)


def test_hostile_math_cannot_inject_links_styles_or_extensions(
    live_server, transactional_db, page, page_errors
):
    question = make_question(text=r"Is $x^2$ typeset?")
    make_answer(
        question=question,
        body="\n\n".join(
            [
                r"$\href{javascript:alert(1)}{click me}$",
                r"$\unicode[x;background:url(http://example.com/x.png)]{x41}$",
                r"$\require{html}\style{color:red}{styled}$",
                r"$\class{evil}{classed}$ and $\cssId{evil}{id}$",
                r"Still typeset: $y = \frac{1}{2}$",
            ]
        ),
    )
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + question.get_absolute_url())
    wait_for_mathjax(page)
    answer = page.locator(".answer-body")
    # Typesetting went on for the harmless math after the hostile lines.
    assert answer.locator("mjx-container").count() >= 4
    assert page.locator("[href^='javascript' i]").count() == 0
    assert page.locator("#evil, .evil").count() == 0
    styles = page.evaluate(
        "Array.from(document.querySelectorAll('.answer-body [style]'))"
        ".map(e => e.getAttribute('style')).join(' ')"
    )
    assert "url(" not in styles and "background" not in styles
    # The dangerous macros are unknown to our MathJax: shown as inert error text, not executed.
    math_text = answer.locator("mjx-assistive-mml").all_text_contents()
    for macro in (r"\href", r"\unicode", r"\require", r"\style", r"\class", r"\cssId"):
        assert any(macro in text for text in math_text), macro
    assert not any("example.com" in url for url in requests)
    assert not [error for error in page_errors if "dialog" in error]
