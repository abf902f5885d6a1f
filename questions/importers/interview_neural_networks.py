"""Parser for the scraped page "Data Science Interview Questions And Answers — Neural Networks".

Layout of the document:

* Page chrome (``Skip to content``, ``Latest commit``, ``History``, size lines, the file name,
  ``File metadata and controls``, ``Contents``) comes before the first section heading and is
  skipped.
* Five section headings, each alone on a line (``SECTIONS`` maps the printed heading to its
  canonical name).
* A question starts with ``Q.``; a bare ``Answer`` line ends it; the answer runs to the next
  question, heading or the end of the file. The first four sections lost their answers in the
  scrape, so their ``Answer`` lines are followed by nothing.
* Sub-parts are list items ``  1. …`` (nested ones are indented four spaces); answers use
  ``  • …`` bullets. Both become Markdown lists, renumbered in order because the scrape restarts
  the numbering at 1 whenever a formula or a code listing interrupts the list.
* Code is printed as plain or indented lines and becomes a fenced block (``cpp`` or ``python``).
* Figures survive only as their caption, printed twice (image alt text, then caption); one copy
  is kept. LaTeX is kept byte for byte.
"""

from __future__ import annotations

import re
import textwrap

from .common import Kind, ParsedChoice, ParsedQuestion, number, tidy

SECTIONS = {
    "Perceptron": "Perceptron",
    "NNLayers, Topologists and Blocks": "NN Layers, Topologies and Blocks",
    "Training and Hyperparameters": "Training and Hyperparameters",
    "Optimization and Loss": "Optimization and Loss",
    "Regularization for deep learning": "Regularization for Deep Learning",
}

_QUESTION = re.compile(r"^Q\.(?:\s+(.*))?$")
_ITEM = re.compile(r"^(\s*)(?:(\d+)\.|•)\s+(.*)$")
# Sub-parts run together on one line: "...the training. 1. What's the motivation? 1. What...".
_RUN_TOGETHER = re.compile(r"(?<=[.?!:]) (?=\d\. [A-Z])")
_CODE_START = re.compile(r"^\s*(?:import \w|from [\w.]+ import |#include |\w+\s*=\s*[\w.]+\()")
# A sentence ("The architecture is…", "Where nn.Dropout…") ends a code listing.
_PROSE = re.compile(r"^[A-Z][a-z]*,?\s+[a-z]")
_CAPTION = re.compile(r"^[A-Za-z][\w .()-]*$")
_NON_WORD = re.compile(r"\W")
# Figures whose alt text and caption differ, so they are not caught as duplicates.
_ALT_AND_CAPTION = {
    ("Several nodes in a MLP.", "A common form of multitask learning"),
    ("Early Stopping", "Early stopping in training"),
}
# Figures a question cannot be answered without; the other captions only illustrate a question
# whose data (weights, inputs, code) is in the text.
_ESSENTIAL_FIGURES = {
    "A small CNN composed of ReLU blocks",
    "A small filter for a CNN",
    "The result of applying the filter",
    "Input to MaxPool2d operation",
    "A CNN block",
    "A resnet CNN block",
    "A validation curve",
    "Log-loss function curve",
    "Base Network",
}
# The filter -> ReLU -> MaxPool questions work on the tensor shown in the missing figures; the
# MaxPool one has no caption of its own.
_FIGURE_FOLLOW_UP = re.compile(r"^What would be the resulting tensor after")
# The hyperparameter table (8.46) printed as plain lines, one setting per line.
_HYPERPARAMETER = re.compile(r"^(?:Initial learning rate|Weight decay|Momentum|Batch size) [\d.]+$")
_TRUE_FALSE = re.compile(r"^(?:True or False:|\[True/False\])", re.IGNORECASE)
_CHOICE_STEMS = {
    Kind.MULTIPLE_CHOICE: re.compile(r"choose all the options that apply", re.IGNORECASE),
    Kind.SINGLE_CHOICE: re.compile(r"choose the correct option", re.IGNORECASE),
}


def parse(text: str) -> list[ParsedQuestion]:
    lines = text.splitlines()
    questions: list[ParsedQuestion] = []
    section = ""
    question: list[str] | None = None
    answer: list[str] | None = None

    def flush() -> None:
        if question is not None:
            questions.append(_build(question, answer or [], section))

    started = False
    for index, line in enumerate(lines):
        if line.strip() in SECTIONS:
            flush()
            question = answer = None
            section, started = SECTIONS[line.strip()], True
        elif not started:
            continue  # page chrome above the first heading
        elif match := _QUESTION.match(line):
            flush()
            question, answer = [match.group(1) or ""], None
        elif line.strip() == "Answer":
            answer = []
        elif answer is not None and _lost_q_prefix(answer, line, lines[index + 1 :]):
            # "  1. If we want to train the perceptron…" then "Answer", right after another
            # question's empty answer: a question whose "Q." was lost.
            flush()
            question, answer = [_ITEM.sub(r"\3", line)], None
        elif answer is not None:
            answer.append(line)
        elif question is not None:
            question.append(line)
    flush()
    return number(questions)


