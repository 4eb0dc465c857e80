"""Someone copies the database (the SQLite file, or a ``pg_dump``) and holds the raters' list,
but not the server's keys. From the copy they must not be able to tell who said what.

Each test commits its data (transactional), copies the database as an outsider would, and
reads only the copy: no column, key or row order of the answers relates them to a rater, and
what waits during the round (drafts, pending submissions) is not in the copy as text, nor,
once deleted at the close, as ciphertext in the database's files."""

import re
import shutil
import sqlite3
import subprocess
import time
from datetime import date
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from stepwise.conftest import World, world_build
from stepwise.engagements import services as engagement_services
from stepwise.feedback import answering, services, vault
from stepwise.feedback.answering import waiting_scrub
from stepwise.feedback.models import Group, ItemKind, PendingSubmission, Questionnaire, QuestionnaireItem, Rater, Round
from stepwise.feedback.tasks import rater_reminders_tick

pytestmark = pytest.mark.django_db(transaction=True)

ANSWER_TABLES = ("feedback_response", "feedback_rating", "feedback_comment")
# What a column that could tie an answer to a person, a moment or an order would be called.
FORBIDDEN_COLUMN = re.compile(r"rater|stakeholder|user|token|salt|locator|_at$|time|date|ip|agent|seq|order")

Table = tuple[list[str], list[tuple[str | None, ...]]]  # columns, rows in their physical order


def _pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    return str(found[-1]) if found else name


