"""The seal works wherever it is called, an asyncio event loop running or not."""

import asyncio

from pledge.certificates import seal
from pledge.certificates.store import build_certificate
from tests.builders import make_event, make_signature


def test_sealing_and_checking_work_inside_a_running_event_loop(app):
    record = make_signature(make_event())

    async def inside_a_loop():
        pdf = build_certificate(record)
        return seal.check_seal(pdf).check

    assert asyncio.run(inside_a_loop()) == seal.SealCheck.INTACT
