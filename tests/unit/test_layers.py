"""The domain stays free of Slack: no module under bot/workflows/ imports the templates or a Slack
library, and no string in it carries Slack markup (mentions, channel links, special mentions,
mrkdwn links). Notices and sentences carry fields; bot/compose.py turns them into Slack's words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.compose import slack_text
from bot.workflows.errors import InvalidInput
from bot.workflows.sentences import People, someone

WORKFLOWS = Path(__file__).resolve().parents[2] / "bot" / "workflows"
FORBIDDEN = {"messages", "slack_bolt", "slack_sdk"}
# <@U…>, <#C…>, <!here>/<!date…>, and <https://…|label> links.
MARKUP = re.compile(r"<[@#!]|<(?:https?|mailto|slack):")


def modules() -> list[Path]:
    found = sorted(WORKFLOWS.rglob("*.py"))
    assert len(found) > 30  # the walk really sees the package
    return found


def imported(tree: ast.AST) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(WORKFLOWS)))
def test_workflows_import_no_templates_and_no_slack(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert imported(tree) & FORBIDDEN == set()


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(WORKFLOWS)))
def test_workflow_strings_carry_no_slack_markup(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    strings = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    assert [s for s in strings if MARKUP.search(s)] == []


def test_the_checks_catch_what_they_look_for() -> None:
    bad = ast.parse('import slack_sdk\nfrom messages import Renderer\nx = f"<@{u}> hi"')
    assert imported(bad) & FORBIDDEN == {"slack_sdk", "messages"}
    found = [n.value for n in ast.walk(bad) if isinstance(n, ast.Constant)]
    assert any(MARKUP.search(str(s)) for s in found)


def test_one_refusal_two_forms() -> None:
    """Slack shows a mention and escapes what was typed; the CLI shows both plain."""
    refusal = InvalidInput("{who} named “{name}”.", who=someone("U1"), name="A & <B>")
    assert str(refusal) == "U1 named “A & <B>”."
    assert slack_text(refusal.sentence) == "<@U1> named “A &amp; &lt;B&gt;”."
    assert slack_text(InvalidInput("{p}", p=People(("U1", "U2"))).sentence) == "<@U1>, <@U2>"
