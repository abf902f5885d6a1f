"""Reading the seed documents in parser tests (no database)."""

from pathlib import Path

SOURCES = Path(__file__).resolve().parents[3] / "fixtures" / "sources"


def read_document(name: str) -> str:
    return (SOURCES / name).read_text(encoding="utf-8")


def by_text(questions, text):
    """The one parsed question with exactly this text."""
    matches = [q for q in questions if q.text == text]
    assert len(matches) == 1, f"{text!r} found {len(matches)} times"
    return matches[0]
