"""Why a transition was refused: one exception, its reason a stable code the views word."""


class Refused(Exception):
    """The change cannot be made in the present state; `reason` says why (a stable code)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason
