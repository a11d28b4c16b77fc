"""The rehearsal's ledger check catches what it is there to catch: a click told "saved" that
was lost, a history row no click made (a duplicate), a click told "nothing was saved" that was
stored (a false message), and a current answer that is not the last stored click."""

from __future__ import annotations

from bench.rehearsal_checks import _match
from bench.rehearsal_ledger import Click

KEY = ("TX", "HOU-1")


def click(status: str, told: str = "saved", user: str = "UPOC", sent: float = 0.0) -> Click:
    return Click(user, "TX", "HOU-1", status, 200, told, sent=sent, at=sent + 0.5)


def test_every_click_stored_once_in_order_passes() -> None:
    clicks = [click("tier_1", sent=1), click("tier_2", sent=2)]
    rows = [("UPOC", "tier_1"), ("UPOC", "tier_2")]
    assert _match(KEY, clicks, rows, "tier_2") == []


def test_a_lost_answer_is_found() -> None:
    problems = _match(KEY, [click("tier_1", sent=1), click("tier_2", sent=2)],
                      [("UPOC", "tier_1")], "tier_1")  # fmt: skip
    assert problems == [f"{KEY}: told 'saved' (UPOC tier_2) but not stored"]


def test_a_duplicated_history_row_is_found() -> None:
    problems = _match(KEY, [click("tier_1", sent=1)],
                      [("UPOC", "tier_1"), ("UPOC", "tier_1")], "tier_1")  # fmt: skip
    assert len(problems) == 1 and "history row 2" in problems[0]


def test_a_false_nothing_saved_is_found() -> None:
    problems = _match(KEY, [click("tier_1", told="not_saved", sent=1)],
                      [("UPOC", "tier_1")], "tier_1")  # fmt: skip
    assert problems == [f"{KEY}: told 'nothing saved' but stored: ('UPOC', 'tier_1')"]


def test_two_people_at_once_may_be_stored_in_either_order() -> None:
    clicks = [click("tier_1", user="UPOC", sent=1.0), click("tier_2", user="UAG", sent=1.1)]
    rows = [("UAG", "tier_2"), ("UPOC", "tier_1")]
    assert _match(KEY, clicks, rows, "tier_1") == []


def test_a_current_answer_that_is_not_the_last_click_is_found() -> None:
    problems = _match(KEY, [click("tier_1", sent=1)], [("UPOC", "tier_1")], "unsure")
    assert problems == [f"{KEY}: current answer unsure is not the last stored click"]
