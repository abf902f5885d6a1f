from django import forms

from questions.forms import BoundedModelMultipleChoiceField, BoundedMultipleChoiceField
from questions.models import Question, Source, Topic


class CustomExamForm(forms.Form):
    topics = BoundedModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every topic.",
    )
    sources = BoundedModelMultipleChoiceField(
        queryset=Source.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every source.",
    )
    kinds = BoundedMultipleChoiceField(
        choices=Question.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Kinds of question",
        help_text="None ticked: every kind.",
    )
    question_count = forms.IntegerField(
        min_value=1, max_value=100, initial=10, label="Number of questions"
    )
    time_limit_minutes = forms.IntegerField(
        min_value=1, max_value=300, initial=20, label="Time limit (minutes)"
    )


# The deck's own scale: "How well did you know this?"
RATING_CHOICES = [(1, "1 · Not at all"), (2, "2"), (3, "3"), (4, "4"), (5, "5 · Perfectly")]


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        coerce=int,
        choices=RATING_CHOICES,
        widget=forms.RadioSelect,
        label="How well did you know this?",
    )


class ReviewPositionForm(forms.Form):
    """Which question of the attempt a rating or an offer posted from the review is about."""

    position = forms.IntegerField(min_value=1, max_value=32_767)


class SubmitConfirmationForm(forms.Form):
    """The second "Submit all and finish" on the summary page: the student confirmed."""

    confirmed = forms.BooleanField()
