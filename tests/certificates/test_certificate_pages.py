"""What a certificate's pages hold: page 1 to frame, the annex for whoever checks it."""

import re

import pytest

from pledge import transparency
from pledge.certificates.store import certificate_for
from pledge.demo import load_demo
from pledge.extensions import db
from pledge.models import Certificate
from tests.builders import make_event, make_signature
from tests.document_builders import OFFICIAL, logo_png, organised_by, with_officials
from tests.pdfs import images_on_page, metadata, page_lines, page_texts

# The near-empty-page rule as a reader sees it: every annex page carries at least this many
# lines besides its footer (the layout keeps render.MIN_LAST_PAGE_LINES lines of height,
# more than this, since headings and spacing take more height than a line).
LEAST_LINES = 12


def squeeze(text):
    return re.sub(r"\s+", "", text)


@pytest.fixture
def paser(app):
    """An event organised by Polres Paser and KPU Kabupaten Paser, with its official and witnesses."""
    event = organised_by(make_event(), "Polres Paser", "KPU Kabupaten Paser")
    return with_officials(event)


def test_page_one_says_who_issues_it_and_names_the_official(paser):
    record = make_signature(paser, full_name="Andi Baso", area_code="64.01.05")
    first = page_texts(certificate_for(record).pdf)[0]
    for expected in (
        "POLRES PASER · KPU KABUPATEN PASER",
        "SERTIFIKAT",
        "Deklarasi Pilkada Damai Uji",
        "Tana Paser, Kabupaten Paser · Senin, 12 Agustus 2024",
        "Diberikan kepada Andi Baso",
        "Tokoh agama · Kecamatan Kuaro",
        "Naskah declaration",
        "Atas nama penyelenggara",
        "Disegel secara elektronik",
        "Donny Dwija Romansa",
        "Kompol, Wakil Kepala Kepolisian Resor Paser",
        "Diterbitkan oleh Polres Paser dan KPU Kabupaten Paser melalui Portal Pilkada Damai",
        record.certificate_label,
    ):
        assert expected in first, expected


def test_the_english_page_one_says_issued_by_through_the_portal(paser):
    record = make_signature(paser)
    first = page_texts(certificate_for(record, "en").pdf)[0]
    assert "Issued by Polres Paser and KPU Kabupaten Paser through the Pilkada Damai portal" in first
    assert "On behalf of the organisers" in first and "Sealed electronically" in first
    assert "Donny Dwija Romansa" in first


@pytest.mark.parametrize(
    ("organisers", "issuer"),
    [
        (("Polres Paser",), "Diterbitkan oleh Polres Paser melalui Portal Pilkada Damai"),
        (
            ("Polres Paser", "KPU Kabupaten Paser", "Bawaslu Kabupaten Paser"),
            "Diterbitkan oleh Polres Paser, KPU Kabupaten Paser dan Bawaslu Kabupaten Paser melalui Portal Pilkada Damai",
        ),
        ((), "Diterbitkan melalui Portal Pilkada Damai"),
    ],
)
def test_the_issuing_line_names_every_organiser(app, organisers, issuer):
    record = make_signature(make_event(organisers=organisers))
    assert issuer in page_texts(certificate_for(record).pdf)[0]


def test_without_an_official_the_organisers_stand_under_the_seal(app):
    record = make_signature(organised_by(make_event(), "Polres Paser", "KPU Kabupaten Paser"))
    first = page_texts(certificate_for(record).pdf)[0]
    assert "Atas nama penyelenggara Disegel secara elektronik Polres Paser dan KPU Kabupaten Paser" in first


def test_an_officials_number_is_printed_when_given(app):
    event = with_officials(make_event(), official=(*OFFICIAL[:3], "83061234"), witnesses=())
    first = page_texts(certificate_for(make_signature(event)).pdf)[0]
    assert "NIP/NRP 83061234" in first


def test_page_one_carries_no_fingerprint_and_no_log_head(paser):
    record = make_signature(paser)
    head = transparency.head(paser)
    pages = page_texts(certificate_for(record).pdf)
    first, annex = squeeze(pages[0]), squeeze(" ".join(pages[1:]))
    for digest in (record.fingerprint(), head.root, *(v.sha256 for v in paser.current_versions())):
        assert digest[:8] not in first
        assert digest in annex
    assert "SHA-256" not in pages[0] and "kepala log" not in pages[0] and "entri ke-" not in pages[0]
    assert f"log memuat {head.size} entri" in " ".join(pages[1:])


