"""The WSGI entry point: `gunicorn wsgi:app`."""

from pledge import create_app

app = create_app()
