"""Statements written once per database dialect and run on the driver's cursor of the session's connection.

Executed through the session, a Core statement costs SQLAlchemy 15–20 µs of its own work
each time (the ORM's execution layer, the statement cache's key, the parameters'
processing, the execution context and result objects); the driver's cursor takes 1–2 µs.
A signing runs seven statements, all the same ones every time, and that work was a fifth
of its CPU (docs/PERFORMANCE.md).

A `Precompiled` statement has SQLAlchemy write its SQL for the dialect in use, once, and
keeps the bind processors of its parameters' types, so that a value goes to the database
exactly as the ORM would send it (a UTCDateTime as naive UTC). Each call then runs the
SQL on a cursor of the request session's connection: in the session's transaction (its
commit or rollback ends it), with the engine's before_cursor_execute and
after_cursor_execute listeners called as SQLAlchemy calls them (a SQLite writer takes
its turn there, pledge.database; a test counts statements there), and a driver's error
handled by SQLAlchemy's own handler of the connection: SQLAlchemy's exception classes, a
lost connection invalidated. Rows come back as the driver gives them (`Rows`): use it
where the columns read are integers and text.
"""

from dataclasses import dataclass

from sqlalchemy import bindparam, insert
from sqlalchemy.exc import MultipleResultsFound, NoResultFound

from pledge.extensions import db


class Precompiled:
    """A Core statement (or text) run with exactly the parameters its bind names ask for."""

    def __init__(self, statement):
        self.statement = statement
        self._forms = {}  # the dialect's class and paramstyle -> _Form

    @classmethod
    def insert(cls, table, columns, returning=()):
        """The INSERT of `columns` (names) into `table`, each a parameter of its column's type."""
        values = {name: bindparam(name, type_=table.c[name].type) for name in columns}
        statement = insert(table).values(values)
        if returning:
            statement = statement.returning(*returning)
        return cls(statement)

    def execute(self, parameters=None):
        """Run the statement once with `parameters` (a dict by name); return its Rows.

        The names given must be the statement's own: one missing or one too many is a
        ValueError, so that a value cannot be dropped silently.
        """
        connection, form = self._on_session()
        return _run(connection, form.sql, form.values(parameters or {}), many=False)

    def executemany(self, rows):
        """Run the statement once for each dict of `rows`, in one call of the driver."""
        connection, form = self._on_session()
        return _run(connection, form.sql, [form.values(row) for row in rows], many=True)

    def _on_session(self):
        connection = db.session.connection()
        return connection, self._form(connection.dialect)

    def sql(self, dialect):
        """Return the SQL the driver runs on `dialect`."""
        return self._form(dialect).sql

    def _form(self, dialect):
        key = (type(dialect), dialect.paramstyle)
        form = self._forms.get(key)
        if form is None:
            form = self._forms[key] = _Form.of(self.statement, dialect)
        return form


_GIVEN = object()  # a parameter the caller gives, not a constant of the statement


@dataclass(frozen=True)
class _Form:
    """A statement as one dialect's driver takes it."""

    sql: str
    names: tuple  # the parameters in the SQL's order (positional) or their names in it (named)
    sources: tuple  # for each: (the caller's key or _GIVEN's constant, the bind processor)
    given: frozenset  # the keys the caller must give
    positional: bool

    @classmethod
    def of(cls, statement, dialect):
        compiled = statement.compile(dialect=dialect)
        if compiled.insert_prefetch or compiled.update_prefetch:
            columns = ", ".join(column.name for column in compiled.insert_prefetch + compiled.update_prefetch)
            raise ValueError(f"give these columns a value, their defaults are computed in Python: {columns}")
        order = compiled.positiontup if compiled.positional else list(compiled.binds)
        sources, given = [], set()
        for name in order:
            bind = compiled.binds[name]
            if bind.expanding:
                raise ValueError(f"an expanding parameter cannot be precompiled: {name}")
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if bind.required:
                sources.append((name, _GIVEN, processor))
                given.add(name)
            else:
                sources.append((name, bind.effective_value, processor))
        escaped = compiled.escaped_bind_names or {}
        names = tuple(escaped.get(name, name) for name in order)
        return cls(compiled.string, names, tuple(sources), frozenset(given), compiled.positional)

    def values(self, parameters):
        if parameters.keys() != self.given:
            missing, extra = self.given - parameters.keys(), parameters.keys() - self.given
            raise ValueError(f"parameters missing {sorted(missing)}, unknown {sorted(extra)}")
        values = []
        for key, constant, processor in self.sources:
            value = parameters[key] if constant is _GIVEN else constant
            values.append(processor(value) if processor is not None else value)
        return tuple(values) if self.positional else dict(zip(self.names, values, strict=True))


def _run(connection, sql, parameters, many):
    """Run `sql` on a new cursor of `connection` (a SQLAlchemy Connection) as its driver takes it.

    The listeners get what SQLAlchemy gives them, with no execution context (which the
    events' documentation allows: "may be None"; a listener that needs one, such as
    Flask-SQLAlchemy's SQLALCHEMY_RECORD_QUERIES, is not used here). Rows a statement
    returns are read at once and the cursor closed, so that the next statement finds the
    driver idle.
    """
    cursor = connection.connection.cursor()
    try:
        for listener in connection.dispatch.before_cursor_execute:
            sql, parameters = listener(connection, cursor, sql, parameters, None, many)
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        for listener in connection.dispatch.after_cursor_execute:
            listener(connection, cursor, sql, parameters, None, many)
        rows = Rows(cursor.fetchall() if cursor.description is not None else [])
    except BaseException as error:
        # SQLAlchemy's handler of the connection (the one exec_driver_sql uses): it wraps a
        # driver's error in SQLAlchemy's class (IntegrityError, OperationalError …), and
        # invalidates a connection the database dropped; it closes the cursor and raises.
        # A private method of the pinned SQLAlchemy (requirements.txt): tests/test_precompiled.py
        # checks both behaviours, so that an upgrade that changes it fails there.
        connection._handle_dbapi_exception(error, sql, parameters, cursor, None)
    cursor.close()
    return rows


@dataclass(frozen=True)
class Rows:
    """The rows (tuples) a precompiled statement returned; none for a write without RETURNING."""

    rows: list

    def all(self):
        return list(self.rows)

    def first(self):
        """Return the first row, or None when there is none."""
        return self.rows[0] if self.rows else None

    def one_or_none(self):
        """Return the only row, or None; more than one is MultipleResultsFound."""
        if len(self.rows) > 1:
            raise MultipleResultsFound("Multiple rows were found when one or none was required")
        return self.first()

    def one(self):
        """Return the only row; none is NoResultFound, more than one MultipleResultsFound."""
        row = self.one_or_none()
        if row is None:
            raise NoResultFound("No row was found when one was required")
        return row

    def scalar_one(self):
        """Return the first column of the only row."""
        return self.one()[0]
