"""Every PDF the portal issues, rendered to PNG in tests/artifacts/pdfs/ for a person to look at.

Parsing a PDF tells what it says, not how it looks: these pictures are for the eye
(pdftoppm, from poppler-utils, which `make test` installs).
"""

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from pledge import printouts, transitions
from pledge.certificates.record import record_pdf
from pledge.certificates.store import certificate_for
from pledge.demo import load_demo
from pledge.extensions import db
from tests.builders import make_event, make_signature
from tests.console_builders import make_seat
from tests.document_builders import logo_png
from tests.pdfs import write_pngs

FOLDER = Path(__file__).resolve().parent.parent / "artifacts" / "pdfs"
GROUPS = ["camat", "religious_leader", "village_head", "police", "customary_leader"]
AREAS = ["64.01.03", "64.01.05", "64.01.04", "64.01.08"]

pytestmark = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is missing"
)


def look(pdf, stem):
    """Write the PNGs of `pdf` and check each is a real A4 picture with ink on it."""
    pictures = write_pngs(pdf, stem, FOLDER)
    assert pictures
    for picture in pictures:
        with Image.open(picture) as image:
            assert image.height > image.width  # A4 portrait
            assert image.convert("L").getextrema()[0] < 100  # something dark is printed
    return pictures


def demo_with_logos(app, logos=True):
    event = load_demo()
    if logos:
        event.institutions[0].logo = logo_png(400, 400, (20, 40, 110, 255))
        event.institutions[1].logo = logo_png(640, 300, (170, 25, 25, 255))
        db.session.commit()
    return event


def signatories(event, count):
    return [
        make_signature(
            event,
            phone=f"+628120{n:06d}",
            full_name=f"Penanda Tangan Nomor {n + 1} bin Fulan",
            position="Kepala Desa" if n % 3 else "Camat",
            institution=f"Pemerintah Desa Sungai Nomor {n + 1}",
            category=GROUPS[n % len(GROUPS)],
            area_code=AREAS[n % len(AREAS)],
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("logos", [True, False], ids=["logos", "no-logos"])
def test_certificates_valid_and_dicabut(app, logos):
    event = demo_with_logos(app, logos)
    valid, revoked = signatories(event, 2)
    transitions.revoke(revoked, "Ditandatangani atas nama orang lain", "panitia")
    suffix = "logos" if logos else "no-logos"
    for language in ("id", "en"):
        look(certificate_for(valid, language).pdf, f"certificate-{language}-{suffix}")
        look(certificate_for(revoked, language).pdf, f"certificate-dicabut-{language}-{suffix}")


@pytest.mark.parametrize("count", [0, 3, 60])
def test_official_records(app, count):
    event = demo_with_logos(app)
    records = signatories(event, count)
    if count:
        transitions.erase(records[1], actor="panitia")
    for language in ("id", "en"):
        out = io.BytesIO()
        record_pdf(event, out, language=language)
        look(out.getvalue(), f"record-{count}-{language}")


def test_a_record_without_officials_or_logos(app):
    event = make_event(place="Gedung Serbaguna, Tanah Grogot", organisers=("Bawaslu Kabupaten Paser",))
    signatories(event, 3)
    out = io.BytesIO()
    record_pdf(event, out)
    look(out.getvalue(), "record-no-officials")


def test_invitation_cards_and_poster(app):
    event = demo_with_logos(app)
    seats = [
        make_seat(event, institution=institution, position=position, area_code=None)
        for institution, position in [
            ("Kecamatan Kuaro", "Camat Kuaro"),
            ("Majelis Ulama Indonesia Kabupaten Paser", "Ketua"),
            ("Lembaga Adat Paser", "Ketua Lembaga Adat"),
            ("Pemerintah Desa Muara Komam, Kecamatan Muara Komam, Kabupaten Paser", "Kepala Desa"),
            ("Bawaslu Kabupaten Paser", ""),
            ("Kodim 0904/Paser", "Komandan Kodim"),
            ("Kejaksaan Negeri Paser", "Kepala Kejaksaan Negeri"),
            ("Komite Nasional Pemuda Indonesia Kabupaten Paser", "Ketua"),
        ]
    ]
    invitations = [(seat, f"https://damai.example.id/i/{'x' * 60}{seat.id}") for seat in seats]
    sign_url = f"https://damai.example.id/e/{event.slug}/sign"
    for language in ("id", "en"):
        look(printouts.invitation_cards(event, invitations, language), f"cards-{language}")
        look(printouts.poster(event, sign_url, language), f"poster-{language}")
