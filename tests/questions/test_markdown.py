"""The one renderer: math reaches MathJax untouched, code keeps its text, hostile input is inert."""

import html
import json
import re
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from questions.importers.fixture import FIXTURES_DIR
from questions.markdown import render_markdown

SOFTMAX = r"\text{softmax}(s) = \frac{e^{s_i}}{\sum_{j=1}^{C} e^{s_j}}"
CATEGORICAL_CE = r"\text{CategoricalCE} = {-\sum_{i}^{C} t_i \log(softmax(s)_i)}"
HUBER = r"\text{HuberLoss} = \frac{1}{n} \sum_{i=1}^{n} L_\delta (\hat{y}_i - y_i)"
MSE = r"\text{MSE} = \frac{1}{n} \sum_{i=1}^{n} (\hat{y}_i - y_i)^2"
SELF_ATTENTION = r"\text{Attention}(Q, K, V) = \text{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V"
L2_OBJECTIVE = r"J(w) = \frac{1}{n}\sum_{i=1}^{n} L(y_i, \hat{y}_i) + \lambda \|w\|_2^2"


def math_in(rendered: str) -> str:
    """The text MathJax will read: the HTML with entities decoded."""
    return html.unescape(rendered)


@pytest.mark.parametrize(
    "formula", [SOFTMAX, CATEGORICAL_CE, HUBER, MSE, SELF_ATTENTION, L2_OBJECTIVE]
)
def test_inline_math_reaches_mathjax_byte_for_byte(formula):
    rendered = render_markdown(f"The formula ${formula}$ is used.")
    assert f'<span class="arithmatex">\\({formula}\\)</span>' in rendered


@pytest.mark.parametrize("formula", [SOFTMAX, HUBER, L2_OBJECTIVE])
def test_display_math_paragraph_becomes_a_display_block(formula):
    rendered = render_markdown(f"$$\n{formula}\n$$")
    assert '<div class="arithmatex">' in rendered
    assert formula in math_in(rendered)


def test_display_math_inside_a_sentence_is_display_math_not_stray_dollars():
    # As in the exam questions: two display formulas followed by prose on one line.
    text = f"$${SOFTMAX} $$ $${CATEGORICAL_CE} $$ where C is the number of classes"
    rendered = render_markdown(text)
    assert f"\\[{SOFTMAX}\\]" in rendered
    assert f"\\[{CATEGORICAL_CE}\\]" in rendered
    assert "$" not in rendered
    assert "where C is the number of classes" in rendered


def test_underscores_and_asterisks_in_math_are_not_emphasis():
    rendered = render_markdown(r"Both $a_i * b_i$ and $x_{t}^{*} = y_*$ stay math.")
    assert "<em>" not in rendered and "<strong>" not in rendered
    assert r"\(a_i * b_i\)" in rendered
    assert r"\(x_{t}^{*} = y_*\)" in rendered


def test_backslash_escapes_inside_math_are_kept():
    rendered = render_markdown(r"$f(x) = \begin{cases} 0 & x < 0 \\ 1 & x \ge 0 \end{cases}$")
    assert r"\begin{cases} 0 &amp; x &lt; 0 \\ 1 &amp; x \ge 0 \end{cases}" in rendered


def test_less_than_in_math_is_escaped_for_html_and_read_back_by_mathjax():
    rendered = render_markdown("$a<b$")
    assert r"\(a&lt;b\)" in rendered
    assert r"\(a<b\)" in math_in(rendered)


def test_dollars_in_code_spans_and_escaped_dollars_are_not_math():
    rendered = render_markdown(r"It costs \$5, and `echo $$HOME$$` is shell.")
    assert "arithmatex" not in rendered
    assert "$5" in rendered
    assert "<code>echo $$HOME$$</code>" in rendered


def test_fenced_python_is_highlighted_and_keeps_its_text():
    code = "import torch\nx = torch.rand(1, 3, 224, 224)\nprint(x.shape)  # [1, 3, 224, 224]"
    rendered = render_markdown(f"```python\n{code}\n```")
    assert '<div class="highlight">' in rendered
    assert '<span class="kn">import</span>' in rendered
    assert code in html.unescape(re.sub(r"<[^>]+>", "", rendered))


def test_fenced_cpp_keeps_angle_brackets_as_text():
    rendered = render_markdown("```cpp\n#include <vector>\nstd::vector<int> v;\n```")
    assert "&lt;vector&gt;" in rendered
    assert "<vector>" not in rendered