def database_copy(tmp_path: Path) -> tuple[bytes, dict[str, Table]]:
    """Copy the database as an outsider would: every byte of the SQLite file (and its WAL), or a
    ``pg_dump``; and the answer tables as that copy holds them, rows in physical order."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        source = Path(db["NAME"])
        copied = tmp_path / "copy.sqlite3"
        shutil.copyfile(source, copied)
        wal = source.with_name(source.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, copied.with_name(copied.name + "-wal"))
        raw = b"".join(path.read_bytes() for path in tmp_path.glob("copy.sqlite3*"))
        tables = {}
        with sqlite3.connect(copied) as copy:
            for table in ANSWER_TABLES:
                cursor = copy.execute(f"SELECT * FROM {table} ORDER BY rowid")  # noqa: S608 (our table names)
                columns = [d[0] for d in cursor.description]
                tables[table] = (columns, [tuple(None if v is None else str(v) for v in row) for row in cursor])
        return raw, tables
    env = {"PGPASSWORD": db.get("PASSWORD") or ""}
    command = [_pg_bin("pg_dump"), "-h", db["HOST"] or "localhost", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    dump = subprocess.run([*command, db["NAME"]], capture_output=True, check=True, env=env).stdout  # noqa: S603
    return dump, _copy_blocks(dump.decode())


def _copy_blocks(dump: str) -> dict[str, Table]:
    """The answer tables of a plain ``pg_dump``: its COPY blocks, in the order the dump wrote the
    rows (a sequential scan: the table's physical order)."""
    tables = {}
    for table in ANSWER_TABLES:
        match = re.search(rf"^COPY public\.{table} \((.*?)\) FROM stdin;\n(.*?)^\\\.$", dump, re.M | re.S)
        assert match, f"{table} is not in the dump"
        columns = [c.strip().strip('"') for c in match.group(1).split(",")]
        rows = [
            tuple(None if v == r"\N" else v for v in line.split("\t")) for line in match.group(2).splitlines() if line
        ]
        tables[table] = (columns, rows)
    return tables


def _round(world: World, raters: int, number: int) -> tuple[Round, list[Rater]]:
    questionnaire = Questionnaire.objects.create(title=f"Short {number}")
    QuestionnaireItem.objects.create(questionnaire=questionnaire, position=1, competency="Listening", text="Listens")
    QuestionnaireItem.objects.create(questionnaire=questionnaire, position=2, text="Start doing?", kind=ItemKind.OPEN)
    round = services.round_create(
        engagement=world.engagement,
        title=f"360 number {number}",
        opens_on=date(2027, 4, 1),
        closes_on=date(2027, 4, 22),
        questionnaire=questionnaire,
    )
    for index in range(raters):
        stakeholder = engagement_services.stakeholder_save(
            engagement=world.engagement,
            name=f"Peer {number}-{index}",
            email=f"peer{number}.{index}@acme.test",
            relationship="peer",
        )
        services.rater_nominate(round=round, stakeholder=stakeholder, group=Group.PEER)
    round = services.round_open(round=round)
    return round, list(round.raters.order_by("pk"))


@pytest.fixture
def world(transactional_db: None) -> World:
    return world_build()


RUNS, RATERS = 60, 5


def test_no_column_key_or_row_order_of_a_copy_relates_an_answer_to_its_rater(world: World, tmp_path: Path):
    """Sixty rounds of five raters, each sending in a known order (the raters' list order) with
    answers that say who they are (rating k+1, comment "rater k"). In the copy, the first rater
    comes first in a table (by physical order, or by key) about one round in five, as by chance."""
    tasks_before = DBTaskResult.objects.count()
    rounds = []
    for number in range(RUNS):
        round, raters = _round(world, RATERS, number)
        for index, rater in enumerate(raters):  # the submission order is the raters' list order
            answering.response_submit(
                answerer=answering.answerer_for_rater(rater),
                answers={"ratings": {"1": index + 1}, "comments": {"2": f"rater {index}"}},
            )
        answering.round_close(round=round)
        rounds.append(round)
    assert DBTaskResult.objects.count() == tasks_before  # sending queues nothing that names a rater

    _raw, tables = database_copy(tmp_path)
    for table, (columns, _rows) in tables.items():
        suspicious = [c for c in columns if FORBIDDEN_COLUMN.search(c)]
        assert suspicious == [], f"{table} has columns that could tie an answer to a rater: {suspicious}"

    # Nothing of any rater (its public id, its link's hash and salt, its stakeholder) is in the
    # answer rows. (Their integer keys are left out: small numbers match any rating or batch.)
    rater_values = set()
    for rater in Rater.objects.select_related("stakeholder"):
        rater_values |= {rater.public_id.hex, str(rater.public_id), rater.token_hash, rater.token_salt}
        rater_values |= {rater.stakeholder.name, rater.stakeholder.email}
    for table, (_columns, rows) in tables.items():
        assert not rater_values & {value for row in rows for value in row if value}, table

    first_first = _first_sender_first(tables, rounds)
    # Under chance the first sender leads in about RUNS / RATERS = 12 rounds (binomial, sd ≈ 3.1);
    # written in arrival order they would lead in all 60. 30 or more by chance: p < 1e-6.
    for what, count in first_first.items():
        assert count < 30, f"{what}: the first rater to send comes first in {count} of {RUNS} rounds"


def _first_sender_first(tables: dict[str, Table], rounds: list[Round]) -> dict[str, int]:
    """In how many rounds the first rater to send is the first row, for each table and ordering."""
    responses_columns, responses = tables["feedback_response"]
    ratings_columns, ratings = tables["feedback_rating"]
    comments_columns, comments = tables["feedback_comment"]
    r_id, r_round = responses_columns.index("id"), responses_columns.index("round_id")
    g_response, g_value = ratings_columns.index("response_id"), ratings_columns.index("value")
    c_id, c_round, c_text = (comments_columns.index(name) for name in ("id", "round_id", "text"))
    sender = {row[g_response]: int(str(row[g_value])) - 1 for row in ratings}  # response → who sent it
    counts = dict.fromkeys(("responses by row", "responses by key", "comments by row", "comments by key"), 0)
    for round in rounds:
        ids = {str(round.pk)}
        mine = [row for row in responses if row[r_round] in ids]
        said = [row for row in comments if row[c_round] in ids]
        assert len(mine) == RATERS and len(said) == RATERS, round
        counts["responses by row"] += sender[mine[0][r_id]] == 0
        counts["responses by key"] += sender[min(mine, key=lambda row: str(row[r_id]))[r_id]] == 0
        counts["comments by row"] += said[0][c_text] == "rater 0"
        counts["comments by key"] += min(said, key=lambda row: str(row[c_id]))[c_text] == "rater 0"
    return counts


def test_a_copy_taken_during_the_round_holds_no_draft_or_answer_text(world: World, tmp_path: Path):
    _opened, (drafting, sending, *_others) = _round(world, 3, 0)
    answering.draft_save(
        answerer=answering.answerer_for_rater(drafting),
        answers={"ratings": {"1": 2}, "comments": {"2": "DRAFT-words-only-Dana-would-write"}},
        revision=0,
    )
    answering.response_submit(
        answerer=answering.answerer_for_rater(sending),
        answers={"ratings": {"1": 4}, "comments": {"2": "PENDING-words-only-Sam-would-write"}},
    )
    raw, _tables = database_copy(tmp_path)
    assert b"Dana-would-write" not in raw
    assert b"Sam-would-write" not in raw
    for rater in (drafting, sending):
        assert vault.rater_token(rater.token_salt).encode() not in raw  # only its hash is kept


def _database_files(tables: list[str]) -> bytes:
    """The bytes on disk of the database (SQLite: the file and its WAL) or of ``tables`` (PostgreSQL,
    after a checkpoint writes what is in memory to the files)."""
    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        found = b""
        for table in tables:
            cursor.execute("SELECT pg_read_binary_file(pg_relation_filepath(%s))", [table])
            found += bytes(cursor.fetchone()[0])
        return found


@pytest.mark.django_db(transaction=True)  # the close's scrub runs once its transaction commits
def test_deleted_pending_rows_and_drafts_leave_no_trace_in_the_database_files(world: World):
    round, (drafting, sending, *_others) = _round(world, 3, 0)
    answering.draft_save(
        answerer=answering.answerer_for_rater(drafting), answers={"comments": {"2": "draft"}}, revision=0
    )
    answering.response_submit(
        answerer=answering.answerer_for_rater(sending), answers={"ratings": {"1": 4}, "comments": {"2": "sent"}}
    )
    sealed = [bytes(PendingSubmission.objects.get().sealed)]
    sealed += [bytes(d.sealed) for d in answering.Draft.objects.all()]
    tables = ["feedback_pendingsubmission", "feedback_draft"]
    # The control: while the round is open the ciphertext is there, where a copy would find it.
    before = _database_files(tables)
    assert all(ciphertext in before for ciphertext in sealed)

    files_before = _relation_files(tables)
    answering.round_close(round=round)
    if connection.vendor == "postgresql":
        # The close rewrote both tables into new files (VACUUM FULL)...
        assert all(after != before for after, before in zip(_relation_files(tables), files_before, strict=True))
        # ...keeping any deleted row that a transaction running when it closed might still see,
        # in any database of the server (the other test process's, here): once those have ended,
        # the worker's hourly pass leaves nothing. The next test holds one open on purpose.
        _older_transactions_ended(_next_transaction_id())
        waiting_scrub()
    after = _database_files(tables)
    assert not any(ciphertext[12:40] in after for ciphertext in sealed)
    assert not PendingSubmission.objects.exists() and not answering.Draft.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_rows_an_older_transaction_could_see_go_at_the_next_hourly_pass(world: World):
    """What docs/anonymity.md says of PostgreSQL: a vacuum keeps a deleted row that a transaction
    begun before the deletion might still see, even one in another database of the server, so the
    close's own vacuum cannot remove it while one runs; the worker's hourly tick does once it
    has ended."""
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"  # SQLite overwrites in place (test above)
        return
    round, (_drafting, sending, *_others) = _round(world, 3, 0)
    answering.response_submit(
        answerer=answering.answerer_for_rater(sending), answers={"ratings": {"1": 4}, "comments": {"2": "sent"}}
    )
    sealed = bytes(PendingSubmission.objects.get().sealed)
    tables = ["feedback_pendingsubmission", "feedback_draft"]
    settings = connection.settings_dict
    other_database = psycopg.connect(
        host=settings["HOST"] or "localhost",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname="postgres",
    )
    try:
        other_database.execute("SELECT pg_current_xact_id()")  # a transaction with an id, left open
        answering.round_close(round=round)
        assert sealed[12:40] in _database_files(tables)  # kept through the close's vacuum
        other_database.rollback()
    finally:
        other_database.close()
    _older_transactions_ended(_next_transaction_id())
    rater_reminders_tick.call()  # the hourly tick: reminders, closings, and the scrub again
    assert sealed[12:40] not in _database_files(tables)


def _next_transaction_id() -> int:
    """The id the server gives the next transaction: every one below it began before now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
        return int(cursor.fetchone()[0])


def _older_transactions_ended(before: int) -> None:
    """Wait until no transaction that began before transaction id ``before`` still runs in any
    database of the server, nor holds a snapshot on this one (what keeps a vacuum from removing
    a row deleted before then); say which did if one never ends."""
    holders: list[tuple[object, ...]] = []
    for _attempt in range(600):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT datname, pid, backend_type, state, left(query, 80) FROM pg_stat_activity "
                "WHERE pid <> pg_backend_pid() AND ("
                " (backend_xid IS NOT NULL AND backend_xid::text::bigint < %(before)s)"
                " OR (datname = current_database() AND backend_xmin::text::bigint < %(before)s))",
                {"before": before % 2**32},  # backend_xid and backend_xmin carry no epoch
            )
            holders = cursor.fetchall()
        if not holders:
            return
        time.sleep(0.1)
    raise AssertionError(f"a transaction stayed open on the test server: {holders}")


def _relation_files(tables: list[str]) -> list[str]:
    if connection.vendor != "postgresql":
        return ["" for _table in tables]
    with connection.cursor() as cursor:
        found = []
        for table in tables:
            cursor.execute("SELECT pg_relation_filepath(%s)", [table])
            found.append(cursor.fetchone()[0])
        return found


def test_sqlite_overwrites_what_it_deletes(world: World):
    """The setting behind the test above, on SQLite; on PostgreSQL the close vacuums the tables."""
    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
