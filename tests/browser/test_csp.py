"""The site passes its own Content-Security-Policy in a real browser: pages, math, API docs.

Chromium reports each CSP violation as a console error (``page_errors``) and as a
``securitypolicyviolation`` event, which an init script (exempt from the policy) records.
"""

import pytest

from questions.models import Question
from tests.browser.conftest import wait_for_mathjax

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def csp_page(page, page_errors):
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def visit(page, url):
    response = page.goto(url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    return response


def violations(page) -> list[str]:
    return page.evaluate("window.cspViolations")


def test_the_home_page_passes_the_policy(
    live_server, transactional_db, bank, csp_page, page_errors
):
    visit(csp_page, live_server.url + "/")
    csp_page.get_by_role("heading", level=1).wait_for()
    wait_for_mathjax(csp_page)
    assert violations(csp_page) == [] and page_errors == []


def test_a_question_with_math_is_typeset_under_the_policy(
    live_server, transactional_db, bank, csp_page, page_errors
):
    question = Question.objects.filter(
        text="What is the difference between binary cross-entropy and categorical cross-entropy?"
    ).first()
    visit(csp_page, live_server.url + question.get_absolute_url())
    wait_for_mathjax(csp_page)
    assert csp_page.locator("mjx-container").count() > 0
    assert violations(csp_page) == [] and page_errors == []


def test_the_api_docs_render_under_the_policy(live_server, transactional_db, csp_page, page_errors):
    visit(csp_page, live_server.url + "/api/docs/")
    csp_page.locator(".swagger-ui .opblock").first.wait_for(timeout=15_000)
    assert csp_page.get_by_text("/api/v1/questions/", exact=True).first.is_visible()
    assert violations(csp_page) == [] and page_errors == []
