class DomainError(Exception):
    """A rule refused the action. The message is safe to show to the user.

    ``status_code`` is what the API answers with (409: the state forbids it; 400: the request
    itself is wrong); ``data`` carries extra members for the problem details body, such as the
    current state. They may not reuse the standard members (RFC 9457: type, title, status,
    detail, instance) or ``errors``, which the API keeps for field errors.
    """

    status_code = 409
    RESERVED = frozenset({"type", "title", "status", "detail", "instance", "errors"})

    def __init__(self, message: str, *, data: dict | None = None):
        super().__init__(message)
        self.message = message
        self.data = data or {}
        if clash := self.RESERVED & self.data.keys():
            raise ValueError(f"Problem details members cannot be overridden: {sorted(clash)}")
