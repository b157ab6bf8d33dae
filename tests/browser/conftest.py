"""A live server on 127.0.0.1 and headless Debian Chromium driven by Playwright."""

import itertools
import math
import re
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_app, opened
from tests.console_builders import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

AGREE = "Saya telah membaca dan menyetujui “{title}”."
SHOW_NAME = "Tampilkan nama saya di daftar penanda tangan yang terbuka untuk umum"
TYPE_INSTEAD = "Tidak bisa menggambar? Ketik nama Anda sebagai tanda tangan"
SIGN = "Tanda tangani deklarasi"


@pytest.fixture
def live_app(tmp_path):
    yield from opened(make_app(tmp_path))


@pytest.fixture
def live_server(live_app):
    """Serve the app in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page_on(browser, **device):
    """Yield a page in a browser context of its own, set up as `device`, in Indonesia."""
    context = browser.new_context(locale="id-ID", **device)
    yield context.new_page()
    context.close()


PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (Linux; Android 11; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36",
}


@pytest.fixture
def phone(browser):
    """A page in a mid-range Android phone's viewport, with touch."""
    yield from _page_on(browser, **PHONE)


@pytest.fixture
def tablet(browser):
    """A page on the venue's kiosk tablet, held upright, with touch."""
    yield from _page_on(browser, viewport={"width": 800, "height": 1280}, is_mobile=True, has_touch=True)


@pytest.fixture
def desk(browser):
    """A page on an organiser's desktop screen."""
    yield from _page_on(browser, viewport={"width": 1280, "height": 900})


@pytest.fixture
def projector(browser):
    """A full-HD screen, as a laptop on a venue's projector shows it."""
    yield from _page_on(browser, viewport={"width": 1920, "height": 1080})


def log_in(page, base, password=PASSWORD, landing="**/admin/"):
    """Log in through the console's form as the organiser that make_organiser() creates."""
    page.goto(f"{base}/admin/login")
    page.get_by_label("Email").fill("panitia@paser.go.id")
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(landing)
    page.wait_for_load_state()


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


FINGER_STEP_PX = 8  # how far a finger moves between two touch events, as a phone reports them


def touch_stroke(page, selector, points):
    """Draw a stroke with a finger through CDP touch events; points are 0..1 of the box.

    The finger passes through the points in small steps, as a real one does: one jump
    across the box reads to Chromium as a fling, which then swallows the next tap.
    """
    target = page.locator(selector)
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    cdp = page.context.new_cdp_session(page)

    def at(fraction):
        return {"x": box["x"] + fraction[0] * box["width"], "y": box["y"] + fraction[1] * box["height"]}

    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [at(points[0])]})
    for start, end in itertools.pairwise(points):
        a, b = at(start), at(end)
        steps = max(1, math.ceil(math.dist((a["x"], a["y"]), (b["x"], b["y"])) / FINGER_STEP_PX))
        for step in range(1, steps + 1):
            point = {axis: a[axis] + (b[axis] - a[axis]) * step / steps for axis in ("x", "y")}
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def send_status_texts(page):
    """Return a list that fills with each text the sign button's status shows, in order,
    those shown only for a moment before the next page opens included. Call before goto."""
    texts = []
    page.expose_function("__sendStatus", lambda text: texts.append(text))
    page.add_init_script(
        "let shown = '';"
        "new MutationObserver(() => { const s = document.getElementById('send-status');"
        " if (s && s.textContent && s.textContent !== shown) { shown = s.textContent; window.__sendStatus(shown); } })"
        ".observe(document, {subtree: true, childList: true, characterData: true});"
    )
    return texts


def agree_to_everything(page, event):
    for version in event.current_versions():
        page.get_by_label(AGREE.format(title=version.title)).check()


def fill_sign_form(
    page,
    event,
    name,
    position,
    organisation,
    group,
    *,
    area=None,
    phone=None,
    typed=None,
    show_name=True,
):
    """Fill the sign form as a signer would, by its labels; the signature is left to the caller
    unless typed is given."""
    page.get_by_label("Nama lengkap").fill(name)
    page.get_by_label("Jabatan").fill(position)
    page.get_by_label("Instansi atau organisasi").fill(organisation)
    page.get_by_label("Unsur pemangku kepentingan").select_option(group)
    if area:
        page.get_by_label(re.compile(r"^(Kecamatan|Kabupaten/kota) \(tidak wajib\)$")).select_option(area)
    if phone:
        page.get_by_label("Nomor WhatsApp").fill(phone)
    agree_to_everything(page, event)
    if show_name:
        page.get_by_label(SHOW_NAME).check()
    if typed:
        page.get_by_label(TYPE_INSTEAD).fill(typed)


def axe_blocking(page, name):
    """Run axe-core on the page; return its serious or critical violations, described.

    Every result is appended to tests/artifacts/axe.txt for a person to read.
    """
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "axe.txt").open("a") as report:
        summary = ", ".join(f"{v['id']} ({v['impact']})" for v in violations) or "no violations"
        report.write(f"{name}: {summary}\n")
    return [
        f"{name}: {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def assert_accessible(page, name):
    """Run axe-core on the page; fail on any serious or critical violation."""
    blocking = axe_blocking(page, name)
    assert blocking == [], "; ".join(blocking)
