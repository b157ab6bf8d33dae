"""Certificates issued off the request: the job after signing, its retries, and life without the queue.

The queue is Redis db 15 (emptied before each test); the jobs are run by RQ's
SimpleWorker in burst mode, in this process, as `flask pledge worker` runs them.
"""

import io
import logging
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import redis
from prometheus_client import REGISTRY
from rq import SimpleWorker
from sqlalchemy import func, select

from pledge import transitions
from pledge.certificates import queue as certificate_jobs
from pledge.certificates import store
from pledge.extensions import db
from pledge.models import Certificate, SignatureRecord
from pledge.tokens import signer_token
from tests.builders import form_data, make_event, make_signature
from tests.conftest import TEST_QUEUE_URL as QUEUE_URL
from tests.conftest import make_app, opened
from tests.console_builders import log_in, make_organiser
from tests.pdfs import page_texts, seal_status

UNREACHABLE = "redis://127.0.0.1:1/15"  # nothing listens on port 1
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def queued_app(tmp_path):
    redis.Redis.from_url(QUEUE_URL).flushdb()
    app = make_app(tmp_path, WTF_CSRF_ENABLED=False, QUEUE_URL=QUEUE_URL, QUEUE_RETRY_INTERVALS=(0, 0))
    yield from opened(app)


@pytest.fixture
def queued(queued_app):
    return queued_app.test_client()


def drain(app):
    """Run every queued job (retries included) in this process, as a worker in burst mode does."""
    jobs = certificate_jobs.certificate_queue(app)
    SimpleWorker([jobs], connection=jobs.connection).work(burst=True)


def stored_certificates(record_id):
    """The record's stored certificates as (standing, sha256, issued_at), read afresh."""
    db.session.expire_all()
    rows = db.session.execute(
        select(Certificate.standing, Certificate.sha256, Certificate.issued_at).where(
            Certificate.signature_id == record_id
        )
    )
    return [tuple(row) for row in rows]


def counted(name, **labels):
    """The value of a metric sample in this process's registry (0 before it was first counted)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


def issued(by, standing="valid"):
    return counted("pledge_certificates_issued_total", standing=standing, issued_by=by)


def sign_through_the_form(client, event, **overrides):
    """Sign as a person does (the public form); return the new record's id and its private page."""
    answer = client.post(f"/e/{event.slug}/sign", data=form_data(event, **overrides))
    assert answer.status_code == 303, answer.text
    record_id = db.session.scalar(select(func.max(SignatureRecord.id)))
    return record_id, answer.headers["Location"]


def test_a_signing_queues_its_certificate_and_the_worker_stores_it_sealed(queued_app, queued):
    event = make_event()
    before = issued("queue")
    record_id, _ = sign_through_the_form(queued, event, full_name="Andi Baso")
    assert certificate_jobs.queue_counts(queued_app)["queued"] == 1
    assert stored_certificates(record_id) == []  # the signing did not render anything
    drain(queued_app)
    [(standing, sha256, _)] = stored_certificates(record_id)
    assert standing == "valid" and issued("queue") == before + 1
    assert certificate_jobs.queue_counts(queued_app) == {
        "queued": 0,
        "scheduled": 0,
        "started": 0,
        "failed": 0,
    }
    record = db.session.get(SignatureRecord, record_id)
    download = queued.get(f"/s/{signer_token(record)}/certificate.pdf")
    assert download.status_code == 200 and download.headers["ETag"] == f'"{sha256}"'  # the stored file
    assert "Andi Baso" in page_texts(download.data)[0]
    assert record.certificate_label in page_texts(download.data)[0]
    assert seal_status(download.data, queued.get("/seal-certificate.pem").data).bottom_line


def test_the_signers_page_and_download_work_before_the_job_ran_and_the_job_then_makes_nothing_new(
    queued_app, queued
):
    event = make_event()
    record_id, page = sign_through_the_form(queued, event, full_name="Rahmawati")
    shown = queued.get(page)
    assert shown.status_code == 200 and "Rahmawati" in shown.text
    record = db.session.get(SignatureRecord, record_id)
    download = queued.get(f"/s/{signer_token(record)}/certificate.pdf")
    assert download.status_code == 200 and "Rahmawati" in page_texts(download.data)[0]
    first = stored_certificates(record_id)
    drain(queued_app)  # the job finds the certificate stored: it is not made twice
    assert stored_certificates(record_id) == first
    assert queued.get(f"/s/{signer_token(record)}/certificate.pdf").data == download.data


def test_a_job_run_twice_stores_one_certificate(queued_app):
    event = make_event()
    record = make_signature(event)
    record_id = record.id
    certificate_jobs.issue_soon(record_id)  # queued again, e.g. by an operator
    drain(queued_app)
    [(standing, _, _)] = stored_certificates(record_id)
    assert standing == "valid"


