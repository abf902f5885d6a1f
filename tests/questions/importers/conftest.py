import pytest

from questions.importers.sources import SEED_DOCUMENTS

from .documents import read_document


@pytest.fixture(scope="module")
def source(request):
    """The text of the test module's DOCUMENT."""
    return read_document(request.module.DOCUMENT)


@pytest.fixture(scope="module")
def questions(request, source):
    """The test module's DOCUMENT as its parser reads it."""
    document = next(d for d in SEED_DOCUMENTS if d.filename == request.module.DOCUMENT)
    return document.parser.parse(source)
