"""Answers keep one current row and an append-only history of every change."""

from __future__ import annotations

from datetime import date, timedelta

from bot.workflows.cycles import create_cycle
from bot.workflows.walk import answers
from store.uow import UnitOfWork


def test_three_changes_leave_one_current_row_and_three_history_rows(uow: UnitOfWork, now) -> None:
    with uow:
        cycle = create_cycle(uow.session, name="2027", deadline=date(2027, 3, 31), now=now)
        steps = [("tier_1", "starting"), ("tier_2", "starting"), ("tier_2", "in place since 2024")]
        for i, (status, notes) in enumerate(steps):
            answers.record(
                uow.session,
                cycle_id=cycle.id,
                jurisdiction="TX",
                rec_id="HOU-1",
                actor=f"U{i}",
                agency="",
                source="button",
                now=now + timedelta(minutes=i),
                status=status,
                notes=notes,
            )
        uow.commit()
    with uow:
        found = answers.current(uow.session, cycle.id, "TX", "HOU-1")
        rows = answers.history(uow.session, cycle.id, "TX")
        assert found is not None
        assert (found.status, found.notes, found.version, found.answered_by) == (
            "tier_2",
            "in place since 2024",
            3,
            "U2",
        )
        assert [(h.before_status, h.after_status) for h in rows] == [
            (None, "tier_1"),
            ("tier_1", "tier_2"),
            ("tier_2", "tier_2"),
        ]
        assert [(h.before_notes, h.after_notes) for h in rows][2] == (
            "starting",
            "in place since 2024",
        )
        assert [h.changed_by for h in rows] == ["U0", "U1", "U2"]


def test_same_values_again_write_no_history(uow: UnitOfWork, now) -> None:
    with uow:
        cycle = create_cycle(uow.session, name="2027", deadline=date(2027, 3, 31), now=now)
        for _ in range(2):
            answers.record(
                uow.session,
                cycle_id=cycle.id,
                jurisdiction="TX",
                rec_id="HOU-1",
                actor="U1",
                agency="",
                source="button",
                now=now,
                status="tier_1",
            )
        assert len(answers.history(uow.session, cycle.id, "TX")) == 1


def test_unit_of_work_rolls_back_unless_committed(uow: UnitOfWork, now) -> None:
    try:
        with uow:
            create_cycle(uow.session, name="lost", deadline=date(2027, 3, 31), now=now)
            uow.flush()
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with uow:
        create_cycle(uow.session, name="kept", deadline=date(2027, 3, 31), now=now)
    with uow:
        from bot.workflows.cycles import list_cycles

        assert list_cycles(uow.session) == []
