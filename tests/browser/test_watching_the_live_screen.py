"""The venue's projector shows each new signatory within seconds, and rides out outages."""

import threading
import time

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from pledge.wall.live import LATEST
from tests.browser.conftest import screenshot
from tests.builders import make_event, make_signature
from tests.wall_builders import make_signatures

pytestmark = pytest.mark.browser


class RestartableServer:
    """The app served in a thread on a fixed port, which a test can stop and start again."""

    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.port = self.server.server_port
        self._run()

    def _run(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def start(self):
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self._run()


@pytest.fixture
def restartable_server(live_app):
    server = RestartableServer(live_app)
    yield server
    server.stop()


def test_a_new_signatory_appears_on_the_projector_within_three_seconds(live_server, projector):
    event = make_event()
    make_signature(event, phone="+6281200000001", full_name="Andi Baso")
    projector.goto(f"{live_server}/e/{event.slug}/live")
    names = projector.locator("#live-list .live-name")
    expect(names.first).to_have_text("Andi Baso")
    expect(projector.locator("#live-total")).to_have_text("1")

    make_signature(event, phone="+6281200000002", full_name="Siti <b>Aminah</b>")
    signed = time.monotonic()
    expect(names.first).to_have_text("Siti <b>Aminah</b>", timeout=3000)
    assert time.monotonic() - signed <= 3
    expect(projector.locator("#live-total")).to_have_text("2")
    expect(projector.locator("#live-list .live-item.fresh")).to_have_count(1)

    make_signature(
        event, phone="+6281200000003", show_name=False, full_name="Nama Rahasia", area_code="64.01.05"
    )
    expect(names.first).to_have_text("Seorang penanda tangan", timeout=3000)
    assert "Nama Rahasia" not in projector.content()
    expect(projector.locator("#live-list .live-item.fresh")).to_have_count(1)  # only the newest stands out
    expect(names).to_have_text(["Seorang penanda tangan", "Siti <b>Aminah</b>", "Andi Baso"])
    expect(projector.get_by_role("img", name="Kode QR menuju halaman tanda tangan")).to_be_visible()
    screenshot(projector, "the-live-screen-at-the-venue")


def test_the_projector_reconnects_by_itself_after_a_network_hiccup(live_server, projector):
    event = make_event()
    projector.goto(f"{live_server}/e/{event.slug}/live")
    expect(projector.locator("#live-total")).to_have_text("0")

    projector.route("**/live.json", lambda route: route.abort("internetdisconnected"))
    expect(projector.locator("#live-status")).to_be_visible(timeout=5000)
    make_signature(event, phone="+6281200000001", full_name="Datang Saat Putus")
    projector.unroute("**/live.json")

    expect(projector.locator("#live-list .live-name").first).to_have_text("Datang Saat Putus", timeout=15000)
    expect(projector.locator("#live-status")).to_be_hidden()


def test_the_projector_carries_on_after_the_server_restarts(restartable_server, projector):
    event = make_event()
    projector.goto(f"{restartable_server.url}/e/{event.slug}/live")
    expect(projector.locator("#live-total")).to_have_text("0")

    restartable_server.stop()
    expect(projector.locator("#live-status")).to_be_visible(timeout=5000)
    make_signature(event, phone="+6281200000001", full_name="Setelah Mulai Ulang")
    restartable_server.start()

    expect(projector.locator("#live-list .live-name").first).to_have_text(
        "Setelah Mulai Ulang", timeout=15000
    )
    expect(projector.locator("#live-total")).to_have_text("1")
    expect(projector.locator("#live-status")).to_be_hidden()


# Read in the page: the list's box, the cards shown and, shown for a moment, the first hidden one.
FIT = """() => {
  const list = document.getElementById('live-list');
  const shown = [...list.children].filter(li => !li.hidden);
  const next = list.querySelector('li[hidden]');
  const box = list.getBoundingClientRect();
  let nextBottom = null;
  if (next) { next.hidden = false; nextBottom = next.getBoundingClientRect().bottom; next.hidden = true; }
  const last = shown[shown.length - 1].getBoundingClientRect();
  return {
    shown: shown.length, listBottom: box.bottom, lastTop: last.top, lastBottom: last.bottom, nextBottom,
    scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight, innerWidth, innerHeight],
    qr: document.querySelector('.live-side img').getBoundingClientRect().bottom,
    url: document.querySelector('.live-url').getBoundingClientRect().bottom,
  };
}"""


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_the_venue_screen_fits_exactly_as_many_whole_cards_as_it_holds(live_server, browser, width, height):
    event = make_event()
    make_signatures(event, LATEST + 2, position="Ketua Rukun Tetangga", institution="Kelurahan Tanah Grogot")
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{live_server}/e/{event.slug}/live")
    expect(page.locator("#live-list .live-name").first).to_have_text(f"Penanda {LATEST + 1:03d}")

    # Only the declaration on the screen: no site header, language switch or footer.
    for chrome in ("header.site", "nav.lang", "footer.site", "#offline-status"):
        assert page.locator(chrome).count() == 0, chrome
    expect(page.get_by_role("img", name="Kode QR menuju halaman tanda tangan")).to_be_in_viewport(ratio=1)
    expect(page.locator("#live-total")).to_have_text(str(LATEST + 2))

    fit = page.evaluate(FIT)
    scroll_width, scroll_height, inner_width, inner_height = fit["scroll"]
    assert scroll_width <= inner_width and scroll_height <= inner_height  # it never scrolls
    assert fit["qr"] <= inner_height and fit["url"] <= inner_height
    assert fit["shown"] < LATEST  # the feed sent more than fit
    assert fit["lastBottom"] <= fit["listBottom"] <= inner_height  # the last card whole
    assert fit["nextBottom"] > fit["listBottom"]  # and one more would be cut
    screenshot(page, f"the-live-screen-{width}x{height}")

    # A new arrival goes on top; the card it pushes down is hidden whole, not cut.
    make_signature(event, phone=None, full_name="Baru Datang")
    expect(page.locator("#live-list .live-name").first).to_have_text("Baru Datang", timeout=3000)
    after = page.evaluate(FIT)
    assert after["shown"] == fit["shown"] and after["lastBottom"] <= after["listBottom"]
    context.close()
