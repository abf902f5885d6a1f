from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Max
from django.utils.functional import cached_property

from .models import Question, QuestionQuerySet


class BankPaginator(Paginator):
    """Pages of questions, for the bank's pages and its API alike.

    The whole bank (unfiltered, in bank order: the list read most) is paged by rank: the count
    is the highest bank_rank and page N the ranks after (N - 1) × per_page, each one index read,
    where counting the bank and skipping an OFFSET of rows read them all. Filtered lists and
    searches are paged as usual.
    """

    def __init__(
        self, questions: QuestionQuerySet, *args: Any, count: int | None = None, **kwargs: Any
    ) -> None:
        """``count``: the list's length when the caller knows it already (no count query)."""
        super().__init__(questions, *args, **kwargs)
        self.questions = questions
        if count is not None:
            self.__dict__["count"] = count  # what the cached property would compute

    @cached_property
    def _by_rank(self) -> bool:
        return self.questions.is_whole_bank()

    @cached_property
    def count(self) -> int:
        if not self._by_rank:
            return super().count
        return Question.objects.aggregate(last=Max("bank_rank"))["last"] or 0

    def page(self, number: Any) -> Page:
        if not self._by_rank:
            return super().page(number)
        number = self.validate_number(number)
        first = (number - 1) * self.per_page + 1
        # A closed range, not "> first": the planner then expects per_page rows, not the bank.
        ranks = self.questions.filter(bank_rank__range=(first, first + self.per_page - 1))
        return Page(ranks[: self.per_page], number, self)
