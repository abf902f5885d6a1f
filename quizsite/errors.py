class DomainError(Exception):
    """A rule refused the action. The message is safe to show to the user.

    ``status_code`` is what the API answers with (409: the state forbids it; 400: the request
    itself is wrong); ``data`` carries extra fields for the JSON body, such as the current state.
    """

    status_code = 409

    def __init__(self, message: str, *, data: dict | None = None):
        super().__init__(message)
        self.message = message
        self.data = data or {}
