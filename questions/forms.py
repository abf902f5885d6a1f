from typing import cast

from django import forms

from .limits import MAX_BODY_LENGTH, MAX_REASON_LENGTH


class ContributionForm(forms.Form):
    """A proposed answer, improvement (``replaces``) or key (``choices``) with its explanation."""

    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_BODY_LENGTH,
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
            choices = cast(forms.TypedMultipleChoiceField, self.fields["choices"])
            choices.choices = [(c.pk, c.text) for c in question.choices.all()]
            self.fields["body"].label = "Explanation"


class DecisionForm(forms.Form):
    """A moderator's decision: approve (optionally with an edited body) or reject with a reason."""

    action = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    body = forms.CharField(required=False, widget=forms.Textarea, max_length=MAX_BODY_LENGTH)
    reason = forms.CharField(required=False, widget=forms.Textarea, max_length=MAX_REASON_LENGTH)
