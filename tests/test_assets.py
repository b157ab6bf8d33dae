"""Static files under content-hashed names, and compressed responses."""

import re

from tests.builders import make_event


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


def test_the_service_worker_is_served_from_the_root_and_never_cached_long(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert re.search(r"/assets/[0-9a-f]{10}/js/sign\.js", response.text)
