r"""Parser for the scraped page "Data Science Interview Questions And Answers — Neural Networks".

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
* Figures survive only as their caption, printed twice (image alt text, then caption): each
  becomes a "figure missing" notice with the caption, and flags its question. Two captions sit
  in a question they do not belong to (``_MISPLACED_CAPTIONS``): their notice has no caption.
* Choose-one questions: a "Which of the following ...?" or "Choose the correct option" stem
  followed only by a numbered list of options; "Choose all the options that apply" makes it a
  choose-several one. The document gives no key.
* LaTeX is kept, with two repairs: ``$ J(\theta; X, y)$`` (a space inside the dollars, which
  Markdown does not read as math) is closed up, and the formulas the scrape printed as plain text
  in parentheses (``(\frac{\epsilon}{C})``, ``(L^2)``, ``( p = 0.5 )``) get their dollars back
  (``_plain_formula``).
"""

from __future__ import annotations

import re
import textwrap

from .common import Kind, ParsedChoice, ParsedQuestion, missing_figure, number, tidy

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
# Captions printed in a question other than their own: the sigmoid question shows the AND gate's
# table caption and the batch-norm question the MaxPool figure's; the figures the two questions
# refer to (Fig. 8.20, an RGB image 8.41) are still missing.
_MISPLACED_CAPTIONS = {
    ("The Sigmoid s(x) = 1", "Logical AND gate"),
    ("Your friend, a novice data scientist, uses an RGB image", "Two consecutive MaxPool layers"),
}
# The filter -> ReLU -> MaxPool questions work on the tensor shown in the missing figures; the
# MaxPool one has no caption of its own.
_FIGURE_FOLLOW_UP = re.compile(r"^What would be the resulting tensor after")
# The hyperparameter table (8.46) printed as plain lines, one setting per line.
_HYPERPARAMETER = re.compile(r"^(?:Initial learning rate|Weight decay|Momentum|Batch size) [\d.]+$")
_TRUE_FALSE = re.compile(r"^(?:True or False:|\[True/False\])", re.IGNORECASE)
# Checked in this order: "Which of the following ... Choose all the options that apply" is a
# choose-several question.
_CHOICE_STEMS = {
    Kind.MULTIPLE_CHOICE: re.compile(r"choose all the options that apply", re.IGNORECASE),
    Kind.SINGLE_CHOICE: re.compile(r"choose the correct option|which of the following", re.I),
}
_NOTICE = re.compile(r"^!!! figure-missing .*(?:\n    .*)?$", re.MULTILINE)
_CODE_OR_MATH = re.compile(r"(```.*?```|\$\$.*?\$\$|\$[^$\n]+\$)", re.DOTALL)
_SPACED_INLINE_MATH = re.compile(r"^\$\s*(.*?)\s*\$$", re.DOTALL)
# "(\epsilon)", "(L^2)", "(w_j = 0)", "(C)", "( p = 0.5 )": a parenthesis opening a word (not
# "input(s)", "sign(w)"), around TeX commands, sub- or superscripts, a lone symbol or number,
# or a space-padded formula with no word of three letters.
_PARENTHESISED = re.compile(r"(?<![\w\\])\(((?:[^()]|\([^()]*\))+)\)")
_FORMULA = re.compile(
    r"\\[A-Za-z]+|^\s*[A-Za-z]\s*$|^\s*\d+\s*$|[\^_]|^\s(?!.*[A-Za-z]{3}).*[=\-+*/].*\s$"
)


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
    for start, caption in _MISPLACED_CAPTIONS:
        if text.startswith(start):
            text = text.replace(missing_figure(caption), missing_figure())
    if not _NOTICE.sub("", answer).strip():
        answer = ""  # only a figure ("All possible subnetworks"), and the image is missing
    parsed = ParsedQuestion(text=_repair_math(text), answer=_repair_math(answer), section=section)
    parsed.needs_figure = bool(figures or answer_figures or _FIGURE_FOLLOW_UP.match(text))
    _classify(parsed)
    return parsed


def _repair_math(markdown: str) -> str:
    """Close up ``$ x$`` and give plain-text formulas their dollars, outside code and math."""
    parts = _CODE_OR_MATH.split(markdown)
    for index, part in enumerate(parts):
        if index % 2:  # code or math
            if not part.startswith(("```", "$$")):
                parts[index] = _SPACED_INLINE_MATH.sub(r"$\1$", part)
        else:
            parts[index] = _PARENTHESISED.sub(_plain_formula, part)
    return "".join(parts)


def _plain_formula(match: re.Match) -> str:
    formula = match.group(1)
    return f"${formula.strip()}$" if _FORMULA.search(formula) else match.group(0)


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
            return


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
            # A figure printed as alt text then caption: its caption, in a notice.
            figures.append(following.strip())
            out += ["", missing_figure(following.strip()), ""]
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
