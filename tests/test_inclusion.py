"""Proofs in the signer's hands: the signer's page, /verify and the certificate annex say
where the signature is in the public log, and whether its proof checks."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from pledge import checkpoints
from pledge.certificates.store import certificate_for
from pledge.extensions import db
from pledge.models import LogCheckpoint, LogEntry, utcnow
from pledge.tokens import signer_token
from tests.builders import make_event, make_signature
from tests.pdfs import page_texts


@pytest.fixture
def english(client):
    client.get("/lang/en")
    return client


def inclusion_line(html):
    found = re.search(r'<p class="log-inclusion" id="log-inclusion">(.*?)</p>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else None


def test_the_signer_page_says_where_the_signature_is_proof_checked(app, english):
    event = make_event()
    make_signature(event, phone="+6281200000001")
    record = make_signature(event, phone="+6281200000002")
    page = english.get(f"/s/{signer_token(record)}").text
    assert inclusion_line(page) == (
        "Included in the public log at position 2 of 2, proof checked. The inclusion proof (JSON)"
    )
    assert f'href="/e/{event.slug}/log/inclusion?index=1"' in page


def test_verify_says_where_the_record_is_proof_checked(app, english):
    event = make_event()
    record = make_signature(event, show_name=False)
    page = english.get(f"/verify/{record.certificate_number}").text
    assert inclusion_line(page).startswith("Included in the public log at position 1 of 1, proof checked.")


def test_a_signature_newer_than_the_checkpoint_is_pending(app, english):
    event = make_event()
    make_signature(event, phone="+6281200000001")
    checkpoints.latest(event)
    record = make_signature(event, phone="+6281200000002")  # within the batching delay
    page = english.get(f"/verify/{record.certificate_number}").text
    assert inclusion_line(page).startswith(
        "Entered in the public log at position 2; its proof is ready once the next checkpoint is signed"
    )
    db.session.execute(update(LogCheckpoint).values(issued_at=utcnow() - timedelta(seconds=6)))
    db.session.commit()
    page = english.get(f"/verify/{record.certificate_number}").text
    assert inclusion_line(page).startswith("Included in the public log at position 2 of 2, proof checked.")


@pytest.mark.parametrize("tampered", ["leaf", "checkpoint"])
def test_a_leaf_or_checkpoint_changed_after_signing_is_a_warning(app, english, tampered):
    event = make_event()
    record = make_signature(event)
    checkpoints.latest(event)
    if tampered == "leaf":
        db.session.execute(update(LogEntry).values(fingerprint="f" * 64))
    else:  # the checkpoint's note rewritten to another size, its signature left as it was
        stored = db.session.query(LogCheckpoint).one()
        stored.note = stored.note.replace("\n1\n", "\n2\n")
    db.session.commit()
    page = english.get(f"/verify/{record.certificate_number}").text
    assert inclusion_line(page).startswith(
        "Warning: the public log's proof for this record does not check against its signed checkpoint."
    )


def test_the_certificate_annex_names_the_leaf_and_its_proof(app):
    event = make_event()
    make_signature(event, phone="+6281200000001")
    record = make_signature(event, phone="+6281200000002")
    annex = re.sub(r"\s+", " ", " ".join(page_texts(certificate_for(record).pdf)[1:]))
    assert "Tanda tangan ini adalah entri ke-2 dalam log." in annex
    assert f"https://damai.example.id/e/{event.slug}/log/inclusion?index=1" in annex.replace(" ", "")
