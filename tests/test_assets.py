"""Static files under content-hashed names, and compressed responses."""

import re
from pathlib import Path

import pytest

from tests.builders import make_event

ROOT = Path(__file__).resolve().parent.parent


def test_static_files_carry_their_content_hash_and_are_cached_for_a_year(client):
    make_event()
    page = client.get("/").text
    [css] = re.findall(r'href="(/assets/[0-9a-f]{10}/css/app\.css)"', page)
    with client.get(css) as response:
        assert response.status_code == 200 and response.mimetype == "text/css"
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert "immutable" in response.headers["Cache-Control"]


def test_a_stale_hash_still_serves_the_file_but_briefly(client):
    with client.get("/assets/0000000000/css/app.css") as response:
        assert response.status_code == 200
        assert "immutable" not in response.headers["Cache-Control"]


def test_files_outside_the_static_folder_are_not_served(client):
    for url in (
        "/assets/0000000000/../../wsgi.py",
        "/assets/0000000000/..%2F..%2Fwsgi.py",
        "/assets/x/nope.js",
    ):
        assert client.get(url).status_code == 404


def test_pages_are_compressed_for_phones_that_accept_it(client):
    event = make_event()
    for encoding in ("br", "gzip"):
        response = client.get(f"/e/{event.slug}/sign", headers={"Accept-Encoding": encoding})
        assert response.headers["Content-Encoding"] == encoding


@pytest.mark.parametrize(("accepted", "encoding"), [("br, gzip", "br"), ("gzip", "gzip")])
def test_scripts_and_styles_are_compressed_once_at_the_highest_level(client, accepted, encoding):
    import gzip

    import brotli

    for name in ("css/app.css", "js/sign.js"):
        with client.get(f"/assets/0000000000/{name}", headers={"Accept-Encoding": accepted}) as response:
            assert response.headers["Content-Encoding"] == encoding
            assert "Accept-Encoding" in response.headers["Vary"]
            body = response.get_data()
        plain = (ROOT / "pledge" / "static" / name).read_bytes()
        assert (brotli.decompress(body) if encoding == "br" else gzip.decompress(body)) == plain
        assert len(body) < len(plain) / 2


def test_a_browser_that_takes_no_compression_gets_the_file_as_it_is(client):
    with client.get("/assets/0000000000/js/sign.js", headers={"Accept-Encoding": "identity"}) as response:
        assert "Content-Encoding" not in response.headers
        assert response.get_data() == (ROOT / "pledge" / "static" / "js" / "sign.js").read_bytes()


def test_the_service_worker_is_served_from_the_root_and_never_cached_long(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert re.search(r"/assets/[0-9a-f]{10}/js/sign\.js", response.text)
