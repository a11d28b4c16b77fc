"""The rehearsal's ledger check catches what it is there to catch: a click told "saved" that
was lost, a history row no click made (a duplicate), a click told "nothing was saved" that was
stored (a false message), and a current answer that is not the last stored click. So do the
checks of what people did besides: a request for changes left unanswered, unaccepted, told
twice or falsely; a digest on a day away; a partner agency not joined or answering elsewhere."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.rehearsal_checks import _match, click_rows
from bench.rehearsal_checks_people import Asked, away_kept, partners_kept, requests_answered
from bench.rehearsal_deploy import Deployment
from bench.rehearsal_ledger import Away, Click, Person, Request

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


def test_a_second_person_confirming_the_same_answer_is_a_click_row() -> None:
    """Two people click Tier I at once: the second row keeps the status under another name."""
    rows = click_rows([
        ("TX", "HOU-1", "UPOC", None, "tier_1", False),
        ("TX", "HOU-1", "UAG", "tier_1", "tier_1", False),
        ("TX", "HOU-1", "UAG", "tier_1", "tier_1", True),  # notes saved by the modal
    ])  # fmt: skip
    assert rows == {KEY: [("UPOC", "tier_1", None), ("UAG", "tier_1", None)]}
    clicks = [click("tier_1", user="UAG", sent=1.0), click("tier_1", user="UPOC", sent=1.0)]
    assert _match(KEY, clicks, rows[KEY], "tier_1") == []


def test_a_current_answer_that_is_not_the_last_click_is_found() -> None:
    problems = _match(KEY, [click("tier_1", sent=1)], [("UPOC", "tier_1")], "unsure")
    assert problems == [f"{KEY}: current answer unsure is not the last stored click"]


# ---- what people did besides answering (bench/rehearsal_checks_people.py) ----------------------

ASKED = Asked(7, "TX", "HOU-2", 3, "UPOC", "Check the figures.")
KEY7 = "review:7:changes"


def asked(told: str = "asked") -> Request:
    return Request("TX", "HOU-2", "UPOC", "UAG1", "Check the figures.", told)


def answered_and_accepted(**broken: Any) -> list[str]:
    """The request above, answered by UAG1 (version 4) and accepted; `broken` replaces a part."""
    parts: dict[str, Any] = {
        "requests": [asked()],
        "asked": [ASKED],
        "accepted": {("TX", "HOU-2", 4, 8)},
        "changed": {("TX", "HOU-2"): [(3, "UAG1"), (4, "UAG1")]},
        "sent": {KEY7: "UAG1"},
        "told": {KEY7: 1},
    }
    return requests_answered(**{**parts, **broken})


def test_a_request_answered_told_once_and_accepted_passes() -> None:
    assert answered_and_accepted() == []


def test_a_request_never_answered_is_found() -> None:
    problems = answered_and_accepted(changed={("TX", "HOU-2"): [(3, "UAG1")]}, accepted=set())
    assert problems == ["TX HOU-2 (review 7): UAG1 never changed the answer"]


def test_a_change_by_someone_else_does_not_answer_it() -> None:
    problems = answered_and_accepted(changed={("TX", "HOU-2"): [(4, "UPOC")]})
    assert problems == ["TX HOU-2 (review 7): UAG1 never changed the answer"]


def test_an_answer_never_accepted_is_found() -> None:
    problems = answered_and_accepted(accepted={("TX", "HOU-2", 4, 6)})  # before the request
    assert problems == ["TX HOU-2 (review 7): the new answer was never accepted"]


def test_the_agency_told_twice_or_never_is_found() -> None:
    assert answered_and_accepted(told={KEY7: 2}) == ["TX HOU-2 (review 7): UAG1 was told 2 times"]
    problems = answered_and_accepted(sent={})
    assert problems == ["TX HOU-2 (review 7): the agency was never sent the request"]


def test_a_false_changes_asked_and_a_request_nobody_made_are_found() -> None:
    assert answered_and_accepted(asked=[]) == [
        "TX HOU-2: UPOC was told changes were asked; none held"
    ]
    assert answered_and_accepted(requests=[]) == [
        "TX HOU-2 (review 7): a request for changes nobody made"
    ]
    assert answered_and_accepted(requests=[asked("unknown")], asked=[]) == []


EAST = {"UAG1": ZoneInfo("America/New_York")}
GONE = Away("UAG1", datetime(2027, 2, 9, 14, 30, tzinfo=UTC), date(2027, 2, 11), "saved")


def test_no_digest_while_away_passes() -> None:
    digests = [("UAG1", date(2027, 2, 9)), ("UAG1", date(2027, 2, 11)), ("UPOC", date(2027, 2, 10))]
    assert away_kept([GONE], digests, EAST, {"UAG1": date(2027, 2, 11)}) == []


def test_a_digest_on_a_day_away_is_found() -> None:
    problems = away_kept([GONE], [("UAG1", date(2027, 2, 10))], EAST, {"UAG1": date(2027, 2, 11)})
    assert problems == ["digest to UAG1 on 2027-02-10, away from 2027-02-09 until 2027-02-11"]


def test_an_absence_told_saved_but_not_stored_is_found() -> None:
    assert away_kept([GONE], [], EAST, {"UAG1": None}) == [
        "UAG1: told away until 2027-02-11, stored None"
    ]
    unknown = replace(GONE, told="unknown")  # not told: not judged
    assert away_kept([unknown], [("UAG1", date(2027, 2, 10))], EAST, {}) == []


PARTNER = Person("UXTX3", "TX", "agency", ["housing"], "C0NEW1", "America/Chicago", team="T0P")
JOINED: Counter[tuple[str, str]] = Counter({(PARTNER.email, "joined"): 1})
MEMBER: dict[str, tuple[str | None, list[str]]] = {"UXTX3": ("TX", ["housing"])}


def test_a_partner_joined_welcomed_and_answering_its_topics_passes() -> None:
    answered = [("UXTX3", "TX", "housing")]
    assert partners_kept([PARTNER], JOINED, MEMBER, answered, {"UXTX3"}) == []


def test_a_partner_not_joined_silent_or_answering_elsewhere_is_found() -> None:
    assert partners_kept([PARTNER], Counter(), {}, [], set()) == [
        "UXTX3: not joined as invited (None)"
    ]
    twice = JOINED + JOINED
    assert partners_kept([PARTNER], twice, MEMBER, [], {"UXTX3"})[0].startswith("UXTX3: not")
    assert partners_kept([PARTNER], JOINED, MEMBER, [], {"UXTX3"}) == [
        "UXTX3: joined, but answered nothing"
    ]
    elsewhere = [("UXTX3", "TX", "housing"), ("UXTX3", "CA", "housing"), ("UXTX3", "TX", "health")]
    assert partners_kept([PARTNER], JOINED, MEMBER, elsewhere, {"UXTX3"}) == [
        "UXTX3: answered for CA in housing, not theirs",
        "UXTX3: answered for TX in health, not theirs",
    ]


def test_the_folder_kept_for_the_processes_logs_is_made_when_missing(tmp_path: Path) -> None:
    """`--keep DIR` names a folder that need not exist: each process's log reader opens its
    file there, and a reader that failed would leave the process's stderr pipe to fill."""
    folder = tmp_path / "evidence" / "run"
    Deployment({}, [0], logs=folder)
    assert folder.is_dir()


def test_nothing_saved_then_the_same_click_saved_is_one_true_row() -> None:
    """Told "nothing was saved" (true: the database was away), the person clicks again and is
    told saved: the row, written after the first reply was read, is the second click's."""
    first = replace(click("tier_2", told="not_saved", sent=1), read=100.0)
    second = replace(click("tier_2", sent=2), read=101.0)
    assert _match(KEY, [first, second], [("UPOC", "tier_2", 100.5)], "tier_2") == []


def test_nothing_saved_for_a_row_written_before_it_was_read_is_still_false() -> None:
    first = replace(click("tier_2", told="not_saved", sent=1), read=100.0)
    second = replace(click("tier_2", sent=2), read=101.0)
    problems = _match(KEY, [first, second], [("UPOC", "tier_2", 99.5)], "tier_2")
    assert problems == [f"{KEY}: told 'nothing saved' but stored: ('UPOC', 'tier_2')"]
