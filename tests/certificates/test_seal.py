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


def seal_loops():
    return [thread for thread in threading.enumerate() if thread.name == "pledge-seal-loop"]


def test_the_seals_and_checks_of_the_main_thread_run_on_one_event_loop_it_keeps(app):
    record = make_signature(make_event())
    threads_before = threading.active_count()
    pdfs = [build_certificate(record) for _ in range(3)]
    first = seal._LOOP._main_loop()
    assert [seal.check_seal(pdf).check for pdf in pdfs] == [seal.SealCheck.INTACT] * 3
    assert seal._LOOP._main_loop() is first and not first.is_closed()
    assert threading.active_count() == threads_before  # no thread per seal, nor a loop thread


def test_other_threads_and_callers_inside_a_loop_share_the_process_loop_thread(app):
    record = make_signature(make_event())

    async def inside_a_loop():
        return seal.check_seal(build_certificate(record)).check

    context = contextvars.copy_context()
    answers = []
    for _ in range(2):
        thread = threading.Thread(target=lambda: answers.append(context.run(asyncio.run, inside_a_loop())))
        thread.start()
        thread.join(timeout=60)
    assert answers == [seal.SealCheck.INTACT] * 2
    assert len(seal_loops()) == 1


def test_a_forked_worker_makes_loops_of_its_own(app, monkeypatch):
    record = make_signature(make_event())
    build_certificate(record)
    first = seal._LOOP._main_loop()
    monkeypatch.setattr(seal.os, "getpid", lambda: -1)  # what a forked worker sees: another pid
    assert seal.check_seal(build_certificate(record)).check == seal.SealCheck.INTACT
    assert seal._LOOP._main_loop() is not first and first.is_closed()
