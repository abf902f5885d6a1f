from django import forms
from django.core.validators import slug_re

from questions.models import Source, Topic

from .models import PracticeSettings
from .scheduling import RATING_LABELS

MAX_EXTRA_NEW = 100
MAX_DURATION_MS = 24 * 3600 * 1000


def is_slug(value: object) -> bool:
    """Whether a value can name a topic or source; others (a NUL byte, which PostgreSQL refuses
    in a query) are turned away before any query."""
    return isinstance(value, str) and bool(slug_re.fullmatch(value))


class SlugChoiceField(forms.ModelChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not is_slug(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ScopeForm(forms.Form):
    """What to practise (the page's query string): a topic, a source, or the weak topics."""

    topic = SlugChoiceField(Topic.objects.all(), required=False, empty_label="Any")
    source = SlugChoiceField(Source.objects.all(), required=False, empty_label="Any")
    weak = forms.BooleanField(required=False, label="Only my weak topics")
    extra = forms.IntegerField(min_value=0, max_value=MAX_EXTRA_NEW, required=False)
    question = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("topic") and data.get("source"):
            raise forms.ValidationError("Practise one topic or one source, not both.")
        return data


class RatingForm(forms.Form):
    """A rating posted by the page without JavaScript."""

    question = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    rating = forms.TypedChoiceField(
        coerce=int,
        choices=[(value, f"{value} · {label}") for value, label in RATING_LABELS.items()],
        widget=forms.RadioSelect,
        label="How well did you know this?",
    )
    duration_ms = forms.IntegerField(min_value=0, max_value=MAX_DURATION_MS, required=False)


class PracticeSettingsForm(forms.ModelForm):
    class Meta:
        model = PracticeSettings
        fields = ["new_cards_per_day", "desired_retention", "recall_mode"]
        labels = {
            "new_cards_per_day": "New cards per day",
            "desired_retention": "Desired retention",
            "recall_mode": "Recall mode on question pages",
        }
        widgets = {
            "desired_retention": forms.NumberInput(attrs={"step": "0.01", "min": "0.7"}),
        }


class ExportForm(forms.Form):
    """What to export: a topic, a source or the student's due cards, as .apkg or CSV."""

    FORMATS = [("apkg", "Anki deck (.apkg)"), ("csv", "CSV")]

    what = forms.ChoiceField(
        choices=[("topic", "A topic"), ("source", "A source"), ("due", "My due cards")],
        initial="due",
    )
    topic = SlugChoiceField(Topic.objects.all(), required=False, empty_label="Choose a topic")
    source = SlugChoiceField(Source.objects.all(), required=False, empty_label="Choose a source")
    filetype = forms.ChoiceField(choices=FORMATS, initial="apkg", label="File type")

    def clean(self) -> dict:
        data = super().clean() or {}
        what = data.get("what")
        if what in ("topic", "source") and not data.get(what):
            self.add_error(what, f"Choose the {what} to export.")
        return data
