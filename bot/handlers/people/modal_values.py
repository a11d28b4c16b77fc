"""Reading the people modals' state: typed text, picked users and options, the admin request."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.handlers import ids
from bot.workflows.people import admin


def admin_request(values: dict[str, Any]) -> admin.AdminRequest:
    chosen = (values.get(ids.POC_JURISDICTION, {}).get(ids.POC_JURISDICTION) or {}).get(
        "selected_option"
    ) or {}
    day = (values.get(ids.CYCLE_DEADLINE, {}).get(ids.CYCLE_DEADLINE) or {}).get("selected_date")
    return admin.AdminRequest(
        cycle_name=typed(values, ids.CYCLE_NAME),
        deadline=date.fromisoformat(day) if day else None,
        jurisdiction=str(chosen.get("value") or ""),
        poc=one_user(values, ids.POC_USER),
        committee=one_user(values, ids.COMMITTEE_USER),
    )


def typed(values: dict[str, Any], key: str) -> str:
    return str((values.get(key, {}).get(key) or {}).get("value") or "")


def one_user(values: dict[str, Any], key: str) -> str:
    return str((values.get(key, {}).get(key) or {}).get("selected_user") or "")


def picked(values: dict[str, Any], key: str) -> list[str]:
    """Users of a multi_users_select, or option values of a multi_static_select."""
    state = values.get(key, {}).get(key) or {}
    if "selected_users" in state:
        return [str(u) for u in state["selected_users"] or []]
    return [str(o["value"]) for o in state.get("selected_options") or []]


def emailed(values: dict[str, Any], inputs: int) -> list[str]:
    """The addresses typed into the invitation modal's email inputs, in order."""
    keys = [f"{ids.INVITE_EMAIL}_{n}" for n in range(1, inputs + 1)]
    return [address for key in keys if (address := typed(values, key).strip())]
