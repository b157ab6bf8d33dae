"""The commands operators run."""

from sqlalchemy import func, select

from pledge.demo import SLUG
from pledge.extensions import db
from pledge.models import Event, EventState, Region


def test_the_demo_event_is_the_declaration_of_the_news_report(runner):
    result = runner.invoke(args=["pledge", "demo"])
    assert result.exit_code == 0, result.output
    event = Event.by_slug(SLUG)
    assert event.state == EventState.OPEN and event.refusal() is None
    assert event.region_code == "64.01" and event.area.name == "Kabupaten Paser"
    assert event.timezone == "Asia/Makassar"
    assert event.organiser_names == ["Polres Paser", "KPU Kabupaten Paser"]
    assert [official.name for official in event.signing_officials] == ["Donny Dwija Romansa"]
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


def test_loading_the_regions_again_changes_nothing(runner):
    result = runner.invoke(args=["pledge", "regions", "load"])
    assert result.exit_code == 0, result.output
    assert "0 added, 0 renamed" in result.output
    counts = dict(db.session.execute(select(Region.level, func.count()).group_by(Region.level)).all())
    assert counts == {"province": 38, "regency_or_city": 514, "district": 7285}


def test_loading_the_regions_puts_back_a_missing_one_and_a_changed_name(runner):
    db.session.delete(db.session.get(Region, "64.01.05"))
    db.session.get(Region, "64.01.03").name = "Pasir Belengkong"
    db.session.commit()
    result = runner.invoke(args=["pledge", "regions", "load"])
    assert "1 added, 1 renamed" in result.output
    db.session.expire_all()
    assert db.session.get(Region, "64.01.05").name == "Kuaro"
    assert db.session.get(Region, "64.01.03").name == "Paser Belengkong"
