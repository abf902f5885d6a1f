"""Parser for the "Deep learning Fundamentals Flashcards" deck.

Layout: a deck title line, then the cards. A card is its number on a line of its own, a line
``Q``, the question, a line ``A`` and the answer, which runs up to the next card's number. Cards
1-15 also end with a rating widget ("How well did you know this?", the digits 1-5, "Not at all",
"Perfectly"): page noise, removed before anything else.

Answers become Markdown: each source line is a paragraph, and list-like lines (``•`` bullets,
``1.`` steps, ``Label: text`` or ``word = text``) become list items when two or more follow
each other. Items written on adjacent lines form one list that ends at the next blank line;
items written one per paragraph form one list as long as they keep coming.
"""

from __future__ import annotations

import re

from .common import Kind, ParsedQuestion, number, tidy

# Matched as a whole, in this exact order: a looser pattern would also eat the next card's
# number, since the widget's digits 1-5 look exactly like card numbers.
_RATING_WIDGET = re.compile(
    r"^How well did you know this\?\n1\nNot at all\n2\n3\n4\n5\nPerfectly$\n?", re.MULTILINE
)
_CARD_START = re.compile(r"^\d+\nQ$", re.MULTILINE)
_ANSWER_MARK = re.compile(r"^A$", re.MULTILINE)
_TRUE_FALSE = re.compile(r"^(?:true or false|true/false)\b", re.IGNORECASE)

_BULLET = re.compile(r"^\s*•\s*")
_STEP = re.compile(r"^\s*(\d+)\.\s+")
_LABELLED = re.compile(r"^(?:[A-Z][\w ()-]{0,40}:|\w+ =) \S")


def parse(text: str) -> list[ParsedQuestion]:
    text = _RATING_WIDGET.sub("", text.replace("\r\n", "\n"))
    questions = []
    # Whatever comes before the first card is the deck title, not a question.
    for card in _CARD_START.split(text)[1:]:
        question, answer = _split_card(card)
        # The deck's last card ("22", "Q", "A") has no question text at all: it is not a
        # question, so it is skipped. A card with a question but no answer (card 2) is kept.
        if not question:
            continue
        kind = Kind.TRUE_FALSE if _TRUE_FALSE.match(question) else Kind.OPEN
        questions.append(ParsedQuestion(text=question, answer=_markdown(answer), kind=kind))
    return number(questions)


def _split_card(card: str) -> tuple[str, str]:
    """The card's question and raw answer, either side of its ``A`` line."""
    mark = _ANSWER_MARK.search(card)
    if mark is None:
        return tidy(card), ""
    return tidy(card[: mark.start()]), card[mark.end() :]


def _markdown(answer: str) -> str:
    parts: list[str] = []  # Markdown blocks, joined by blank lines
    run: list[str] = []  # list-like lines waiting to become a list

    def flush() -> None:
        # A lone list-like line ("Simple answer: ...", "forward = ...") stays a paragraph.
        if len(run) >= 2:
            parts.append("\n".join(_as_item(line) for line in run))
        else:
            parts.extend(_BULLET.sub("", line).strip() for line in run)
        run.clear()

    for block in re.split(r"\n\s*\n", answer.strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        for line in lines:
            if _BULLET.match(line) or _STEP.match(line) or _LABELLED.match(line):
                run.append(line)
            else:
                flush()
                parts.append(line.strip())
        # Card 1: its five "Label: text" lines are adjacent and the list ends at the blank line,
        # so the "Simple answer: ..." paragraph after it is not swallowed as a sixth item.
        if len(lines) > 1:
            flush()
    flush()
    return tidy("\n\n".join(parts))


def _as_item(line: str) -> str:
    if _BULLET.match(line):
        return _BULLET.sub("- ", line)
    if step := _STEP.match(line):
        return f"{step[1]}. {line[step.end() :]}"
    return f"- {line.strip()}"
