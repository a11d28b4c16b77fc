"""Domain exceptions. Each carries the one sentence shown to the person."""

from __future__ import annotations

from messages.render import slack_escape


class DomainError(Exception):
    """A request that cannot be carried out; `str(error)` is safe to show to the person."""


class NotAllowed(DomainError):
    pass


class NotFound(DomainError):
    pass


class InvalidInput(DomainError):
    pass


class NoOpenCycle(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "No assessment cycle is open yet. The Committee opens one with `/assess admin` "
            "or `assessbot cycle create`."
        )


class Locked(DomainError):
    """The jurisdiction has submitted; answers are read-only until the Committee reopens."""


class UnknownTopic(DomainError):
    def __init__(
        self,
        text: str,
        suggestions: list[str],
        *,
        ambiguous: bool = False,
        nothing_close: bool = False,
    ) -> None:
        self.text = text
        self.suggestions = suggestions
        self.ambiguous = ambiguous
        kind = "matches several topic areas" if ambiguous else "is not a topic area"
        listed = ", ".join(f"`{s}`" for s in suggestions)
        hint = f" The topic areas are: {listed}." if nothing_close else f" Did you mean: {listed}?"
        super().__init__(f"“{slack_escape(text)}” {kind}.{hint}")
