"""Static files under content-hashed names, cached for a year by phones and proxies.

`asset("css/app.css")` gives `/assets/3f2a9c1b7e/css/app.css`; the digest changes
whenever the file does, so a phone never keeps a stale script and never fetches an
unchanged one again. Scripts and styles are compressed once per process at the highest
level (Brotli, else gzip): on weak mobile data a third of the bytes is a second saved.
"""

import gzip
import hashlib
import mimetypes
from functools import cache
from pathlib import Path

import brotli
from flask import Blueprint, abort, current_app, make_response, request, send_from_directory, url_for
from werkzeug.security import safe_join

bp = Blueprint("assets", __name__)
ONE_YEAR = 365 * 24 * 3600


@cache
def _file_digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def content_digest(filename):
    """Return the content digest of a file in the static folder, or None if there is none."""
    path = safe_join(current_app.static_folder, filename)
    if path is None or not Path(path).is_file():
        return None
    return _file_digest(path)


def asset(filename):
    """Return the content-hashed URL of a static file."""
    digest = content_digest(filename)
    if digest is None:
        raise FileNotFoundError(filename)
    return url_for("assets.hashed", digest=digest, filename=filename)


COMPRESSIBLE = (".css", ".js", ".svg")


@cache
def _encoded(path, digest, encoding):
    """The file at `path` (its content named by `digest`) compressed with `encoding`, once."""
    data = Path(path).read_bytes()
    if encoding == "br":
        return brotli.compress(data, quality=11)
    return gzip.compress(data, compresslevel=9, mtime=0)


def _compressed(path, filename, digest):
    """Return a response of the file compressed for this browser, or None when it takes neither."""
    encoding = next((name for name in ("br", "gzip") if name in request.accept_encodings), None)
    if encoding is None or not filename.endswith(COMPRESSIBLE):
        return None
    response = make_response(_encoded(path, digest, encoding))
    response.mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.set_etag(f"{digest}-{encoding}")
    return response.make_conditional(request)


@bp.get("/assets/<digest>/<path:filename>")
def hashed(digest, filename):
    """Serve a static file, compressed when it is text; cache it for a year when the digest is current."""
    current = content_digest(filename)
    if current is None:
        abort(404)
    path = safe_join(current_app.static_folder, filename)
    response = _compressed(path, filename, current) or send_from_directory(
        current_app.static_folder, filename, max_age=60
    )
    if digest == current:
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.public = True
        response.cache_control.immutable = True
    else:
        response.cache_control.max_age = 60
    return response


def register(app):
    app.jinja_env.globals["asset"] = asset
    app.register_blueprint(bp)
