"""A database connection lost at the end of a request, or during it: a readable answer, never a 500."""

from sqlalchemy.event import listen as event_listen
from sqlalchemy.event import remove as event_remove
from sqlalchemy.exc import OperationalError

from pledge.extensions import db
from tests.builders import form_data, make_event
from tests.conftest import make_app, reset_database


def lost_connection(statement="ROLLBACK"):
    return OperationalError(statement, {}, Exception("terminating connection due to administrator command"))


def test_a_connection_lost_after_the_signature_was_committed_keeps_the_303(tmp_path, monkeypatch, caplog):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=False)
    reset_database(app)
    with app.app_context():
        event = make_event()
        data = form_data(event)
        slug = event.slug
        db.session.remove()
    removals = []
    original = db.session.remove

    def remove_once_lost():
        removals.append(1)
        if len(removals) == 1:
            raise lost_connection()
        original()

    monkeypatch.setattr(db.session, "remove", remove_once_lost)
    response = app.test_client().post(f"/e/{slug}/sign", data=data)
    assert response.status_code == 303
    assert "database connection lost after the answer: OperationalError" in caplog.text
    monkeypatch.undo()
    with app.app_context():
        from pledge.models import SignatureRecord

        assert db.session.query(SignatureRecord).count() == 1
        db.session.remove()
        db.engine.dispose()


def test_a_connection_closed_under_a_request_answers_503_with_retry_after(client):
    slug = make_event().slug
    db.session.remove()

    def closed(*args, **kwargs):
        # The driver's own error, raised where the driver runs every statement: ORM
        # queries and driver SQL (pledge.precompiled) alike.
        raise db.engine.dialect.loaded_dbapi.InterfaceError("the connection is closed")

    event_listen(db.engine, "before_cursor_execute", closed)
    try:
        response = client.get(f"/e/{slug}/sign")
    finally:
        event_remove(db.engine, "before_cursor_execute", closed)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "Portal sedang sibuk" in response.text
    assert "Portal belum dapat menghubungi basis datanya." in response.text
