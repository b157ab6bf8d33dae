"""The transparency log head (tree size and root) is printed on the public wall and on each certificate at its issue."""

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
    assert head.size == 2
    shown = wall_head(client, event)
    assert f"Head: 2 entries · {head.root[:8]}…{head.root[-8:]}" in shown
    assert head.root in shown  # the full root, under "The full tree root"
    assert f'href="/e/{event.slug}/log.json"' in client.get(f"/e/{event.slug}/signatories").text

    transitions.revoke(record, "Ganda", "panitia")
    moved = transparency.head(event)
    assert moved.size == 3
    shown = wall_head(client, event)
    assert "Head: 3 entries" in shown and moved.root in shown and head.root not in shown


def test_a_certificate_prints_the_log_head_at_its_issue_and_keeps_it(app):
    event = make_event()
    first = make_signature(event, phone="+6281200000001")
    at_issue = transparency.head(event)
    issued = certificate_for(first).pdf
    second = make_signature(event, phone="+6281200000002")
    later = transparency.head(event)
    assert later.size == at_issue.size + 1

    text = pdf_text(issued)
    annex = " ".join(page_texts(issued)[1:])
    assert f"log memuat {at_issue.size} entri, dan akar pohonnya" in annex
    assert at_issue.root[:8] not in page_texts(issued)[0]  # page 1 is for people, not checkers
    assert at_issue.root in squeeze(text)
    assert later.root not in squeeze(text)
    # Stored once: downloading it again after more entries gives the same head.
    assert certificate_for(first).pdf == issued

    # A certificate issued now prints today's head, which covers the second signature.
    second_text = pdf_text(certificate_for(second).pdf)
    assert f"log memuat {later.size} entri" in second_text and later.root in squeeze(second_text)
    assert at_issue.root not in squeeze(second_text)
