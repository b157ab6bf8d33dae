"""The seal works wherever it is called, an asyncio event loop running or not."""

import asyncio
import contextvars
import threading

from pledge.certificates import seal
from pledge.certificates.store import build_certificate
from tests.builders import make_event, make_signature


def test_sealing_and_checking_work_inside_a_running_event_loop(app):
    record = make_signature(make_event())

    async def inside_a_loop():
        pdf = build_certificate(record)
        return seal.check_seal(pdf).check

    # A thread of its own, carrying the app context, so the loop is surely ours.
    context = contextvars.copy_context()
    answers = []
    thread = threading.Thread(target=lambda: answers.append(context.run(asyncio.run, inside_a_loop())))
    thread.start()
    thread.join(timeout=60)
    assert answers == [seal.SealCheck.INTACT]
