from django import forms
from django.contrib.auth.forms import UserCreationForm

from .models import ApiToken, User


class SignUpForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text="Where the key will be used, e.g. “laptop” or “CI”.",
    )
