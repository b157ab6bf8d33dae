"""A record's public fingerprint is a salted commitment: only the signer can open it.

The attacker here is the curious member of the public of issue 15: they know everything
the wall and /verify show of a signer who kept their name private (or had it erased),
even the position and institution, and try 1,000 names.
"""

import hashlib
import json
import re

import pytest

from pledge import transitions
from pledge.certificates.store import certificate_for
from pledge.models import SignatureRecord
from pledge.tokens import signer_token
from tests.builders import make_event, make_signature
from tests.pdfs import pdf_text

pytestmark = pytest.mark.usefixtures("app")

TRUE_NAME = "Hj. Rahmawati Yusuf"
FIRST = ["Andi", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hadi", "Indah", "Joko",
         "Kartika", "Lestari", "Made", "Nur", "Oki", "Putri", "Rahmat", "Sari", "Teguh", "Wahyu",
         "Yusuf", "Zainal", "Agus", "Bambang", "Hj. Rahmawati"]  # fmt: skip
LAST = ["Santoso", "Wijaya", "Hidayat", "Saputra", "Kurniawan", "Pratama", "Nugroho", "Siregar",
        "Lubis", "Nasution", "Harahap", "Daeng", "Yusuf", "Rahman", "Hakim", "Syahputra", "Putra",
        "Utami", "Lestari", "Anwar", "Basri", "Salim", "Tanjung", "Ginting", "Sembiring", "Tarigan",
        "Pohan", "Manurung", "Simanjuntak", "Hutapea", "Panjaitan", "Sitompul", "Rangkuti", "Daulay",
        "Batubara", "Matondang", "Ritonga", "Pane", "Dalimunthe", "Rambe"]  # fmt: skip


def guesses():
    """1,000 names, the true one among them."""
    names = [f"{first} {last}" for first in FIRST for last in LAST][:1000]
    assert TRUE_NAME in names and len(set(names)) == 1000
    return names


def content_with(record_content, name):
    """The canonical content an attacker writes for a guessed name (everything else known)."""
    content = json.loads(record_content)
    content["full_name"] = name
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def matches(record_content, surfaces, salt=b""):
    """Return the guessed names whose fingerprint (SHA-256 of salt ‖ content) a surface shows."""
    return [
        name
        for name in guesses()
        if hashlib.sha256(salt + content_with(record_content, name)).hexdigest() in surfaces
    ]


def public_surfaces(client, record):
    """Every public answer about the event and the record, concatenated."""
    slug = record.event.slug
    pages = [
        f"/verify/{record.certificate_number}",
        f"/verify?number={record.certificate_number}",
        f"/e/{slug}/signatories",
        f"/e/{slug}/signatories.json",
        f"/e/{slug}/signatories.csv",
        f"/e/{slug}/live.json",
        f"/e/{slug}/log.json",
    ]
    answers = [client.get(page, follow_redirects=True) for page in pages]
    assert all(answer.status_code == 200 for answer in answers)
    return "\n".join(answer.text for answer in answers)


def hidden_signer():
    return make_signature(
        make_event(), show_name=False, full_name=TRUE_NAME, position="Kepala Desa Songka",
        institution="Pemerintah Desa Songka",
    )  # fmt: skip


def test_the_fingerprint_is_sha256_of_the_salt_then_the_content():
    record = hidden_signer()
    assert re.fullmatch("[0-9a-f]{64}", record.salt)
    expected = hashlib.sha256(
        bytes.fromhex(record.salt) + record.public_content().encode("utf-8")
    ).hexdigest()
    assert record.fingerprint() == expected
    unsalted = hashlib.sha256(record.public_content().encode("utf-8")).hexdigest()
    assert record.fingerprint() != unsalted


def test_every_record_gets_its_own_salt():
    event = make_event()
    salts = {make_signature(event, phone=f"+62812345678{n:02d}").salt for n in range(20)}
    assert len(salts) == 20


def test_a_hidden_signers_name_cannot_be_confirmed_from_any_public_surface(client):
    record = hidden_signer()
    content, salt = record.public_content(), bytes.fromhex(record.salt)
    surfaces = public_surfaces(client, record)
    assert TRUE_NAME not in surfaces and record.salt not in surfaces
    assert matches(content, surfaces) == []
    # The same search with the salt finds the signer: the test would see a leak.
    assert matches(content, surfaces, salt) == [TRUE_NAME]


def test_an_erased_signers_name_cannot_be_confirmed_from_any_public_surface(client):
    record = make_signature(make_event(), show_name=True, full_name=TRUE_NAME)
    content, salt = record.public_content(), bytes.fromhex(record.salt)
    transitions.erase(record, "organiser")
    surfaces = public_surfaces(client, record)
    assert TRUE_NAME not in surfaces
    assert matches(content, surfaces) == []
    assert matches(content, surfaces, salt) == [TRUE_NAME]  # the signature's log entry, as signed


def test_an_erasure_destroys_the_salt_and_commits_to_nothing_personal():
    record = make_signature(make_event(), show_name=True, full_name=TRUE_NAME, position="Camat Kuaro")
    signed = record.fingerprint()
    transitions.erase(record, "organiser")
    stored = SignatureRecord.by_certificate_number(record.certificate_number)
    assert stored.salt is None and stored.full_name == ""
    content = json.loads(stored.public_content())
    assert (content["full_name"], content["position"], content["institution"]) == ("", "", "")
    assert stored.signed_fingerprint == signed  # the certificate's fingerprint is still recognised
    assert stored.fingerprint() == hashlib.sha256(stored.public_content().encode("utf-8")).hexdigest()


def test_the_signers_page_gives_the_salt_to_open_the_fingerprint(client):
    record = hidden_signer()
    client.get("/lang/en")
    page = client.get(f"/s/{signer_token(record)}")
    assert page.status_code == 200
    assert "Proof of your entry" in page.text
    assert f'<code id="salt">{record.salt}</code>' in page.text
    assert f'<code id="fingerprint">{record.fingerprint()}</code>' in page.text


@pytest.mark.parametrize(
    ("language", "words"), [("id", "komitmen"), ("en", "commitment")]
)  # fmt: skip
def test_the_certificate_annex_prints_the_salt(language, words):
    record = hidden_signer()
    text = pdf_text(certificate_for(record, language).pdf)
    grouped = " ".join(re.findall(".{8}", record.salt))
    assert grouped in text and words in text
