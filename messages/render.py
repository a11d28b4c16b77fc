"""One Jinja2 environment for every template; handlers name a template and pass plain data."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_eval_context, select_autoescape
from jinja2.nodes import EvalContext
from jinja2.utils import htmlsafe_json_dumps


def slack_escape(value: object) -> str:
    """Escape exactly `&`, `<` and `>`: Slack text is not HTML, and this stops pings and links."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(value: object, limit: int) -> str:
    """Shorten user text before escaping so a Block Kit field stays within Slack's limit."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


ECHO_LIMIT = 200


def echo(value: object, limit: int = ECHO_LIMIT) -> str:
    """What someone typed, shown back in a sentence: clipped, then escaped."""
    return slack_escape(clip(value, limit))


def slack_date(value: datetime | date | str) -> str:
    """A date Slack shows in each reader's own zone (falls back to the UTC date).

    Notices carry dates as ISO strings (their context is JSON): a time in it makes a datetime.
    """
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        stamp = int(value.timestamp())
        return f"<!date^{stamp}^{{date_short_pretty}} {{time}}|{value:%Y-%m-%d %H:%M} UTC>"
    return value.strftime("%a %d %b %Y").replace(" 0", " ")


@pass_eval_context
def tojson(context: EvalContext, value: object) -> str:
    """JSON for a JSON template: Jinja's own filter escapes `<`, `>`, `&` and `'` for HTML too,
    which a JSON parser reads back the same and took a fifth of a Block Kit message's
    rendering. Keys sorted, as Jinja writes them; HTML templates keep the escaping."""
    if context.autoescape:
        return htmlsafe_json_dumps(value, dumps=json.dumps, sort_keys=True)
    return json.dumps(value, sort_keys=True)


def percent(value: float) -> str:
    """A share as a whole percentage, e.g. 0.4166 -> "42%"."""
    return f"{value:.0%}"


def counted(count: int, word: str, words: str = "") -> str:
    """A count with its noun in the right number: 1 jurisdiction, 2 jurisdictions."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def thread_link(channel: str, ts: str) -> str:
    """A link to a message (and its thread) that Slack opens in the reader's workspace."""
    return f"https://slack.com/archives/{channel}/p{ts.replace('.', '')}"


class Renderer:
    def __init__(self, **shared: Any) -> None:
        """`shared` values (ids, the draft flag) are visible to every template."""
        self.env = Environment(
            loader=PackageLoader("messages", ""),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=select_autoescape(["html.j2"], default_for_string=False, default=False),
            keep_trailing_newline=False,
            auto_reload=False,  # templates ship with the code: compile once, never re-stat
        )
        self.env.filters.update(
            slack_escape=slack_escape,
            clip=clip,
            slack_date=slack_date,
            thread_link=thread_link,
            percent=percent,
            counted=counted,
            tojson=tojson,
        )
        self.env.globals.update(shared)

    def text(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context).strip()

    def json(self, name: str, **context: Any) -> Any:
        rendered = self.env.get_template(name).render(**context)
        try:
            return json.loads(rendered)
        except json.JSONDecodeError as exc:
            raise ValueError(f"template {name} rendered invalid JSON: {exc}") from exc

    def blocks(self, name: str, **context: Any) -> list[dict[str, Any]]:
        blocks = self.json(name, **context)
        if not isinstance(blocks, list):
            raise ValueError(f"template {name} must render a JSON list of blocks")
        return blocks
