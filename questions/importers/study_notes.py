"""Parser for the study page of short questions with note-style answers.

Layout: one line per question or note, no blank lines. A question is a line that starts with an
interrogative or instruction word (What, How, Explain, ...) and contains a ``?`` somewhere; the
lines after it, up to the next question, are the notes of its answer. Lines before the first
question (a page title, if any) and the "Last changed ..." footer are page noise.

Answers become Markdown: a single note is a paragraph, several notes a bullet list, and a note
ending in ``:`` ("Examples:", "Steps (...):") is a paragraph introducing a list of the notes
after it. The page lost one picture, whose caption is left as a note ("biological neuron vs.
artificial neuron", under "What is a neural network?"): it becomes a "figure missing" notice
after the notes, and flags the question.
"""

from __future__ import annotations

import re

from .common import ParsedQuestion, missing_figure, number, tidy

# A question starts with a question word AND has a "?" somewhere. Hard cases:
# - "What are hyperparameters? Give 3 examples." and "What metrics can be used ...? Name at
#   least 2. Describe differences" end in an instruction: their "?" is mid-line.
# - "When the training loss is low/decreasing BUT ..." starts with a question word but has no
#   "?": it is the answer to "How can overfitting be easily seen during the training?".
# - A note ending in "?" without a leading question word stays a note (none in this page).
_QUESTION = re.compile(
    r"^(?:What|How|Why|Which|When|Where|Who|Explain|Describe|Name|Give|List)\b.*\?"
)
# "Last changeda month ago": the page's footer (the missing space is in the source).
_FOOTER = re.compile(r"^Last changed", re.IGNORECASE)
_CAPTIONS = {"biological neuron vs. artificial neuron"}


def parse(text: str) -> list[ParsedQuestion]:
    entries: list[tuple[str, list[str]]] = []  # (question, its notes)
    for line in text.splitlines():
        line = line.strip()
        if not line or _FOOTER.match(line):
            continue
        if _QUESTION.match(line):
            entries.append((line, []))
        # Lines before the first question would be a page title, not an answer.
        elif entries:
            entries[-1][1].append(line)
    return number([_build(question, notes) for question, notes in entries])


def _build(question: str, notes: list[str]) -> ParsedQuestion:
    captions = [note for note in notes if note in _CAPTIONS]
    notes = [note for note in notes if note not in _CAPTIONS]
    answer = "\n\n".join([_markdown(notes), *map(missing_figure, captions)])
    return ParsedQuestion(text=question, answer=tidy(answer), needs_figure=bool(captions))


def _markdown(notes: list[str]) -> str:
    for index, note in enumerate(notes[:-1]):
        if note.endswith(":"):
            intro, items = _notes(notes[:index]), _bullets(notes[index + 1 :])
            return tidy("\n\n".join(part for part in (intro, note, items) if part))
    return tidy(_notes(notes))


def _notes(notes: list[str]) -> str:
    return notes[0] if len(notes) == 1 else _bullets(notes)


def _bullets(notes: list[str]) -> str:
    return "\n".join(f"- {note}" for note in notes)
