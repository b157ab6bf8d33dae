"""The wall's blueprint."""

from flask import Blueprint

bp = Blueprint("wall", __name__)
