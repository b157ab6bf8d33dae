"""Upgrades with data: a database at every earlier revision, full of rows, upgraded to head.

For each revision R (0001 … head) and each database (SQLite; PostgreSQL), the database is
built by upgrading one revision at a time to R with that revision's fill after each
step (tests/drills/fills.py), then upgraded to head. Then: `flask pledge log verify`
passes, the counters equal a recount, every stored certificate and issued document
still verifies as what it was (an erased record's kept copy too), every record's leaf is proved against a signed checkpoint,
every public page answers, and a new signer can sign.
Downgrades are not supported (docs/RELIABILITY.md): restore a backup instead.
"""

import logging
import os
from contextlib import contextmanager

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from pledge import checkpoints
from pledge.certificates.keys import ensure_keys
from pledge.certificates.verification import Finding, check_document
from pledge.extensions import db
from pledge.models import Event, LogEntry, SignatureRecord
from pledge.models.counts import counts_for, recount
from pledge.tokens import signer_token
from tests.builders import form_data
from tests.conftest import make_app
from tests.databases import scratch_postgresql
from tests.drills.fills import CHAIN, FILLS, VERSIONS, Fill, World
from tests.drills.ledger import DRILLS, Row

REVISIONS = CHAIN  # in the order they apply (0005 before 0004)
POSTGRES = os.environ.get("TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def test_every_revision_has_a_fill():
    assert REVISIONS[0] == "0001" and len(REVISIONS) == len(list(VERSIONS.glob("[0-9]*.py")))
    missing = [revision for revision in REVISIONS if revision not in FILLS]
    assert not missing, f"add a fill for {missing} to tests/drills/fills.py"


@contextmanager
def logging_kept():
    """Keep the process's logging as it is: Alembic's env.py reconfigures it (fileConfig)."""
    manager = logging.Logger.manager
    root = logging.getLogger()
    saved_root = (root.level, list(root.handlers))
    saved = {
        name: (logger.disabled, logger.level, list(logger.handlers), logger.propagate)
        for name, logger in manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    try:
        yield
    finally:
        root.setLevel(saved_root[0])
        root.handlers[:] = saved_root[1]
        for name, logger in list(manager.loggerDict.items()):
            if not isinstance(logger, logging.Logger):
                continue
            if name in saved:
                logger.disabled, logger.level, handlers, logger.propagate = saved[name]
                logger.handlers[:] = handlers
            else:
                logger.disabled = False


def migrate_to(app, revision):
    with app.app_context(), logging_kept():
        upgrade(revision=revision)
        db.session.remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'upgraded.db'}"
    else:
        with scratch_postgresql(POSTGRES) as url:
            yield url


@pytest.fixture
def app(database_url, tmp_path):
    """An app on the empty database; its connections are closed after the test."""
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=database_url, WTF_CSRF_ENABLED=False)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def nonzero(cells):
    """Counter cells without the zeros a revocation leaves (a recount writes none)."""
    return {key: n for key, n in cells.items() if n}


def build_at(app, revision):
    """Upgrade an empty database one revision at a time to `revision`, filling after each; return the World."""
    world = World()
    for step in REVISIONS[: REVISIONS.index(revision) + 1]:
        migrate_to(app, step)
        with app.app_context():
            with db.engine.begin() as connection:
                FILLS[step](Fill(connection, step, world))
            db.session.remove()
    return world


PAGES = (
    "/e/{slug}",
    "/e/{slug}/sign",
    "/e/{slug}/signatories",
    "/e/{slug}/signatories.json",
    "/e/{slug}/signatories.csv",
    "/e/{slug}/totals.json",
    "/e/{slug}/log.json",
    "/e/{slug}/live",
    "/e/{slug}/live.json",
    "/e/{slug}/qr.svg",
)


@pytest.mark.parametrize("revision", REVISIONS)
def test_a_database_full_of_rows_at_an_earlier_revision_upgrades_to_head_intact(revision, app, database_url):
    with app.app_context():
        ensure_keys(app)  # the fills seal certificates with the key the upgraded portal checks
        world = build_at(app, revision)
    migrate_to(app, "head")

    runner = app.test_cli_runner()
    with app.app_context():
        verified = runner.invoke(args=["pledge", "log", "verify"])
        db.session.remove()
    assert verified.exit_code == 0, verified.output
    client = app.test_client()
    answers = []
    with app.app_context():
        records = db.session.scalars(select(SignatureRecord)).all()
        assert len(records) == len(world.signatures)
        assert {record.id: record.state for record in records} == {s.id: s.state for s in world.signatures}
        entries = db.session.scalar(select(func.count(LogEntry.id)))
        assert entries >= len(records)
        for slug, event_id in world.events.items():
            counted = counts_for(event_id)
            assert counted.total == len(world.valid(event_id))
            recount(event_id)
            again = counts_for(event_id)
            db.session.rollback()
            assert (counted.total, nonzero(counted.by_category), nonzero(counted.by_area)) == (
                again.total,
                nonzero(again.by_category),
                nonzero(again.by_area),
            )
            answers += [client.get(page.format(slug=slug)).status_code for page in PAGES]
        for signed in world.signatures:
            for pdf, standing in signed.certificates:
                verdict = check_document(pdf)
                expected = Finding.REVOKED_COPY if standing == "revoked" else Finding(signed.state)
                assert verdict.finding == expected, (signed, standing)
                assert verdict.record.id == signed.id
            stored = db.session.get(SignatureRecord, signed.id)
            # Its leaf is proved against a signed checkpoint: at 0011 the one the fill signed,
            # through the subtree hash it cached.
            assert checkpoints.inclusion(stored).checked, signed
            token = signer_token(stored)
            answers += [
                client.get(f"/s/{token}").status_code,
                client.get(f"/verify/{signed.number}").status_code,
            ]
            if signed.erased:  # its stored certificates went with the name; kept copies still verify
                assert client.get(f"/s/{token}/certificate.pdf").status_code == 410
                assert stored.full_name == "" and stored.salt is None and not stored.has_signature_mark
            elif signed.state == "valid":
                answers.append(client.get(f"/s/{token}/certificate.pdf").status_code)
        for pdf in world.issued:
            assert check_document(pdf).finding == Finding.RECORD
        answers += [client.get(path).status_code for path in ("/", "/wilayah/64", "/verify")]
        assert set(answers) == {200}, answers

        # The upgraded portal takes a new signer on the oldest event, and its log still verifies.
        event = Event.by_slug("paser-2024")
        sent = client.post(f"/e/{event.slug}/sign", data=form_data(event, phone="0812-9999-0001"))
        answers.append(sent.status_code)
        assert sent.status_code == 303, sent.text
        db.session.remove()
    with app.app_context():
        verified_again = runner.invoke(args=["pledge", "log", "verify"])
        db.session.remove()
    assert verified_again.exit_code == 0, verified_again.output
    backend = database_url.split(":")[0].split("+")[0]
    DRILLS.append(
        Row(
            drill=f"{backend}: upgrade {revision} → head with data",
            requests=len(answers),
            accepted=answers.count(200) + answers.count(303),
            unavailable=answers.count(503),
            errors=sum(1 for answer in answers if answer >= 500 and answer != 503),
            lost=0,
            log="verified",
        )
    )
