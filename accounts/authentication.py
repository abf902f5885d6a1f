"""DRF authentication with the API tokens of accounts.tokens: ``Authorization: Token <key>``.

``Bearer <key>`` is accepted as well: it is what the OpenAPI "bearer" scheme tells every client
generator (and Swagger UI's Authorize button) to send, so a generated client works as generated.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from . import tokens


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"
    keywords = {b"token", b"bearer"}

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Invalid token header: send 'Authorization: Token <key>' with one key."
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        token = tokens.authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes ApiTokenAuthentication: an HTTP bearer scheme.

    Declared as an API key named Authorization, generators leave the prefix to the developer
    and openapi-python-client's AuthenticatedClient sends "Bearer" by default (it reads no
    security scheme at all); as "bearer", every generator sends what the server accepts.
    """

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "Quizsite API token",
            "description": "An API token from POST /api/v1/auth/token/ or your profile page, "
            "sent as 'Authorization: Bearer <key>' or, equally, 'Authorization: Token <key>'.",
        }
