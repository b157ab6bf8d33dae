"""Sending a message to a signer's phone: the certificate link after signing, recovery codes.

Optional: without MESSAGING_PROVIDER nothing is ever sent and nothing says it is. Two
gateways, one interface (`send(message)`):

- `WhatsAppCloud`, the WhatsApp Business Cloud API: POST {WHATSAPP_API_URL}/{phone
  number id}/messages with a bearer token and a template message (WhatsApp accepts
  only approved templates from a business to a person who has not written first).
- `SmsGateway`, a plain HTTP gateway: POST {"to", "message"} as JSON to SMS_GATEWAY_URL,
  with a bearer token when SMS_GATEWAY_TOKEN is set.

Sending happens in a small per-process thread pool, off the request's path: a slow or
failing gateway never slows signing, a failure is logged (never a 500), and how long
an answer takes never tells whether anything was sent. `wait()` lets tests (and a
command) wait for what is queued.
"""

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures
from dataclasses import dataclass

import httpx
from flask import current_app

log = logging.getLogger(__name__)

# Messages are few (one per signature, a code now and then): two threads keep a slow
# gateway from holding up the next message without letting a burst open many connections.
_WORKERS = 2


@dataclass(frozen=True)
class Message:
    """One message to one phone: template parameters for WhatsApp, plain text for SMS.

    `kind` is "code" (a recovery code) or "link" (the certificate's private link).
    """

    kind: str
    phone: str  # E.164, e.g. +6281234567890
    parameters: tuple[str, ...]
    text: str


class SendFailed(Exception):
    """The gateway refused the message or could not be reached."""


class WhatsAppCloud:
    """The WhatsApp Business Cloud API (Meta's Graph API)."""

    channel = "whatsapp"

    def __init__(self, config):
        base = config["WHATSAPP_API_URL"].rstrip("/")
        self.url = f"{base}/{config['WHATSAPP_PHONE_NUMBER_ID']}/messages"
        self.token = config["WHATSAPP_ACCESS_TOKEN"]
        self.templates = {"code": config["WHATSAPP_TEMPLATE_CODE"], "link": config["WHATSAPP_TEMPLATE_LINK"]}
        self.language = config["WHATSAPP_TEMPLATE_LANGUAGE"]
        self.timeout = config["MESSAGING_TIMEOUT"]

    def body(self, message):
        """Return the JSON body of a template message.

        An authentication template (the code) repeats the code as the parameter of its
        copy-code button; a utility template (the link) has body parameters only.
        """
        text = [{"type": "text", "text": value} for value in message.parameters]
        components = [{"type": "body", "parameters": text}]
        if message.kind == "code":
            components.append({"type": "button", "sub_type": "url", "index": "0", "parameters": text[:1]})
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": message.phone.removeprefix("+"),
            "type": "template",
            "template": {
                "name": self.templates[message.kind],
                "language": {"code": self.language},
                "components": components,
            },
        }

    def send(self, message):
        headers = {"Authorization": f"Bearer {self.token}"}
        _post(self.url, self.body(message), headers, self.timeout)


class SmsGateway:
    """A plain HTTP SMS gateway: {"to": "+62…", "message": "…"}."""

    channel = "sms"

    def __init__(self, config):
        self.url = config["SMS_GATEWAY_URL"]
        self.token = config["SMS_GATEWAY_TOKEN"]
        self.timeout = config["MESSAGING_TIMEOUT"]

    def send(self, message):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        _post(self.url, {"to": message.phone, "message": message.text}, headers, self.timeout)


GATEWAYS = {"whatsapp": WhatsAppCloud, "sms": SmsGateway}


def _post(url, body, headers, timeout):
    try:
        response = httpx.post(url, json=body, headers=headers, timeout=timeout)
    except httpx.HTTPError as error:
        raise SendFailed(type(error).__name__) from None
    if not response.is_success:
        raise SendFailed(f"HTTP {response.status_code}: {response.text[:200]}")


def gateway(config=None):
    """Return the configured gateway, or None when none is (nothing is then sent)."""
    config = config if config is not None else current_app.config
    provider = GATEWAYS.get(config.get("MESSAGING_PROVIDER") or "")
    return provider(config) if provider else None


def channel():
    """Return "whatsapp", "sms" or None: what the pages promise a signer."""
    found = gateway()
    return found.channel if found else None


# --- sending off the request's path ---------------------------------------------

_lock = threading.Lock()
_pool = {"pid": None, "executor": None, "pending": set()}


def _executor():
    """The process's pool, made on first use (a pool made before gunicorn forks has no threads)."""
    with _lock:
        if _pool["pid"] != os.getpid():
            _pool.update(
                pid=os.getpid(),
                executor=ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="messaging"),
                pending=set(),
            )
        return _pool["executor"]


def submit(job, *args):
    """Run `job(*args)` in the pool; an exception it raises is logged, never raised here."""
    future = _executor().submit(_guarded, job, *args)
    with _lock:
        _pool["pending"].add(future)
    future.add_done_callback(_forget)
    return future


def _forget(future):
    with _lock:
        _pool["pending"].discard(future)


def _guarded(job, *args):
    try:
        job(*args)
    except Exception:
        log.exception("background messaging job failed")


def wait(timeout=10):
    """Wait until every queued job of this process has run (tests, commands); return whether all did."""
    with _lock:
        pending = set(_pool["pending"]) if _pool["pid"] == os.getpid() else set()
    _, not_done = wait_for_futures(pending, timeout=timeout)
    return not not_done


def deliver(sender, message):
    """Send `message` through `sender` (a gateway); log a failure instead of raising it."""
    try:
        sender.send(message)
    except SendFailed as failed:
        log.warning("%s message to %s not sent: %s", message.kind, masked(message.phone), failed)
        return False
    log.info("%s message sent to %s by %s", message.kind, masked(message.phone), sender.channel)
    return True


def masked(phone):
    """A phone number as logs show it: the country code and the last three digits."""
    return f"{phone[:3]}…{phone[-3:]}" if phone and len(phone) > 6 else "…"