def test_a_failed_job_is_retried_and_stores_the_certificate(queued_app, monkeypatch):
    event = make_event()
    record_id = make_signature(event).id
    real = store.render_certificate
    calls = []

    def fails_once(content):
        calls.append(content)
        if len(calls) == 1:
            raise OSError("font file unreadable")
        return real(content)

    monkeypatch.setattr(store, "render_certificate", fails_once)
    failures = counted("pledge_certificate_job_failures_total")
    drain(queued_app)
    assert len(calls) == 2  # the first run failed, its retry succeeded
    assert counted("pledge_certificate_job_failures_total") == failures + 1
    assert [standing for standing, _, _ in stored_certificates(record_id)] == ["valid"]
    assert certificate_jobs.queue_counts(queued_app)["failed"] == 0


def test_a_job_that_fails_every_retry_loses_nothing_and_the_first_request_issues(
    queued_app, queued, monkeypatch
):
    event = make_event()
    record_id, _ = sign_through_the_form(queued, event, full_name="Yohanes")

    def broken(content):
        raise OSError("disk full")

    with monkeypatch.context() as patched:
        patched.setattr(store, "render_certificate", broken)
        drain(queued_app)
    assert certificate_jobs.queue_counts(queued_app)["failed"] == 1  # kept for an operator to see
    assert stored_certificates(record_id) == []
    record = db.session.get(SignatureRecord, record_id)
    assert record.full_name == "Yohanes" and record.is_valid  # the record is untouched
    download = queued.get(f"/s/{signer_token(record)}/certificate.pdf")
    assert download.status_code == 200 and "Yohanes" in page_texts(download.data)[0]


def test_a_record_revoked_before_its_job_ran_gets_its_dicabut_certificate_only(queued_app):
    event = make_event()
    record = make_signature(event, full_name="Andi Baso")
    record_id = record.id
    transitions.revoke(record, "Ditandatangani atas nama orang lain", "panitia@paser.go.id")
    assert certificate_jobs.queue_counts(queued_app)["queued"] == 2  # the signing's job and the revocation's
    drain(queued_app)
    assert [standing for standing, _, _ in stored_certificates(record_id)] == ["revoked"]  # nothing valid
    pdf = db.session.scalar(select(Certificate.pdf).where(Certificate.signature_id == record_id))
    assert "DICABUT" in page_texts(pdf)[0]


def test_a_record_erased_before_its_job_ran_gets_no_certificate(queued_app):
    event = make_event()
    record = make_signature(event)
    record_id = record.id
    transitions.erase(record, "panitia@paser.go.id")
    drain(queued_app)
    assert stored_certificates(record_id) == []


def test_with_the_queue_down_signing_and_downloads_work_and_the_outage_is_logged_once(tmp_path, caplog):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=False, QUEUE_URL=UNREACHABLE)
    for _ in opened(app):
        client = app.test_client()
        event = make_event()
        before = counted("pledge_certificate_enqueue_failures_total")
        with caplog.at_level(logging.WARNING, logger="pledge.certificates.queue"):
            first_id, first_page = sign_through_the_form(client, event, phone="0812 3456 7890")
            second_id, _ = sign_through_the_form(client, event, phone="0812 3456 7891")
        outage = [entry for entry in caplog.records if entry.name == "pledge.certificates.queue"]
        assert len(outage) == 1
        assert "certificate queue unreachable (ConnectionError)" in outage[0].getMessage()
        assert counted("pledge_certificate_enqueue_failures_total") == before + 2
        assert client.get(first_page).status_code == 200
        for record_id in (first_id, second_id):
            record = db.session.get(SignatureRecord, record_id)
            download = client.get(f"/s/{signer_token(record)}/certificate.pdf")
            assert download.status_code == 200
            assert record.certificate_label in page_texts(download.data)[0]


def test_without_a_queue_nothing_is_enqueued_and_the_first_request_issues(app, client):
    event = make_event()
    record = make_signature(event)
    assert certificate_jobs.issue_soon(record.id) is False
    assert certificate_jobs.queue_counts(app) is None
    before = issued("request")
    assert client.get(f"/s/{signer_token(record)}/certificate.pdf").status_code == 200
    assert issued("request") == before + 1


