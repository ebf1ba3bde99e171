"""Domain errors raised by services. The API turns them into JSON with a Chinese `detail`;
HTML views show the same message. Each carries a machine `code`."""


class BusinessError(Exception):
    """A rule refused the request (HTTP 400)."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class TransitionNotAllowed(BusinessError):
    """The action is not allowed from the object's current state (HTTP 409)."""

    status = 409
    code = "transition_not_allowed"


class ConcurrentUpdate(BusinessError):
    """Someone else changed the object first; nothing was written (HTTP 409)."""

    status = 409
    code = "concurrent_update"
