"""The one error type the instructor commands raise for bad input or a failed step."""


class InstructorError(RuntimeError):
    """A step could not be done; the message says what to do."""
