from typing import cast

from django import forms
from django.core.exceptions import ValidationError

from .limits import MAX_BODY_LENGTH, MAX_LIST_LENGTH, MAX_REASON_LENGTH
from .services.contributions import REJECTION_REASONS


class BoundedMultipleMixin(forms.Field):
    """Refuses more than MAX_LIST_LENGTH values before looking at any of them: Django's
    multiple-choice fields check (and, for models, build a query for) every value first."""

    def clean(self, value):
        if isinstance(value, list | tuple) and len(value) > MAX_LIST_LENGTH:
            raise ValidationError(
                f"Choose at most {MAX_LIST_LENGTH}, not {len(value):,}.", code="too_many"
            )
        return super().clean(value)


class BoundedMultipleChoiceField(BoundedMultipleMixin, forms.MultipleChoiceField):
    pass


class BoundedTypedMultipleChoiceField(BoundedMultipleMixin, forms.TypedMultipleChoiceField):
    pass


class BoundedModelMultipleChoiceField(BoundedMultipleMixin, forms.ModelMultipleChoiceField):
    pass


class ContributionForm(forms.Form):
    """A proposed answer, improvement (``replaces``) or key (``choices``) with its explanation."""

    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_BODY_LENGTH,
        label="Your answer",
        help_text="Markdown; math between $…$ (inline) or $$…$$ (display).",
    )
    replaces = forms.IntegerField(required=False, widget=forms.HiddenInput)
    choices = BoundedTypedMultipleChoiceField(
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
    """A moderator's decision: approve (optionally with an edited body) or reject with a reason,
    written or picked from the ready-made ones (the page's script fills the text in to edit)."""

    action = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    body = forms.CharField(required=False, widget=forms.Textarea, max_length=MAX_BODY_LENGTH)
    reason = forms.CharField(required=False, widget=forms.Textarea, max_length=MAX_REASON_LENGTH)
    preset = forms.ChoiceField(choices=list(REJECTION_REASONS.items()), required=False)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not (data.get("reason") or "").strip() and data.get("preset"):
            data["reason"] = REJECTION_REASONS[data["preset"]]
        return data
