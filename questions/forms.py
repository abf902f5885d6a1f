from django import forms

from .models import Question, Source, Topic


class CustomExamForm(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every topic.",
    )
    sources = forms.ModelMultipleChoiceField(
        queryset=Source.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every source.",
    )
    kinds = forms.MultipleChoiceField(
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


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        coerce=int,
        choices=[
            (1, "1 · Not at all"),
            (2, "2"),
            (3, "3"),
            (4, "4"),
            (5, "5 · Perfectly"),
        ],
        widget=forms.RadioSelect,
        label="How well did you know this?",
    )


class ContributionForm(forms.Form):
    """A proposed answer, improvement (``replaces``) or key (``choices``) with its explanation."""

    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        label="Your answer",
        help_text="Markdown; math between $…$ (inline) or $$…$$ (display).",
    )
    replaces = forms.IntegerField(required=False, widget=forms.HiddenInput)
    choices = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Correct choice(s)",
    )

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        if question.kind == question.Kind.OPEN:
            del self.fields["choices"]
        else:
            self.fields["choices"].choices = [(c.pk, c.text) for c in question.choices.all()]
            self.fields["body"].label = "Explanation"


class DecisionForm(forms.Form):
    """A moderator's decision: approve (optionally with an edited body) or reject with a reason."""

    action = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    body = forms.CharField(required=False, widget=forms.Textarea, max_length=20_000)
    reason = forms.CharField(required=False, widget=forms.Textarea, max_length=2_000)
