"""The four seed documents: where each lives, what it is, and which parser reads it."""

from dataclasses import dataclass
from types import ModuleType

from django.conf import settings

from . import exam_questions, flashcards_fundamentals, interview_neural_networks, study_notes


@dataclass(frozen=True)
class SeedDocument:
    slug: str
    name: str
    description: str
    filename: str
    parser: ModuleType

    @property
    def path(self):
        return settings.BASE_DIR / "fixtures" / "sources" / self.filename


SEED_DOCUMENTS = [
    SeedDocument(
        slug="exam-questions",
        name="Deep learning exam questions",
        description=(
            "A community-maintained list of questions a university teacher gave to prepare the "
            "deep learning exam of a telecom engineering course; about half have answers."
        ),
        filename="exam-questions.txt",
        parser=exam_questions,
    ),
    SeedDocument(
        slug="interview-neural-networks",
        name="Data science interview questions: neural networks",
        description=(
            "Interview questions and answers on neural networks, in five sections: perceptron; "
            "layers, topologies and blocks; training and hyperparameters; optimization and "
            "loss; regularization. Answers to the early sections were not published."
        ),
        filename="interview-neural-networks.txt",
        parser=interview_neural_networks,
    ),
    SeedDocument(
        slug="flashcards-fundamentals",
        name="Deep learning fundamentals flashcards",
        description=(
            "A flashcard deck of short questions on deep learning fundamentals, rated by "
            "learners on how well they knew each card."
        ),
        filename="flashcards-fundamentals.txt",
        parser=flashcards_fundamentals,
    ),
    SeedDocument(
        slug="study-notes",
        name="Deep learning study notes",
        description="A study page of short questions with note-style answers.",
        filename="study-notes.txt",
        parser=study_notes,
    ),
]
