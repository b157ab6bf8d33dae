"""Language choice and the date filters templates use."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, redirect, request
from flask_babel import force_locale, get_locale

from pledge.dates import format_day, format_moment
from pledge.reference import OFFICIAL_LANGUAGE, category_label, document_kind

LANG_COOKIE = "lang"
bp = Blueprint("i18n", __name__)


def select_locale():
    """Indonesian unless the person chose English with the switch.

    The browser's Accept-Language is not used: many phones in Indonesia are set to
    English while their owners read Indonesian best.
    """
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def pdf_language():
    """Return the language a PDF is asked for: `?lang=` on its URL, else the official one.

    The interface's language (the cookie) is not used: a PDF is printed, filed and
    shown to others, so it is Indonesian unless someone asks for English on purpose.
    A code that is not one of LANGUAGES is a 404, not a quiet fallback.
    """
    language = request.args.get("lang", OFFICIAL_LANGUAGE)
    if language not in current_app.config["LANGUAGES"]:
        abort(404)
    return language


def in_language(text, language):
    """Return a lazy `text` (`_l(...)`) written in `language`, whatever the interface's."""
    with force_locale(language):
        return str(text)


def current_language():
    return str(get_locale() or "id")


def format_moment_here(moment, tz_name):
    return format_moment(moment, tz_name, current_language())


def format_day_here(day):
    return format_day(day, current_language())


def safe_next(target):
    """Return `target` when it is a path on this site, else "/".

    Browsers drop tabs and line breaks from a URL ("/\t/evil.example" becomes
    "//evil.example", another site) and a header cannot hold them: any control
    character or backslash makes the target unsafe.
    """
    if (
        not target
        or "\\" in target
        or any(ord(character) < 32 or ord(character) == 127 for character in target)
    ):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@bp.get("/lang/<code>")
def switch(code):
    response = redirect(safe_next(request.args.get("next")), 303)
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def register_template_helpers(app):
    app.jinja_env.filters["moment"] = format_moment_here
    app.jinja_env.filters["day"] = format_day_here
    app.jinja_env.globals["category_label"] = category_label
    app.jinja_env.globals["document_kind"] = document_kind
    app.jinja_env.globals["current_language"] = current_language
