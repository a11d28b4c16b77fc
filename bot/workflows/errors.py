"""Domain exceptions. Each carries the one sentence shown to the person, with its values as fields
(people, what they typed) so Slack shows mentions and the CLI plain ids; see sentences.py."""

from __future__ import annotations

from bot.workflows.sentences import Sentence


class DomainError(Exception):
    """A request that cannot be carried out; `sentence` says why, `str(error)` in plain text."""

    def __init__(self, form: str, /, **values: object) -> None:
        self.sentence = Sentence(form, values)
        super().__init__(str(self.sentence))


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
        names: list[str] | None = None,
    ) -> None:
        self.text = text
        self.suggestions = suggestions
        self.ambiguous = ambiguous
        kind = "matches several topic areas" if ambiguous else "is not a topic area"
        named = [f" ({n})" for n in names] if names else [""] * len(suggestions)
        listed = ", ".join(f"`{s}`{n}" for s, n in zip(suggestions, named, strict=True))
        hint = f" The topic areas are: {listed}." if nothing_close else f" Did you mean: {listed}?"
        super().__init__(f"“{{text}}” {kind}.{hint}", text=text)
