from rest_framework import permissions


class IsModerator(permissions.BasePermission):
    """Moderators (the Moderators group's permission) and superusers."""

    message = "Only moderators can do this."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_moderator)
