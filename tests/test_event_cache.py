"""Each process keeps the events the public opens (pledge.event_cache): one small query per
request, and every console change, made here or by another process, seen at once."""

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import text

from pledge import transitions
from pledge.event_cache import EventCache
from pledge.extensions import db
from pledge.lookups import public_event_or_404
from tests.builders import make_event
from tests.document_builders import logo_png


def statements_of(client, url):
    statements = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement.lower())

    sa_event.listen(db.engine, "before_cursor_execute", remember)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", remember)
    return statements


def test_a_page_seen_before_reads_only_the_events_revision(app, client):
    event = make_event()
    url = f"/e/{event.slug}/sign"
    first = statements_of(client, url)
    again = statements_of(client, url)

    def reading(table, statements):
        return [s for s in statements if f"from {table} " in s or s.endswith(f"from {table}")]

    for table in ("documents", "document_versions", "event_institutions", "event_officials"):
        assert reading(table, first), table
        assert not reading(table, again), table
    assert len(reading("events", again)) == 1
    assert len(again) < len(first)


def by_sql(statement, **values):
    """Change the database as another process would (this one's session knows nothing of it)."""
    db.session.execute(text(statement), values)
    db.session.commit()


def test_a_change_another_process_made_is_seen_when_its_revision_moves(client):
    event = make_event(title="Deklarasi Lama")
    assert "Deklarasi Lama" in client.get(f"/e/{event.slug}").text
    by_sql("UPDATE events SET title = 'Deklarasi Baru' WHERE id = :id", id=event.id)
    # Without its revision moving the process keeps its copy: the cache is in use.
    assert "Deklarasi Lama" in client.get(f"/e/{event.slug}").text
    by_sql("UPDATE events SET revision = revision + 1 WHERE id = :id", id=event.id)
    assert "Deklarasi Baru" in client.get(f"/e/{event.slug}").text


def fresh(event):
    """The event as the next public request gets it."""
    db.session.expire_all()
    return public_event_or_404(event.slug)


def institutions(event):
    return [(institution.name, institution.logo is not None) for institution in fresh(event).institutions]


CHANGES = {
    "edit": (
        lambda event: transitions.edit_event(event, "panitia", {"title": "Deklarasi Damai Paser"}),
        lambda event: fresh(event).title,
    ),
    "revise": (
        lambda event: transitions.revise_text(event.documents[0], "panitia", "Naskah baru", "Isi baru."),
        lambda event: [version.title for version in fresh(event).current_versions()],
    ),
    "close": (
        lambda event: transitions.close_event(event, "panitia"),
        lambda event: fresh(event).refusal(),
    ),
    "add institution": (
        lambda event: transitions.add_institution(event, "panitia", "KPU Kabupaten Paser"),
        institutions,
    ),
    "set logo": (
        lambda event: transitions.set_logo(event.institutions[0], "panitia", logo_png()),
        institutions,
    ),
    "remove institution": (
        lambda event: transitions.remove_institution(event.institutions[0], "panitia"),
        institutions,
    ),
    "add official": (
        lambda event: transitions.add_official(event, "panitia", "official", "AKBP Novy Adi Wibowo"),
        lambda event: [official.name for official in fresh(event).officials],
    ),
    "remove official": (
        lambda event: transitions.remove_official(event.officials[0], "panitia"),
        lambda event: [official.name for official in fresh(event).officials],
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_console_change_moves_the_revision_and_reaches_the_public(app, change):
    event = make_event()
    transitions.add_official(event, "panitia", "witness", "Ketua KPU Paser")
    apply, seen = CHANGES[change]
    with app.test_request_context():
        before, revision = seen(event), event.revision
        apply(event)
        db.session.expire_all()
        assert event.revision == revision + 1
        assert seen(event) != before


def test_a_process_keeps_a_bounded_number_of_events(app, client):
    app.extensions["pledge.events"] = EventCache(size=1)
    first, second = make_event(slug="pertama", title="Pertama"), make_event(slug="kedua")
    client.get(f"/e/{first.slug}")
    client.get(f"/e/{second.slug}")  # the first leaves the process's copies
    by_sql("UPDATE events SET title = 'Pertama Diubah' WHERE id = :id", id=first.id)
    assert "Pertama Diubah" in client.get(f"/e/{first.slug}").text
