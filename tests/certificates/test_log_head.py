"""The transparency log head is printed on the public wall and on each certificate at its issue."""

import re

from pledge import transitions, transparency
from pledge.certificates.store import certificate_for
from tests.builders import make_event, make_signature
from tests.pdfs import page_texts, pdf_text


def squeeze(text):
    return re.sub(r"\s+", "", text)


def wall_head(client, event):
    page = client.get(f"/e/{event.slug}/signatories").text
    section = re.search(r'<section class="log-head card" id="log-head".*?</section>', page, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))


def test_the_wall_shows_the_current_log_head_short_and_in_full(client):
    event = make_event()
    client.get("/lang/en")
    make_signature(event, phone="+6281200000001")
    record = make_signature(event, phone="+6281200000002")
    head = transparency.head(event)
    assert head.seq == 2
    shown = wall_head(client, event)
    assert f"Head: entry 2 · {head.chain_hash[:8]}…{head.chain_hash[-8:]}" in shown
    assert head.chain_hash in shown  # the full hash, under "The full chain hash"
    assert f'href="/e/{event.slug}/log.json"' in client.get(f"/e/{event.slug}/signatories").text

    transitions.revoke(record, "Ganda", "panitia")
    moved = transparency.head(event)
    assert moved.seq == 3
    shown = wall_head(client, event)
    assert "Head: entry 3" in shown and moved.chain_hash in shown and head.chain_hash not in shown


def test_a_certificate_prints_the_log_head_at_its_issue_and_keeps_it(app):
    event = make_event()
    first = make_signature(event, phone="+6281200000001")
    at_issue = transparency.head(event)
    issued = certificate_for(first).pdf
    second = make_signature(event, phone="+6281200000002")
    later = transparency.head(event)
    assert later.seq == at_issue.seq + 1

    text = pdf_text(issued)
    annex = " ".join(page_texts(issued)[1:])
    assert f"kepala log adalah entri ke-{at_issue.seq} dengan hash rantai" in annex
    assert at_issue.chain_hash[:8] not in page_texts(issued)[0]  # page 1 is for people, not checkers
    assert at_issue.chain_hash in squeeze(text)
    assert later.chain_hash not in squeeze(text)
    # Stored once: downloading it again after more entries gives the same head.
    assert certificate_for(first).pdf == issued

    # A certificate issued now prints today's head, which covers the second signature.
    second_text = pdf_text(certificate_for(second).pdf)
    assert f"entri ke-{later.seq} dengan" in second_text and later.chain_hash in squeeze(second_text)
    assert at_issue.chain_hash not in squeeze(second_text)
