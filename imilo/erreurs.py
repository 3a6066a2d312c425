class RegleMetierError(Exception):
    """A rule of the domain refuses the operation; the message is French and shown as is."""

    def __init__(self, message: str, *, champ: str | None = None):
        super().__init__(message)
        self.message = message
        # The form field the message belongs next to, when there is one.
        self.champ = champ
