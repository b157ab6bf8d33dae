"""The console's blueprint, at /admin; its views add their routes to it."""

from flask import Blueprint

bp = Blueprint("console", __name__, url_prefix="/admin")
