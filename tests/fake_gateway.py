"""A fake message gateway on 127.0.0.1: a thread with http.server that records each request.

It stands in for the WhatsApp Cloud API and for an SMS gateway alike; a test sets how it
answers (status, delay) and reads what it was sent.
"""

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pledge import messaging
from tests.conftest import make_app, opened


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict
    body: dict


class FakeGateway:
    def __init__(self):
        self.received = []
        self.status = 200
        self.delay = 0.0
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                gateway.received.append(Received("POST", self.path, dict(self.headers), body))
                time.sleep(gateway.delay)
                answer = json.dumps({"messages": [{"id": "wamid.test"}]}).encode()
                try:
                    self.send_response(gateway.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def sms_settings(gateway, bearer="sms-token"):
    return {
        "MESSAGING_PROVIDER": "sms",
        "SMS_GATEWAY_URL": f"{gateway.url}/send",
        "SMS_GATEWAY_TOKEN": bearer,
    }


def whatsapp_settings(gateway):
    return {
        "MESSAGING_PROVIDER": "whatsapp",
        "WHATSAPP_API_URL": f"{gateway.url}/v23.0",
        "WHATSAPP_PHONE_NUMBER_ID": "109876543210",
        "WHATSAPP_ACCESS_TOKEN": "wa-token",
    }


# --- fixtures for the tests that send messages (import them into the test module) --------------


@pytest.fixture
def gateway():
    with FakeGateway() as fake:
        yield fake


def app_with(tmp_path, **settings):
    """Yield an app on an empty database, waiting for its queued messages before closing."""
    opening = opened(make_app(tmp_path, WTF_CSRF_ENABLED=False, **settings))
    app = next(opening)
    try:
        yield app
    finally:
        messaging.wait()
        next(opening, None)


@pytest.fixture
def whatsapp_app(tmp_path, gateway):
    yield from app_with(tmp_path, **whatsapp_settings(gateway))


@pytest.fixture
def sms_app(tmp_path, gateway):
    yield from app_with(tmp_path, **sms_settings(gateway))
