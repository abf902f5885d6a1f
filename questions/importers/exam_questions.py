"""Parser for ``exam-questions.txt``, a community list of deep-learning exam questions.

Layout, one question per dash:

* An intro paragraph comes first; everything before the first dash is ignored.
* A question is either a ``- Question?`` bullet or a lone ``-`` line followed by the question on
  the next line. Every question is a single line ending in ``?``, except one imperative
  ("Write the mathematical formula of at least 10 activation functions.").
* The answer is every following line up to the next question: prose lines (each its own
  paragraph), ``- item`` bullets and lone-dash items, which together form a Markdown list.
  A question with no answer is followed directly by the next dash.
* LaTeX (``$…$``, ``$$…$$``) is kept byte for byte.

Every question is open-ended and none refers to a figure.
"""

from __future__ import annotations

import re

from .common import ParsedQuestion, number, tidy

# The dash that opens the next question sometimes sits at the end of an answer line:
# "... $\text{SiLU}(x) = \frac{x}{1 + e^{-x}}$ -" and "...(\hat{y}_i - y_i)^2$$ -".
_TRAILING_DASH = re.compile(r"^(.*\S)\s+-$")


def _lines(text: str) -> list[str]:
    """The document's lines, with a trailing question dash moved onto its own line."""
    lines: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        match = _TRAILING_DASH.match(line)
        lines.extend([match.group(1), "-"] if match else [line])
    return [line for line in lines if line]


def _is_lone_dash_question(line: str) -> bool:
    # Lone-dash items are usually questions, but the answer to "How can you get your model out
    # of a local minimum?" is a lone-dash list ("use momentum…", "use advanced optimizers…").
    # Those items start in lower case; the one question without "?" ("Write the mathematical
    # formula…") starts with a capital, like every other question.
    return line.endswith("?") or line[:1].isupper()


def _answer(blocks: list[tuple[bool, str]]) -> str:
    """Join (is_list_item, text) blocks: items stay together, everything else is a paragraph."""
    markdown = ""
    previous_item = False
    for is_item, text in blocks:
        separator = "\n" if is_item and previous_item else "\n\n"
        markdown += separator + (f"- {text}" if is_item else text)
        previous_item = is_item
    return tidy(markdown)


def parse(text: str) -> list[ParsedQuestion]:
    lines = _lines(text)
    entries: list[tuple[str, list[tuple[bool, str]]]] = []  # (question, answer blocks)
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line == "-":
            if index == len(lines) or lines[index] == "-":
                # An empty item: "-" directly followed by "-" closes the local-minimum list.
                continue
            following = lines[index]
            index += 1
            if _is_lone_dash_question(following):
                entries.append((following, []))
            elif entries:
                entries[-1][1].append((True, following))
        elif line.startswith("- "):
            item = line[2:].strip()
            # "- What is …?" bullets are questions; "- relu", "- cropping" are answer items.
            if item.endswith("?"):
                entries.append((item, []))
            elif entries:
                entries[-1][1].append((True, item))
        elif entries:  # prose before the first question is the intro
            entries[-1][1].append((False, line))
    return number([ParsedQuestion(text=q, answer=_answer(blocks)) for q, blocks in entries])
