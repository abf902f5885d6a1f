"""Formatting for the exam pages. Filters only format; they never query."""

import math
import re
from html import escape
from html.parser import HTMLParser

from django import template
from django.utils.safestring import mark_safe

from questions.models import Question

register = template.Library()


@register.filter
def duration(seconds: int | float | None) -> str:
    """A length of time as people say it: "24 s", "12 min 5 s", "1 h 30 min"; "–" for none."""
    if seconds is None or seconds == "":
        return "–"
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h"] if hours else []
    if minutes:
        parts.append(f"{minutes} min")
    if secs or not parts:
        parts.append(f"{secs} s")
    return " ".join(parts)


@register.filter
def kind_label(kind: str) -> str:
    """A question's kind as the bank names it: "Single choice" for ``single_choice``."""
    return str(Question.Kind(kind).label)


@register.filter
def percent(fraction: float | None) -> str:
    """0.625 as "63%", rounding halves up as the review's script does; "–" for none."""
    if fraction is None or fraction == "":
        return "–"
    return f"{math.floor(float(fraction) * 100 + 0.5)}%"


# Text inside these is left alone: math is typeset from its source, code is verbatim.
UNMARKED_ELEMENTS = {"code", "pre", "script", "style", "mark"}
MATH_CLASS = "arithmatex"


class _MissedPointMarker(HTMLParser):
    """Copies sanitised HTML, wrapping the words of ``pattern`` in its text nodes (never in tags,
    attributes, math or code) in <mark class="missed">."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.pattern = pattern
        self.out: list[str] = []
        self.skipping: list[str] = []  # open elements whose text is left alone

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")
        classes = (dict(attrs).get("class") or "").split()
        if self.skipping or tag in UNMARKED_ELEMENTS or MATH_CLASS in classes:
            self.skipping.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            self.out.append(escape(data))
            return
        position = 0
        for match in self.pattern.finditer(data):
            self.out.append(escape(data[position : match.start()]))
            self.out.append(f'<mark class="missed">{escape(match.group(0))}</mark>')
            position = match.end()
        self.out.append(escape(data[position:]))


@register.filter
def mark_missed(html: str, key_points: list[dict]) -> str:
    """A model answer's HTML with the key points the student missed marked where they appear.

    Term key points only: formulas are typeset from their source and stay as they are (the
    review lists every key point beside the answer). The HTML is the renderer's sanitised
    output (stored at save time), so it is marked safe; only text nodes change, each escaped
    again.
    """
    words = sorted(
        {point["text"] for point in key_points if not point.get("covered")}
        - {point["text"] for point in key_points if point.get("covered")},
        key=len,
        reverse=True,
    )
    words = [word for word in words if word and not word.startswith(("$", "\\(", "\\["))]
    if not words:
        return mark_safe(html)
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(word) for word in words) + r")(?![\w-])",
        re.IGNORECASE,
    )
    marker = _MissedPointMarker(pattern)
    marker.feed(html)
    marker.close()
    return mark_safe("".join(marker.out))