def test_flask_pledge_worker_issues_the_queued_certificates(queued_app):
    event = make_event()
    record_id = make_signature(event).id
    result = queued_app.test_cli_runner().invoke(args=["pledge", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert "Certificate worker on queue 'certificates'" in result.output
    assert [standing for standing, _, _ in stored_certificates(record_id)] == ["valid"]


def test_flask_pledge_worker_refuses_to_start_without_a_queue(runner):
    result = runner.invoke(args=["pledge", "worker", "--burst"])
    assert result.exit_code == 1
    assert (
        "QUEUE_URL is not set: without a queue, certificates are issued at their first request"
        in result.output
    )


def test_once_the_queue_drained_the_zip_streams_the_stored_pdfs_without_rendering(
    queued_app, queued, monkeypatch
):
    event = make_event()
    ids = [make_signature(event, phone=f"+62812345678{n:02d}", full_name=f"Penanda {n}").id for n in range(3)]
    drain(queued_app)
    stored = {
        record_id: db.session.scalar(select(Certificate.pdf).where(Certificate.signature_id == record_id))
        for record_id in ids
    }

    def never(content):
        raise AssertionError("the ZIP rendered a certificate the queue had stored")

    monkeypatch.setattr(store, "render_certificate", never)
    make_organiser(events=[event])
    log_in(queued)
    answer = queued.get(f"/admin/events/{event.id}/certificates.zip")
    assert answer.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(answer.data))
    for record_id in ids:
        record = db.session.get(SignatureRecord, record_id)
        assert archive.read(f"sertifikat-{record.certificate_label}.pdf") == stored[record_id]


def test_rqs_own_worker_command_issues_the_certificates_too(queued_app):
    """`rq worker` forks a child per job, which makes the app from the environment."""
    event = make_event()
    ids = [make_signature(event, phone=f"+6281234500{n:02d}").id for n in range(2)]
    db.session.remove()
    config = queued_app.config
    environment = {
        **os.environ,
        "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": config["SECRET_KEY"],
        "PUBLIC_BASE_URL": config["PUBLIC_BASE_URL"],
        "SEAL_KEY_PATH": config["SEAL_KEY_PATH"],
        "SEAL_CERT_PATH": config["SEAL_CERT_PATH"],
        "PYTHONWARNINGS": "ignore",
    }
    command = [
        str(Path(sys.executable).parent / "rq"),
        "worker",
        "--burst",
        "--url",
        QUEUE_URL,
        "certificates",
    ]
    finished = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, timeout=120, check=False
    )
    assert finished.returncode == 0, finished.stderr.decode()
    for record_id in ids:
        assert [standing for standing, _, _ in stored_certificates(record_id)] == ["valid"]


def test_when_redis_answers_again_jobs_are_queued_again_and_that_is_logged(queued_app, caplog, monkeypatch):
    event = make_event()
    state = queued_app.extensions["pledge.certificate_queue"]
    with caplog.at_level(logging.WARNING, logger="pledge.certificates.queue"):
        monkeypatch.setattr(state, "url", UNREACHABLE)
        monkeypatch.setattr(state, "_connection", None)
        down = make_signature(event, phone="+6281200001111").id
        monkeypatch.setattr(state, "url", QUEUE_URL)
        monkeypatch.setattr(state, "_connection", None)
        paused = make_signature(event, phone="+6281200002222").id  # within the pause: not tried
        assert certificate_jobs.queue_counts(queued_app)["queued"] == 0
        monkeypatch.setattr(state, "down_until", 0.0)  # the pause is over
        back = make_signature(event, phone="+6281200003333").id
    messages = [entry.getMessage() for entry in caplog.records if entry.name == "pledge.certificates.queue"]
    assert messages == [
        "certificate queue unreachable (ConnectionError): certificates are issued at their first request "
        "until it answers again",
        "certificate queue reachable again: certificates are issued by the workers",
    ]
    drain(queued_app)
    assert stored_certificates(down) == stored_certificates(paused) == []  # left to their first request
    assert [standing for standing, _, _ in stored_certificates(back)] == ["valid"]


def test_no_worker_seals_a_certificate_without_the_public_address(tmp_path):
    redis.Redis.from_url(QUEUE_URL).flushdb()
    app = make_app(tmp_path, QUEUE_URL=QUEUE_URL, PUBLIC_BASE_URL=None, QUEUE_RETRY_INTERVALS=(0,))
    for _ in opened(app):
        record_id = make_signature(make_event()).id
        result = app.test_cli_runner().invoke(args=["pledge", "worker", "--burst"])
        assert result.exit_code == 1
        assert "PUBLIC_BASE_URL must be set to the portal's public address" in result.output
        drain(app)  # a worker started some other way: the job fails, and is not sealed with "localhost"
        assert certificate_jobs.queue_counts(app)["failed"] == 1
        assert stored_certificates(record_id) == []


def test_flask_pledge_worker_says_when_the_queues_redis_does_not_answer(tmp_path):
    app = make_app(tmp_path, QUEUE_URL=UNREACHABLE)
    for _ in opened(app):
        result = app.test_cli_runner().invoke(args=["pledge", "worker", "--burst"])
        assert result.exit_code == 1
        assert "the queue's Redis does not answer (ConnectionError)" in result.output
