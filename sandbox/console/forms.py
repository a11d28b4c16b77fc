"""Filling in a modal's inputs from the console, the way each Block Kit element takes them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.blockkit import Entered

Read = Callable[[], str]
Say = Callable[[str], None]


def ask(element: dict[str, Any], people: dict[str, str], say: Say, read: Read) -> Entered:
    """Prompt for one input element; an empty answer keeps what the modal was opened with."""
    kind = element.get("type", "plain_text_input")
    if kind in ("static_select", "multi_static_select", "radio_buttons"):
        return _options(element, kind == "multi_static_select", say, read)
    if kind in ("users_select", "multi_users_select"):
        say("    people: " + ", ".join(f"{u} ({n})" for u, n in people.items()))
        many = kind == "multi_users_select"
        typed = read().replace(",", " ").split()
        kept = element.get("initial_users" if many else "initial_user")
        if not typed:
            return kept
        return typed if many else typed[0]
    if kind == "datepicker":
        say(f"    a date, YYYY-MM-DD (now: {element.get('initial_date', 'none')})")
        return read().strip() or element.get("initial_date")
    if element.get("initial_value"):
        say(f"    (now: {element['initial_value']})")
    return read() or element.get("initial_value")


def _options(element: dict[str, Any], many: bool, say: Say, read: Read) -> Entered:
    groups = element.get("option_groups") or [{"options": element.get("options", [])}]
    options = [o for group in groups for o in group["options"]]
    say("    " + "  ".join(f"{i}) {o['text']['text']}" for i, o in enumerate(options, 1)))
    say("    " + ("numbers, comma-separated" if many else "a number"))
    picked = [_pick(options, word) for word in read().replace(",", " ").split()]
    chosen = [value for value in picked if value]
    if chosen:
        return chosen if many else chosen[0]
    initial = element.get("initial_options") if many else element.get("initial_option")
    if many:
        return [o["value"] for o in initial or []]
    return initial["value"] if initial else None


def _pick(options: list[dict[str, Any]], word: str) -> str | None:
    """By number, or by the option's value or text."""
    if word.isdigit() and 1 <= int(word) <= len(options):
        return str(options[int(word) - 1]["value"])
    wanted = word.casefold()
    match = (o for o in options if wanted in (o["value"].casefold(), o["text"]["text"].casefold()))
    return next((str(o["value"]) for o in match), None)
