"""The venue's projector shows each new signatory within seconds, and rides out outages."""

import threading
import time

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.browser.conftest import screenshot
from tests.builders import make_event, make_signature

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
