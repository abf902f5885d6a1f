"""API tokens: a user's named keys for API clients, stored as SHA-256 hashes.

A key is 43 URL-safe characters (256 random bits), so a plain unsalted hash is enough: nobody
can guess one from its hash, and a hash lookup finds the token with one indexed query.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, User

PREFIX_LENGTH = 8
# Recording every use would write on every API request; once a minute is precise enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def generate_key() -> str:
    """A new random key."""
    return secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``user``; return it with its key, which is never available again."""
    key = generate_key()
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key)
    )
    return token, key


def revoke_token(*, token: ApiToken) -> None:
    """Delete the token: its key stops working at once."""
    token.delete()


def authenticate(key: str, *, now: datetime | None = None) -> ApiToken | None:
    """The token with this key if its user is active, with its last use recorded; else None."""
    if not key:
        return None
    try:  # get(), not first(): the hash is unique, so no ORDER BY to build and run
        token = ApiToken.objects.select_related("user").get(key_hash=hash_key(key))
    except ApiToken.DoesNotExist:
        return None
    if not token.user.is_active:
        return None
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
