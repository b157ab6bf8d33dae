"""The service worker that keeps event pages and the sign form available offline."""

from flask import Blueprint, make_response, render_template

from pledge.assets import asset

bp = Blueprint("offline", __name__)

# Files every event page needs; the worker keeps them from its first visit.
PRECACHE = ("css/app.css", "js/offline.js", "js/sign.js")


@bp.get("/sw.js")
def service_worker():
    urls = [asset(name) for name in PRECACHE]
    version = "-".join(url.split("/")[2] for url in urls)
    body = render_template("offline/sw.js", urls=urls, version=version)
    response = make_response(body)
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    response.headers["Cache-Control"] = "no-cache"
    return response