@pytest.mark.parametrize(("logos", "drawn"), [(0, 0), (1, 1), (2, 2), (4, 3)])
def test_page_one_shows_up_to_three_logos(app, logos, drawn):
    names = ["Polres Paser", "KPU Kabupaten Paser", "Bawaslu Kabupaten Paser", "Kodim 0904/Paser"]
    event = organised_by(make_event(), *names[: max(logos, 1)], logos=bool(logos))
    pdf = certificate_for(make_signature(event)).pdf
    assert images_on_page(pdf, 0) == drawn  # the drawn signature is paths, not an image


def test_a_logo_that_cannot_be_read_is_left_out(app):
    event = organised_by(make_event(), "Polres Paser", "KPU Kabupaten Paser", logos=True)
    event.institutions[0].logo = b"\x89PNG\r\n\x1a\n not really"
    pdf = certificate_for(make_signature(event)).pdf
    assert images_on_page(pdf, 0) == 1  # the logo that reads; the signature is paths
    assert "POLRES PASER" in page_texts(pdf)[0]


def test_the_metadata_names_the_organisers_and_the_true_creation_date(paser):
    record = make_signature(paser)
    stored = certificate_for(record)
    info = metadata(stored.pdf)
    assert info.author == "Polres Paser, KPU Kabupaten Paser"
    assert info.title == f"Sertifikat penandatanganan {record.certificate_label}"
    assert info.subject == paser.title
    created = info.creation_date
    assert created.utcoffset().total_seconds() == 8 * 3600  # WITA, the event's zone
    assert abs((created - stored.issued_at).total_seconds()) < 1
    assert Certificate.for_record(record).issued_at == stored.issued_at


def annex_pages(pdf):
    """The lines of each annex page, its footer (number, address, page) left out."""
    return [
        [
            line
            for line in lines
            if not line.startswith("Sertifikat ") and not re.fullmatch(r"hal\. \d+", line)
        ]
        for lines in page_lines(pdf)[1:]
    ]


HEADINGS = (
    "Lampiran: naskah yang ditandatangani",
    "Rekaman tanda tangan",
    "Log transparansi acara",
    "Segel elektronik",
)


def assert_laid_out_well(pdf, titles):
    """No annex page is near empty, and none ends with a heading whose text went to the next page."""
    for number, lines in enumerate(annex_pages(pdf), start=2):
        assert len(lines) >= LEAST_LINES, f"page {number} holds {len(lines)} lines: {lines}"
        last = squeeze(lines[-1])
        orphans = [heading for heading in (*HEADINGS, *titles) if squeeze(heading).endswith(last)]
        assert orphans == [], f"page {number} ends with a heading"


def long_body(paragraphs, words=30):
    sentence = "Kami berkomitmen menjaga Pilkada yang damai, jujur, adil, dan bermartabat di seluruh tahapan"
    return "\n\n".join(f"{n + 1}. " + " ".join([sentence] * max(1, words // 14)) for n in range(paragraphs))


def test_the_demo_certificate_is_laid_out_well(app):
    event = load_demo()
    record = make_signature(event)
    pdf = certificate_for(record).pdf
    assert_laid_out_well(pdf, [v.title for v in event.current_versions()])
    assert_laid_out_well(certificate_for(record, "en").pdf, [v.title for v in event.current_versions()])


@pytest.mark.parametrize("paragraphs", [1, 6, 7, 9, 12, 20, 21, 24, 35, 45])
def test_texts_of_any_length_leave_no_near_empty_page_and_no_orphaned_heading(app, paragraphs):
    event = make_event()
    first, second = (document for document in event.documents)
    first.revise("Deklarasi yang panjang", long_body(paragraphs))
    second.revise("Komitmen yang pendek", "Kami menolak politik uang.")
    db.session.commit()
    record = make_signature(event, full_name="Andi Muhammad Baso Daeng Patompo " * 3)
    assert_laid_out_well(certificate_for(record).pdf, ["Deklarasi yang panjang", "Komitmen yang pendek"])


@pytest.mark.parametrize(
    "name", ["A", "Andi Muhammad Baso Daeng Patompo Karaeng Bonto " * 4], ids=["short", "long"]
)
def test_a_long_name_position_and_institution_keep_page_one_whole(app, name):
    record = make_signature(
        make_event(), full_name=name[:200], position="Kepala " * 28, institution="Lembaga " * 25
    )
    pages = page_texts(certificate_for(record).pdf)
    assert squeeze(name[:200]) in squeeze(pages[0])
    assert record.certificate_label in pages[0] and "Diterbitkan oleh" in pages[0]
    assert "Lampiran" in pages[1]


def test_logos_of_any_shape_fit(app):
    event = organised_by(make_event(), "Polres Paser", logos=True)
    event.institutions[0].logo = logo_png(1200, 100)  # a very wide banner
    pdf = certificate_for(make_signature(event)).pdf
    assert images_on_page(pdf, 0) == 1  # the banner; the signature is paths
