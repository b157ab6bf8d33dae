"""The sign page is light enough for weak mobile data, and works without its script."""

import re

import pytest
from sqlalchemy import select

from pledge.demo import load_demo
from pledge.extensions import db
from pledge.models import SignatureRecord
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

BUDGET_BYTES = 40 * 1024


def test_the_sign_page_weighs_under_40_kb_and_asks_no_other_origin(live_server, phone):
    event = load_demo()
    requests = []
    phone.on("request", lambda request: requests.append(request.url))
    phone.goto(f"{live_server}/e/{event.slug}/sign", wait_until="networkidle")
    sizes = phone.evaluate(
        "[performance.getEntriesByType('navigation')[0].decodedBodySize]"
        ".concat(performance.getEntriesByType('resource').map(e => e.decodedBodySize))"
    )
    total = sum(sizes)
    print(f"sign page weight: {total} bytes uncompressed over {len(sizes)} files")
    assert total <= BUDGET_BYTES
    assert requests and all(url.startswith(live_server) for url in requests)


def test_a_signer_without_javascript_signs_with_a_typed_signature(live_server, browser):
    event = load_demo()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server}/e/{event.slug}/sign")
    assert not page.locator("#signature-pad").is_visible()
    page.get_by_label("Nama lengkap").fill("Hj. Nur'aini")
    page.get_by_label("Jabatan").fill("Ketua Majelis Taklim")
    page.get_by_label("Instansi atau organisasi").fill("Majelis Taklim Kuaro")
    page.get_by_label("Unsur pemangku kepentingan").select_option("religious_leader")
    for version in event.current_versions():
        page.get_by_label(f"Saya telah membaca dan menyetujui “{version.title}”.").check()
    page.get_by_label("Tidak bisa menggambar? Ketik nama Anda sebagai tanda tangan").fill("Nur'aini")
    page.get_by_role("button", name="Tanda tangani deklarasi").click()
    page.wait_for_url(re.compile(r".*/s/[^/]+$"))
    screenshot(page, "signed-without-javascript-at-320px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    record = db.session.scalars(select(SignatureRecord)).one()
    assert record.signature_method == "typed" and record.full_name == "Hj. Nur'aini"
    context.close()
