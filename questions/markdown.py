"""The one path from user or document Markdown to safe HTML.

Python-Markdown with pymdown-extensions turns Markdown into HTML, keeping LaTeX intact for MathJax
(arithmatex in generic mode emits ``\\(…\\)`` and ``\\[…\\]`` inside ``span``/``div.arithmatex``),
then nh3 removes everything not on the allow-lists below. Callers store the result: rendering costs
about 2 ms per KB, so it happens when text is saved, never per request.

Each thread keeps one converter and resets it between texts: building one loads every extension
and costs more than converting a short answer (an autosave renders one per save).
"""

import re
import threading
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor
from pygments.token import STANDARD_TYPES

ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "td": {"style"}, "th": {"style"}}
# Pygments marks tokens with short classes ("k", "nf", …); arithmatex marks math for MathJax.
_PYGMENTS_CLASSES = {css_class for css_class in STANDARD_TYPES.values() if css_class}
# Admonitions ("!!! figure-missing") mark where a source document lost a figure.
ALLOWED_CLASSES = {
    "span": {"arithmatex"} | _PYGMENTS_CLASSES,
    "div": {"arithmatex", "highlight", "admonition", "figure-missing"},
    "p": {"admonition-title"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
ALLOWED_STYLE_PROPERTIES = {"text-align"}

_EXTENSIONS = [
    "admonition",
    "pymdownx.arithmatex",
    "pymdownx.highlight",
    "pymdownx.superfences",
    "pymdownx.betterem",
    "tables",
    "sane_lists",
]
_EXTENSION_CONFIGS = {
    "pymdownx.arithmatex": {"generic": True},
    "pymdownx.highlight": {"use_pygments": True, "guess_lang": False},
}

# Arithmatex treats $$…$$ as display math only when it stands as a paragraph of its own; the
# documents also use it inside sentences. This pattern ranks just above arithmatex's inline one
# (189.9) and below backticks (190), so code spans keep their dollars and \$ stays a literal dollar.
_INLINE_DISPLAY_MATH = r"(?<!\\)\$\$(?!\s*\$)(.+?)(?<!\\)\$\$"
_INLINE_DISPLAY_MATH_PRIORITY = 189.95


class _InlineDisplayMath(InlineProcessor):
    def handleMatch(  # type: ignore[override]  # noqa: N802 (Python-Markdown's API name)
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element, int, int]:
        element = etree.Element("span", {"class": "arithmatex"})
        element.text = markdown.util.AtomicString(f"\\[{m.group(1).strip()}\\]")
        return element, m.start(0), m.end(0)


class _InlineDisplayMathExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        md.inlinePatterns.register(
            _InlineDisplayMath(_INLINE_DISPLAY_MATH, md),
            "inline_display_math",
            _INLINE_DISPLAY_MATH_PRIORITY,
        )


class _Converters(threading.local):
    """One converter per thread: a converter keeps state while it converts."""

    def __init__(self) -> None:
        self.markdown = markdown.Markdown(
            extensions=[*_EXTENSIONS, _InlineDisplayMathExtension()],
            extension_configs=_EXTENSION_CONFIGS,
            output_format="html",
        )


_converters = _Converters()


def render_markdown(text: str) -> str:
    """Render Markdown with math and code to sanitised HTML, safe to print unescaped."""
    html = _converters.markdown.reset().convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        filter_style_properties=ALLOWED_STYLE_PROPERTIES,
        link_rel="nofollow noopener noreferrer",
    )