def test_tables_and_lists_render():
    rendered = render_markdown("| a | b |\n|:-:|---|\n| 1 | 2 |\n\n- one\n- two")
    assert "<table>" in rendered and '<th style="text-align:center">a</th>' in rendered
    assert "<ul>" in rendered and "<li>one</li>" in rendered


@pytest.mark.parametrize(
    "payload, forbidden",
    [
        ("<script>alert(1)</script>", ["<script", "alert(1)"]),
        ('<img src="x" onerror="alert(1)">', ["onerror", "<img"]),
        ('<a href="javascript:alert(1)">x</a>', ["javascript:"]),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', ["javascript:"]),
        ("[click](javascript:alert(1))", ["javascript:"]),
        ("[click](data:text/html;base64,PHNjcmlwdD4=)", ["data:"]),
        ('<iframe src="https://example.com"></iframe>', ["<iframe"]),
        ('<div style="background:url(x)" onclick="x()">hi</div>', ["style=", "onclick"]),
        ("<style>body{display:none}</style>", ["<style", "display:none"]),
        ('<svg onload="alert(1)"><circle/></svg>', ["<svg", "onload"]),
        ('<form action="/x"><input name="a"></form>', ["<form", "<input"]),
        ('<span class="evil">x</span>', ["evil"]),
    ],
)
def test_hostile_html_comes_out_inert(payload, forbidden):
    rendered = render_markdown(payload).lower()
    for fragment in forbidden:
        assert fragment.lower() not in rendered


def test_links_get_rel_nofollow_and_keep_safe_urls():
    rendered = render_markdown("[paper](https://arxiv.org/abs/1710.05941)")
    assert 'href="https://arxiv.org/abs/1710.05941"' in rendered
    assert 'rel="nofollow noopener noreferrer"' in rendered


def test_mathjax_href_stays_plain_text_inside_math():
    # MathJax's ui/safe extension neutralises it in the browser (see the browser tests); here the
    # renderer must keep it as inert text within the math span, not produce an HTML link.
    rendered = render_markdown(r"$\href{javascript:alert(1)}{click}$")
    assert "<a" not in rendered
    assert r'<span class="arithmatex">\(\href{javascript:alert(1)}{click}\)</span>' in rendered


def test_a_missing_figure_notice_renders_as_a_styled_box_with_its_caption():
    notice = '!!! figure-missing "Figure missing from the source"\n    A basic $MLP$'
    rendered = render_markdown(f"Before.\n\n{notice}\n\nAfter.")
    assert rendered == (
        "<p>Before.</p>\n"
        '<div class="admonition figure-missing">\n'
        '<p class="admonition-title">Figure missing from the source</p>\n'
        '<p>A basic <span class="arithmatex">\\(MLP\\)</span></p>\n'
        "</div>\n"
        "<p>After.</p>"
    )


def test_other_admonition_types_keep_no_class_of_their_own():
    rendered = render_markdown('!!! danger onclick "<b>Title</b>"\n    <script>x()</script>Body')
    assert '<div class="admonition">' in rendered
    assert "danger" not in rendered and "onclick" not in rendered and "<script" not in rendered


def committed_bank_markdown() -> list[tuple[str, str]]:
    """Every Markdown text of the committed bank with the HTML stored for it."""
    records = json.loads((FIXTURES_DIR / "bank.json").read_text(encoding="utf-8"))
    fields = {
        "questions.question": ("text", "text_html"),
        "questions.answer": ("body", "body_html"),
    }
    return [
        (record["fields"][markdown], record["fields"][html])
        for record in records
        if record["model"] in fields
        for markdown, html in [fields[record["model"]]]
    ]


def test_texts_rendered_one_after_another_render_as_each_did_alone():
    # The stored HTML was rendered by a converter of its own per text; this thread's converter
    # renders them all in turn, so any state one text left behind would show in the next.
    bank = committed_bank_markdown()
    assert len(bank) > 500
    assert [render_markdown(markdown) for markdown, _ in bank] == [html for _, html in bank]


def test_threads_rendering_at_once_each_get_their_own_text():
    longest = sorted(committed_bank_markdown(), key=lambda pair: len(pair[0]))[-8:]
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to make a race show
    try:
        with ThreadPoolExecutor(max_workers=len(longest)) as pool:
            rendered = list(
                pool.map(lambda pair: [render_markdown(pair[0]) for _ in range(20)], longest)
            )
    finally:
        sys.setswitchinterval(switch_interval)
    assert rendered == [[html] * 20 for _, html in longest]
