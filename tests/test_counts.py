"""The wall's counters follow every signature in and out, exactly, without counting rows."""

import threading

import pytest
from sqlalchemy import func, select

from pledge import transitions
from pledge.extensions import db
from pledge.models import Event, SignatureRecord, count_signature, counts_for, recount
from tests.builders import make_event, make_signature


def actual_counts(event):
    """Count the signature table the slow way, to compare with the counters."""
    valid = select(SignatureRecord).where(
        SignatureRecord.event_id == event.id, SignatureRecord.state == "valid"
    )
    records = db.session.scalars(valid).all()
    by_category, by_area = {}, {}
    for record in records:
        by_category[record.category] = by_category.get(record.category, 0) + 1
        by_area[record.area_code or ""] = by_area.get(record.area_code or "", 0) + 1
    return len(records), by_category, by_area


def nonzero(cells):
    return {key: n for key, n in cells.items() if n}


def assert_counters_match_the_table(event):
    counts = counts_for(event.id)
    total, by_category, by_area = actual_counts(event)
    assert counts.total == total
    assert nonzero(counts.by_category) == by_category
    assert nonzero(counts.by_area) == by_area


def test_a_signature_adds_one_to_the_total_its_category_and_its_area(app):
    event = make_event()
    make_signature(event, phone="+6281200000001", category="camat", area_code="64.01.05")
    make_signature(event, phone="+6281200000002", category="camat", area_code=None)
    make_signature(event, phone="+6281200000003", category="police", area_code="64.01.05")
    counts = counts_for(event.id)
    assert counts.total == 3
    assert counts.by_category == {"camat": 2, "police": 1}
    assert counts.by_area == {"64.01.05": 2, "": 1}


def test_each_event_keeps_its_own_counters(app):
    first, second = make_event(slug="satu"), make_event(slug="dua")
    make_signature(first, phone="+6281200000001")
    assert counts_for(first.id).total == 1
    assert counts_for(second.id).total == 0


def test_a_refused_or_repeated_signature_counts_nothing(app):
    event = make_event()
    make_signature(event, phone="+6281200000001", client_key="k1")
    make_signature(event, phone="+6281200000001", client_key="k1")  # the same form sent twice
    with pytest.raises(transitions.AlreadySigned):
        make_signature(event, phone="+6281200000001")
    assert counts_for(event.id).total == 1


def test_revoking_takes_the_record_out_of_the_counters_once(app):
    event = make_event()
    record = make_signature(event, phone="+6281200000001", category="camat", area_code="64.01.05")
    make_signature(event, phone="+6281200000002", category="camat", area_code="64.01.05")
    transitions.revoke(record, "Salah orang", "admin")
    with pytest.raises(transitions.Refused):
        transitions.revoke(record, "Dicabut lagi", "admin")
    counts = counts_for(event.id)
    assert (counts.total, counts.by_category, counts.by_area) == (1, {"camat": 1}, {"64.01.05": 1})


def test_every_change_moves_the_version_on(app):
    event = make_event()
    record = make_signature(event, phone="+6281200000001")
    after_signing = counts_for(event.id).version
    transitions.revoke(record, "Salah orang", "admin")
    assert counts_for(event.id).version > after_signing > 0


def test_a_recount_rebuilds_the_same_figures_from_the_table(app):
    event = make_event()
    for n, (category, area) in enumerate([("camat", "64.01.05"), ("police", None), ("camat", "64.01.06")]):
        make_signature(event, phone=f"+62812000000{n:02d}", category=category, area_code=area)
    before = counts_for(event.id)
    recount(event.id)
    db.session.commit()
    after = counts_for(event.id)
    assert (after.total, after.by_category, after.by_area) == (
        before.total,
        before.by_category,
        before.by_area,
    )
    assert after.version > before.version


def test_concurrent_signers_leave_exact_counters(app):
    event_id = make_event().id
    errors = []

    def signer(worker):
        with app.app_context():
            try:
                event = db.session.get(Event, event_id)
                for n in range(5):
                    category = ("camat", "police", "media")[(worker + n) % 3]
                    make_signature(event, phone=f"+628130000{worker:02d}{n:02d}", category=category)
            except Exception as error:  # reported below; a thread cannot fail the test itself
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=signer, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    event = db.session.get(Event, event_id)
    assert db.session.scalar(select(func.count()).select_from(SignatureRecord)) == 30
    assert_counters_match_the_table(event)


def test_an_operator_can_rebuild_counters_that_went_wrong(app, runner):
    event = make_event()
    make_signature(event, phone="+6281200000001")
    make_signature(event, phone="+6281200000002")
    count_signature(make_signature(event, phone="+6281200000003"), -1)  # a bug, say
    db.session.commit()
    result = runner.invoke(args=["pledge", "recount", event.slug])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{event.slug}: 3 valid signatures (the counters said 2)."
    assert_counters_match_the_table(event)


def test_recounting_an_unknown_event_says_so(runner):
    result = runner.invoke(args=["pledge", "recount", "tidak-ada"])
    assert result.exit_code == 1
    assert "No event has the slug 'tidak-ada'." in result.output
