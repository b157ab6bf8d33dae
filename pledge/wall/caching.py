"""Headers that let a cache in front of the app absorb a surge of readers.

Public pages and data are fresh for a few seconds and may be served stale while
the cache revalidates; a validator (ETag, Last-Modified) lets that revalidation
end in a 304 without a body.
"""

from flask import request

# (max-age, stale-while-revalidate) in seconds, per kind of response.
PAGE = (15, 60)
DATA = (15, 60)
DOWNLOAD = (60, 300)
LIVE = (1, 1)  # the live view promises new names within 3 s
STATIC = (3600, 86400)


def public(response, policy, last_modified=None, per_language=False):
    """Mark `response` publicly cacheable under `policy` and answer a conditional GET.

    A buffered body gets an ETag of its bytes; a streamed one must carry its own.
    `per_language` adds Vary: Cookie, the language being chosen by a cookie.
    """
    max_age, stale = policy
    response.headers["Cache-Control"] = f"public, max-age={max_age}, stale-while-revalidate={stale}"
    if per_language:
        response.vary.add("Cookie")
    if last_modified is not None:
        response.last_modified = last_modified
    if not response.is_streamed and not response.get_etag()[0]:
        response.add_etag()
    return response.make_conditional(request)


def open_data(response):
    """Let any web page read the data (it is public and needs no credentials)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def not_modified(etag, last_modified=None):
    """Return whether the request already holds the version `etag` names."""
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    if last_modified is not None and request.if_modified_since is not None:
        return last_modified.replace(microsecond=0) <= request.if_modified_since
    return False
