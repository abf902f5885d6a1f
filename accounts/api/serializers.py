"""Shapes of the API token endpoints."""

from rest_framework import serializers

from accounts.models import ApiToken


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at"]
        read_only_fields = fields


class NewTokenSerializer(TokenSerializer):
    """A token just created, with its key (given as context["key"]): the only time it is shown."""

    token = serializers.SerializerMethodField(
        help_text="The key: send it as 'Authorization: Token <key>'. Shown only this once."
    )

    class Meta(TokenSerializer.Meta):
        fields = ["token", *TokenSerializer.Meta.fields]
        read_only_fields = fields

    def get_token(self, token) -> str:
        return self.context["key"]


class TokenInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="Which client uses it.")


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    name = serializers.CharField(max_length=100, required=False, default="API client")