def _lost_q_prefix(answer: list[str], line: str, rest: list[str]) -> bool:
    following = next((later for later in rest if later.strip()), "")
    return not "".join(answer).strip() and bool(_ITEM.match(line)) and following == "Answer"


def _build(question_lines: list[str], answer_lines: list[str], section: str) -> ParsedQuestion:
    text, figures = _markdown(question_lines)
    answer, answer_figures = _markdown(answer_lines)
    parsed = ParsedQuestion(text=text, answer=answer, section=section)
    essential = _ESSENTIAL_FIGURES.intersection(figures)
    parsed.needs_figure = bool(essential or _FIGURE_FOLLOW_UP.match(text))
    if answer and set(answer.split("\n")) <= set(answer_figures):
        # The answer was only a figure ("All possible subnetworks") and the image is missing.
        parsed.answer, parsed.needs_figure = "", True
    _classify(parsed)
    return parsed


def _classify(question: ParsedQuestion) -> None:
    if _TRUE_FALSE.match(question.text) and "\n" not in question.text:
        key = re.match(r"(True|False)\b", question.answer)
        question.kind = Kind.TRUE_FALSE
        question.choices = [
            ParsedChoice(value, None if key is None else key.group(1) == value)
            for value in ("True", "False")
        ]
        return
    stem, _, options = question.text.partition("\n\n1. ")
    items = re.findall(r"^\d+\. (.*)$", f"1. {options}", re.MULTILINE)
    if not options or len(items) != len(f"1. {options}".splitlines()):
        return  # no list, or a list with other text around it: an open question
    for kind, pattern in _CHOICE_STEMS.items():
        if pattern.search(stem):
            question.kind, question.text = kind, stem
            question.choices = [ParsedChoice(item) for item in items]


def _markdown(lines: list[str]) -> tuple[str, list[str]]:
    """The lines as Markdown, and the captions of the (missing) figures found among them."""
    out: list[str] = []
    figures: list[str] = []
    top = nested = 0
    previous_item = under_number = False
    segments = _fence_code(lines)
    index = 0
    while index < len(segments):
        segment = segments[index]
        following = segments[index + 1] if index + 1 < len(segments) else None
        index += 1
        if segment.startswith("```"):
            out += ["", segment, ""]
            continue
        if following is not None and _is_figure(segment.strip(), following.strip()):
            # A figure printed as alt text then caption: keep the caption once.
            figures.append(following.strip())
            out += ["", following.strip(), ""]
            index += 1
            continue
        for line in _RUN_TOGETHER.split(segment):
            item = _ITEM.match(line)
            after_item, previous_item = previous_item, item is not None
            if line.strip() and out and out[-1] and previous_item != after_item:
                out.append("")  # keep a list and the paragraph next to it from merging
            if item is None:
                stripped = line.strip()
                out.append(f"- {stripped}" if _HYPERPARAMETER.match(stripped) else stripped)
                continue
            spaces, digits, rest = item.groups()
            # Bullets printed flush under a numbered item ("2. Zeroing Out Weights:") belong to it.
            if len(spaces) >= 4 or (not digits and under_number and after_item):
                nested += 1
                out.append(f"    {f'{nested}.' if digits else '-'} {rest}")  # 4: Python-Markdown
            else:
                if nested and out[-1]:
                    out.append("")  # back from a sub-list: else Python-Markdown merges the lines
                top, nested, under_number = top + (1 if digits else 0), 0, bool(digits)
                out.append(f"{f'{top}.' if digits else '-'} {rest}")
    return tidy("\n".join(out)), figures


def _is_figure(first: str, second: str) -> bool:
    if (first, second) in _ALT_AND_CAPTION:
        return True
    # " Two consecutive Dropout layers" / "Two consecutive Dropout layers", "All possible
    # subnetworks" / "All Possible Sub Networks": the same caption up to spacing and case.
    return (
        bool(_CAPTION.match(first) and _CAPTION.match(second))
        and _NON_WORD.sub("", first).casefold() == _NON_WORD.sub("", second).casefold()
    )


def _fence_code(lines: list[str]) -> list[str]:
    """The lines with each code listing replaced by one fenced block (a single segment)."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        if not _CODE_START.match(lines[index]):
            out.append(lines[index])
            index += 1
            continue
        end = index + 1
        while end < len(lines) and _continues_code(lines, end):
            end += 1
        # "main()^^I^^I": tabs the scrape printed as caret notation.
        listing = [re.sub(r"(\^\^I)+$", "", line).rstrip() for line in lines[index:end]]
        code = textwrap.dedent("\n".join(listing)).strip()
        language = "cpp" if "#include" in code or "::" in code else "python"
        out.append(f"```{language}\n{code}\n```")
        index = end
    return out


def _continues_code(lines: list[str], index: int) -> bool:
    line = lines[index]
    if not line.strip():
        # A blank line inside a listing, unless prose or a sub-part comes next.
        line = next((later for later in lines[index + 1 :] if later.strip()), "")
        if not line:
            return False
    return not (_PROSE.match(line) or _ITEM.match(line) or line.lstrip().startswith("$"))
