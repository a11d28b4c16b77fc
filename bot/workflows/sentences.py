"""Words for the person acting, with the values kept apart from the wording.

Refusals and "what I did" lines name people and echo what someone typed. The domain keeps those
as fields of a `Sentence`; each edge shows them its own way: Slack as mentions and escaped text
(bot/compose.py), the CLI and the logs as plain ids and text (`str(sentence)`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class People:
    """One or more people named in a sentence, by user id."""

    users: tuple[str, ...]

    def __str__(self) -> str:
        return ", ".join(self.users)


def someone(user: str) -> People:
    return People((user,))


@dataclass(frozen=True)
class Sentence:
    """`form` is a `str.format` pattern over `values`; without values, the words as they are."""

    form: str
    values: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.shown(str)

    def shown(self, show: Callable[[object], str]) -> str:
        """The sentence with every value shown by `show` (the wording itself is never touched)."""
        if not self.values:
            return self.form
        return self.form.format_map({k: show(v) for k, v in self.values.items()})
