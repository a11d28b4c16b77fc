"""import-contacts: the whole file or nothing, every bad line named, a re-import changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.workflows.people.contacts import ContactRow, ContactsRejected, import_contacts
from sandbox.slack import FakeSlack
from store.models import Participant
from tests.conftest import NOW, CliResult
from tests.factories import add_participant

Cli = Callable[..., CliResult]
HEADER = "jurisdiction,role,slack_user_id,email,agency,topics\n"
GOOD = (
    HEADER
    + "TX,poc,U0TXPOC,,,\n"
    + "texas,agency,U0DFPS,dfps@example.org,Texas DFPS,child-welfare;housing\n"
    + "District of Columbia,POC,U0DCPOC,,,\n"
    + "gu,agency,U0GUPD,,Guam Police,law enforcement\n"
    + ",committee,U0NAC,,,\n"
    + ",,,,,\n"  # the blank line spreadsheets leave behind
)


def people(sessions: sessionmaker[Session]) -> list[tuple[object, ...]]:
    with sessions() as session:
        return sorted(
            (p.slack_user_id, p.jurisdiction_code, p.role, p.agency, tuple(p.topics), p.active)
            for p in session.scalars(select(Participant))
        )


def write(tmp_path: Path, text: str, name: str = "contacts.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_adds_everyone(
    run_cli: Cli, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    path = write(tmp_path, GOOD)

    result = run_cli("import-contacts", path)

    assert (result.code, result.err) == (0, "")
    assert result.out == f"{path}: 5 added, 0 updated, 0 unchanged\n"
    assert people(sessions) == [
        ("U0DCPOC", "DC", "poc", "", (), True),
        ("U0DFPS", "TX", "agency", "Texas DFPS", ("child-welfare", "housing"), True),
        ("U0GUPD", "GU", "agency", "Guam Police", ("law-enforcement",), True),
        ("U0NAC", None, "committee", "", (), True),
        ("U0TXPOC", "TX", "poc", "", (), True),
    ]


def test_reimporting_the_same_file_changes_nothing(
    run_cli: Cli, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    path = write(tmp_path, GOOD)
    assert run_cli("import-contacts", path).code == 0
    before = people(sessions)

    again = run_cli("import-contacts", path)

    assert again.code == 0
    assert again.out == f"{path}: 0 added, 0 updated, 5 unchanged\n"
    assert people(sessions) == before


def test_a_changed_row_is_updated_in_place(
    run_cli: Cli, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    run_cli("import-contacts", write(tmp_path, GOOD))
    changed = GOOD.replace("Guam Police,law enforcement", "Guam Police Department,")

    result = run_cli("import-contacts", write(tmp_path, changed, "v2.csv"))

    assert result.out.endswith(": 0 added, 1 updated, 4 unchanged\n")
    assert ("U0GUPD", "GU", "agency", "Guam Police Department", (), True) in people(sessions)
    assert len(people(sessions)) == 5


def test_bad_rows_import_nothing_and_every_bad_line_is_named(
    run_cli: Cli, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    add_participant(sessions, "U0OLDPOC", "CA", "poc", now=NOW)
    path = write(
        tmp_path,
        HEADER
        + "TX,poc,U0TXPOC,,,\n"  # 2: good, yet not imported
        + "Atlantis,poc,U0ATL,,,\n"  # 3
        + "TX,chair,U0CHAIR,,,\n"  # 4
        + "TX,agency,U0AG,,Texas DPS,housing;astronomy\n"  # 5
        + "TX,agency,,,Texas DPS,\n"  # 6
        + "Texas,poc,U0OTHER,,,\n"  # 7: a second POC for TX
        + "CA,poc,U0NEWPOC,,,\n"  # 8: CA already has one
        + 'NY,agency,U0NY,,NY OCFS,"housing",extra\n',  # 9
    )
    before = people(sessions)

    result = run_cli("import-contacts", path)

    assert result.code == 2
    assert result.out == ""
    assert result.err.splitlines() == [
        f"{path}: line 3: unknown jurisdiction 'Atlantis'",
        f"{path}: line 4: unknown role 'chair' (committee, poc or agency)",
        f"{path}: line 5: unknown topic 'astronomy' (the topics are: multidisciplinary, "
        "screening, child-welfare, services, housing, law-enforcement, judiciary, "
        "demand-reduction, prevention, legislation, research-data, funding)",
        f"{path}: line 6: needs a slack_user_id or an email",
        f"{path}: line 7: a second POC for TX (line 2 names U0TXPOC); a jurisdiction has one POC",
        f"{path}: line 8: CA already has POC U0OLDPOC in the database; a jurisdiction has one POC",
        f"{path}: line 9: 1 cell(s) more than the header (an unquoted comma?)",
        f"{path}: 7 bad row(s); nothing was imported.",
    ]
    assert people(sessions) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("jurisdiction,role,slack_user,email,agency,topics\n", "missing: slack_user_id"),
        ("", "missing: jurisdiction, role, slack_user_id, email, agency, topics"),
        (HEADER, "no contacts after the header"),
    ],
)
def test_a_file_without_the_right_header_or_rows_is_one_line(
    run_cli: Cli, tmp_path: Path, text: str, message: str
) -> None:
    result = run_cli("import-contacts", write(tmp_path, text))

    assert result.code == 2
    assert result.err.count("\n") == 1
    assert message in result.err


def test_workflow_resolves_emails_with_the_given_lookup(
    sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    directory = {"pat@example.org": "U0PAT"}
    rows = [
        ContactRow(line=2, jurisdiction="OH", role="poc", email="pat@example.org"),
        ContactRow(line=3, jurisdiction="OH", role="agency", email="x@example.org", agency="A"),
        ContactRow(line=4, jurisdiction="TX", role="poc", email="y@example.org"),
        ContactRow(line=5, jurisdiction="TX", role="agency", email="z@example.org", agency="B"),
    ]
    with sessions() as session:
        with pytest.raises(ContactsRejected) as caught:
            import_contacts(session, rows, catalog=catalog, resolve_email=directory.get, now=NOW)
        # a POC must be in the workspace; an agency's person Slack does not know is invited by
        # email through Slack Connect, which needs the state's POC
        assert [(p.line, p.reason) for p in caught.value.problems] == [
            (4, "no Slack user has the email y@example.org"),
            (
                5,
                "no Slack user has the email z@example.org, and TX has no POC to invite them "
                "through Slack Connect; add its POC first",
            ),
        ]

        summary = import_contacts(
            session, rows[:2], catalog=catalog, resolve_email=directory.get, now=NOW
        )
        session.commit()

    assert (summary.added, summary.updated, summary.unchanged) == (1, 0, 0)
    ((invitee, poc),) = summary.to_invite
    assert (invitee.email, invitee.jurisdiction, invitee.agency, poc) == (
        "x@example.org",
        "OH",
        "A",
        "U0PAT",
    )
    assert people(sessions) == [("U0PAT", "OH", "poc", "", (), True)]


def test_emails_are_looked_up_in_slack(
    run_cli: Cli, tmp_path: Path, sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeSlack() as fake:
        fake.add_user("U0PAT", email="Pat.Lee@ohio.example.gov")
        fake.add_user("U0SAM", email="sam@jfs.example.gov")
        monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
        monkeypatch.setenv("SLACK_API_URL", fake.base_url)
        path = write(
            tmp_path,
            HEADER
            + "OH,poc,,pat.lee@ohio.example.gov,,\n"
            + "OH,agency,,sam@jfs.example.gov,Ohio JFS,prevention\n"
            + "OH,agency,,nobody@ohio.example.gov,Ohio DPS,\n",
        )

        wrong_poc = write(tmp_path, HEADER + "OH,poc,,nobody@ohio.example.gov,,\n", "poc.csv")
        rejected = run_cli("import-contacts", wrong_poc)
        assert rejected.code == 2
        assert rejected.err.splitlines()[0] == (
            f"{wrong_poc}: line 2: no Slack user has the email nobody@ohio.example.gov"
        )
        assert people(sessions) == []

        imported = run_cli("import-contacts", path)
        lookups = len(fake.calls("users.lookupByEmail"))
        (sent,) = fake.calls("conversations.inviteShared")
        again = run_cli("import-contacts", path)

    # the agency row Slack does not know is invited by Ohio's POC through Slack Connect
    assert imported.out == (
        f"{path}: 2 added, 0 updated, 0 unchanged, 1 from other organisations\n"
        f"{path}: line 4: nobody@ohio.example.gov invited, pending (Slack Connect, OH)\n"
    )
    assert sent.args["emails"] == "nobody@ohio.example.gov"
    assert again.out.splitlines()[-1] == (
        f"{path}: line 4: nobody@ohio.example.gov was invited before and is still pending"
    )
    assert lookups == 4  # one for the rejected file, three for the good one
    assert people(sessions) == [
        ("U0PAT", "OH", "poc", "", (), True),
        ("U0SAM", "OH", "agency", "Ohio JFS", ("prevention",), True),
    ]
    with sessions() as session:
        emails = {p.slack_user_id: p.email for p in session.scalars(select(Participant))}
    assert emails == {"U0PAT": "pat.lee@ohio.example.gov", "U0SAM": "sam@jfs.example.gov"}


def test_email_rows_need_the_bot_token(run_cli: Cli, tmp_path: Path) -> None:
    result = run_cli("import-contacts", write(tmp_path, HEADER + "OH,poc,,pat@ohio.gov,,\n"))

    assert result.code == 2
    assert result.err.startswith("SLACK_BOT_TOKEN is needed to look up Slack users by email")
    assert result.err.count("\n") == 1
