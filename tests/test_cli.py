"""The commands operators run."""

from sqlalchemy import func, select

from pledge.demo import SLUG
from pledge.extensions import db
from pledge.models import Event, EventState


def test_the_demo_event_is_the_declaration_of_the_news_report(runner):
    result = runner.invoke(args=["pledge", "demo"])
    assert result.exit_code == 0, result.output
    event = Event.by_slug(SLUG)
    assert event.state == EventState.OPEN and event.refusal() is None
    assert event.region == "Kabupaten Paser" and event.timezone == "Asia/Makassar"
    assert str(event.held_on) == "2024-08-12"
    titles = [version.title for version in event.current_versions()]
    assert titles[0].startswith("Deklarasi Pilkada Damai")
    assert "Politik Uang" in titles[1] and "Hoaks" in titles[1]
    body = event.current_versions()[1].body
    for stage in ("kampanye", "masa tenang", "pemungutan suara", "penghitungan suara"):
        assert stage in body


def test_loading_the_demo_twice_keeps_one_event(runner):
    runner.invoke(args=["pledge", "demo"])
    runner.invoke(args=["pledge", "demo"])
    assert db.session.scalar(select(func.count(Event.id))) == 1


def test_if_empty_leaves_a_database_with_events_alone(runner):
    from tests.builders import make_event

    make_event()
    result = runner.invoke(args=["pledge", "demo", "--if-empty"])
    assert "not loaded" in result.output
    assert Event.by_slug(SLUG) is None
