"""Word-level differences between two Markdown texts, marked up for the moderation queue."""

import difflib
import re

from django.utils.html import escape

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff_html(old: str, new: str) -> str:
    """``new`` as escaped text, with words added marked <ins> and words removed marked <del>."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(before[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(after[b1:b2]))}</ins>")
        if op == "equal":
            parts.append(escape("".join(after[b1:b2])))
    return "".join(parts)
