"""Statements written once and run on the driver's cursor store what the ORM would, in the session's transaction."""

import datetime as dt

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, bindparam, select, text, update
from sqlalchemy import event as sa_event
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError, MultipleResultsFound, NoResultFound

from pledge.extensions import db
from pledge.models import Event
from pledge.precompiled import Precompiled
from tests.builders import make_event
from tests.conftest import TEST_DATABASE_URL
from tests.test_writer_turns import turn_is_free

EVENTS = Event.__table__
_RENAME = Precompiled(
    update(EVENTS).where(EVENTS.c.id == bindparam("event_id")).values(title=bindparam("title"))
)


def test_a_precompiled_insert_stores_values_as_the_orm_does_and_reads_them_back(app):
    """The bind processors run: a UTC datetime with a zone goes in as the ORM stores it."""
    event = make_event()
    opened = dt.datetime(2024, 11, 27, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # 08:00 WITA
    statement = Precompiled(
        update(EVENTS).where(EVENTS.c.id == bindparam("event_id")).values(opens_at=bindparam("opens_at"))
    )
    statement.execute({"event_id": event.id, "opens_at": opened})
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Event, event.id).opens_at == opened
    assert db.session.get(Event, event.id).opens_at.utcoffset() == dt.timedelta(0)


def test_the_insert_helper_returns_the_new_id_and_the_rows_go_in_with_one_executemany(app):
    make_event()
    table = Table(
        "precompiled_notes", MetaData(), Column("id", Integer, primary_key=True), Column("note", String(20))
    )
    table.create(db.session.connection())
    try:
        first = (
            Precompiled.insert(table, ["note"], returning=[table.c.id]).execute({"note": "one"}).scalar_one()
        )
        Precompiled.insert(table, ["note"]).executemany([{"note": "two"}, {"note": "three"}])
        rows = db.session.execute(select(table.c.id, table.c.note).order_by(table.c.id)).all()
        assert [note for _, note in rows] == ["one", "two", "three"]
        assert rows[0].id == first
    finally:
        db.session.rollback()
        table.drop(db.engine, checkfirst=True)


def test_a_missing_or_unknown_parameter_is_refused_before_the_database_sees_it(app):
    event = make_event()
    with pytest.raises(ValueError, match=r"parameters missing \['title'\], unknown \[\]"):
        _RENAME.execute({"event_id": event.id})
    with pytest.raises(ValueError, match=r"parameters missing \[\], unknown \['titel'\]"):
        _RENAME.execute({"event_id": event.id, "title": "Baru", "titel": "Baru"})
    db.session.rollback()
    assert db.session.get(Event, event.id).title == "Deklarasi Pilkada Damai Uji"


def test_a_column_whose_default_python_computes_is_refused_when_left_out():
    table = Table(
        "stamped",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("at", DateTime, default=dt.datetime.now),
    )
    with pytest.raises(
        ValueError, match="give these columns a value, their defaults are computed in Python: at"
    ):
        Precompiled(table.insert().values(id=bindparam("id"))).sql(sqlite.dialect())


def test_an_expanding_parameter_is_refused():
    statement = select(EVENTS.c.id).where(EVENTS.c.slug.in_(bindparam("slugs", expanding=True)))
    with pytest.raises(ValueError, match="an expanding parameter cannot be precompiled: slugs"):
        Precompiled(statement).sql(sqlite.dialect())


def test_a_broken_constraint_is_sqlalchemys_integrity_error_and_rollback_undoes_the_transaction(app):
    first, second = make_event(), make_event(slug="pilkada-damai-kedua")
    _RENAME.execute({"event_id": first.id, "title": "Diubah dalam transaksi"})
    slug = Precompiled(
        update(EVENTS).where(EVENTS.c.id == bindparam("event_id")).values(slug=bindparam("slug"))
    )
    with pytest.raises(IntegrityError):
        slug.execute({"event_id": second.id, "slug": first.slug})
    db.session.rollback()
    assert (
        db.session.scalar(select(EVENTS.c.title).where(EVENTS.c.id == first.id))
        == "Deklarasi Pilkada Damai Uji"
    )


def test_a_text_statement_keeps_its_named_parameters_on_either_database(app):
    event = make_event()
    found = Precompiled(text("SELECT slug FROM events WHERE id = :event_id")).execute({"event_id": event.id})
    assert found.scalar_one() == event.slug


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite's writers only")
def test_on_sqlite_a_precompiled_write_takes_the_writers_turn_until_the_commit(app):
    event = make_event()
    lock = f"{db.engine.url.database}-writer.lock"
    _RENAME.execute({"event_id": event.id, "title": "Menulis"})
    assert not turn_is_free(lock)
    db.session.commit()
    assert turn_is_free(lock)


def test_a_connection_the_driver_lost_is_invalidated_and_the_session_goes_on_with_a_new_one(app):
    event = make_event()
    db.session.connection().connection.dbapi_connection.close()  # as a database restart leaves it
    with pytest.raises(DBAPIError) as lost:
        _RENAME.execute({"event_id": event.id, "title": "Hilang"})
    assert lost.value.connection_invalidated
    db.session.rollback()
    _RENAME.execute({"event_id": event.id, "title": "Tersambung lagi"})
    db.session.commit()
    assert db.session.scalar(select(EVENTS.c.title).where(EVENTS.c.id == event.id)) == "Tersambung lagi"


def test_the_engines_cursor_listeners_see_each_statement_with_its_parameters(app):
    event_id = make_event().id
    seen = []

    def before(conn, cursor, statement, parameters, context, executemany):
        seen.append(("before", statement.split()[0], executemany))

    def after(conn, cursor, statement, parameters, context, executemany):
        seen.append(("after", statement.split()[0], cursor.rowcount))

    sa_event.listen(db.engine, "before_cursor_execute", before)
    sa_event.listen(db.engine, "after_cursor_execute", after)
    try:
        _RENAME.execute({"event_id": event_id, "title": "Dilihat"})
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", before)
        sa_event.remove(db.engine, "after_cursor_execute", after)
    assert seen == [("before", "UPDATE", False), ("after", "UPDATE", 1)]


def test_rows_answer_one_none_or_many_as_sqlalchemys_results_do(app):
    make_event()
    make_event(slug="pilkada-damai-kedua")
    by_prefix = Precompiled(text("SELECT slug FROM events WHERE slug LIKE :prefix ORDER BY slug"))
    assert by_prefix.execute({"prefix": "pilkada-damai-k%"}).scalar_one() == "pilkada-damai-kedua"
    assert by_prefix.execute({"prefix": "tidak-ada%"}).one_or_none() is None
    assert by_prefix.execute({"prefix": "tidak-ada%"}).first() is None
    with pytest.raises(NoResultFound):
        by_prefix.execute({"prefix": "tidak-ada%"}).scalar_one()
    with pytest.raises(MultipleResultsFound):
        by_prefix.execute({"prefix": "pilkada-damai%"}).one_or_none()
    assert len(by_prefix.execute({"prefix": "pilkada-damai%"}).all()) == 2
