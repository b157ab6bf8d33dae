"""Security headers on every response.

The Content-Security-Policy allows only this site's own scripts, styles and images
(plus data: images, which the signature pad previews), forbids framing, and sends
forms only back to this site.
"""

from flask import request

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "form-action 'self'",
        "base-uri 'none'",
    ]
)
HSTS = "max-age=31536000; includeSubDomains"


def add_headers(response):
    response.headers.setdefault("Content-Security-Policy", f"{CSP}; frame-ancestors 'none'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def register(app):
    app.after_request(add_headers)
