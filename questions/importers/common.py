"""Shapes and helpers shared by the per-document parsers.

A parser is a pure function ``parse(text: str) -> list[ParsedQuestion]``: it knows one document's
layout and nothing about the database. The import service turns its output into fixtures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


class Kind:
    OPEN = "open"
    TRUE_FALSE = "true_false"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"


@dataclass
class ParsedChoice:
    text: str
    # None when the document does not say whether the choice is correct.
    is_correct: bool | None = None


@dataclass
class ParsedQuestion:
    text: str
    """The question as Markdown (sub-parts, code blocks and LaTeX kept)."""
    answer: str = ""
    """The document's answer as Markdown; empty when the document has none."""
    section: str = ""
    kind: str = Kind.OPEN
    choices: list[ParsedChoice] = field(default_factory=list)
    needs_figure: bool = False
    """True when the question or its answer showed a figure whose image is missing from the
    document (see ``missing_figure()``)."""
    position: int = 0
    """1-based order in the document, set by ``number()``."""


MISSING_FIGURE_TITLE = "Figure missing from the source"


def missing_figure(caption: str = "") -> str:
    """A notice block (rendered as a styled box) where the document lost a figure, with its
    caption when the document kept one."""
    notice = f'!!! figure-missing "{MISSING_FIGURE_TITLE}"'
    return f"{notice}\n    {caption}" if caption else notice


def number(questions: list[ParsedQuestion]) -> list[ParsedQuestion]:
    """Give each question its 1-based position in document order."""
    for index, question in enumerate(questions, start=1):
        question.position = index
    return questions


_BLANK_RUNS = re.compile(r"\n{3,}")


def tidy(markdown: str) -> str:
    """Strip trailing spaces on each line and collapse runs of blank lines."""
    lines = [line.rstrip() for line in markdown.strip().splitlines()]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()
