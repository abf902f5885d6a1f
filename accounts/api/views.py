"""API tokens: exchange a password for a token, list and revoke your tokens."""

from django.conf import settings
from django.contrib import auth
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import lockout, tokens
from accounts.models import ApiToken
from quizsite.api.schema import responses, validated
from quizsite.requests import AuthenticatedRequest
from quizsite.throttles import TokenAddressThrottle, TokenRequestThrottle

from . import serializers as s


def new_token_response(token: ApiToken, key: str) -> Response:
    """The one response that shows a key: no cache, shared or private, may keep it."""
    response = Response(
        s.NewTokenSerializer(token, context={"key": key}).data, status=status.HTTP_201_CREATED
    )
    add_never_cache_headers(response)
    return response


class IssueToken(APIView):
    # Credentials come in the body: no session, so no CSRF token is needed.
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [TokenAddressThrottle, TokenRequestThrottle]

    @extend_schema(
        tags=["auth"],
        request=s.TokenRequestSerializer,
        responses=responses({201: s.NewTokenSerializer}, 400, 429),
        auth=[],
    )
    def post(self, request: Request) -> Response:
        """Exchange a username and password for a new token. The key is shown only here."""
        data = validated(s.TokenRequestSerializer, request.data)
        wait = lockout.address_locked_for(request)
        if wait is not None:
            # The same per-address budget as the login page (accounts/lockout.py).
            raise exceptions.Throttled(
                wait=wait, detail="Too many failed sign-ins from this address."
            )
        user = auth.authenticate(request, username=data["username"], password=data["password"])
        if getattr(request, "axes_locked_out", False):
            # The same lockout as the login page: this username from this address, for a while.
            raise exceptions.Throttled(
                wait=settings.AXES_COOLOFF_TIME.total_seconds(),
                detail="Too many failed sign-ins for this username from this address.",
            )
        if user is None:
            raise exceptions.ValidationError("Unable to sign in with that username and password.")
        token, key = tokens.create_token(user=user, name=data["name"])
        return new_token_response(token, key)


class TokenList(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=["auth"], responses=responses({200: s.TokenSerializer(many=True)}))
    def get(self, request: AuthenticatedRequest) -> Response:
        """Your tokens. Their keys are never shown again, only their first characters."""
        return Response(s.TokenSerializer(request.user.api_tokens.all(), many=True).data)

    @extend_schema(
        tags=["auth"],
        request=s.TokenInputSerializer,
        responses=responses({201: s.NewTokenSerializer}, 400),
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        """Create a named token. The key is shown only in this response."""
        data = validated(s.TokenInputSerializer, request.data)
        token, key = tokens.create_token(user=request.user, name=data["name"])
        return new_token_response(token, key)


class TokenDetail(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=["auth"], responses=responses({204: None}, 404))
    def delete(self, request: AuthenticatedRequest, pk: int) -> Response:
        """Revoke one of your tokens: its key stops working at once."""
        tokens.revoke_token(token=get_object_or_404(request.user.api_tokens, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
