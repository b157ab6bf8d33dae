"""The monitor anyone can run: it holds an earlier checkpoint and fails loudly on a rewrite,
a truncation or a split view. It talks HTTP to a real server running the portal."""

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import delete, select
from werkzeug.serving import make_server

from pledge import monitor, transparency
from pledge.extensions import db
from pledge.models import LogCheckpoint, LogEntry
from tests.builders import make_event, make_signature
from tests.log_builders import recompute_roots
from tests.test_merkle import CONSISTENCY, ROOTS

MONITOR = Path(monitor.__file__)


@pytest.fixture
def portal(app):
    """The portal served over HTTP on a free local port; yields the event's log address."""
    app.config["CHECKPOINT_INTERVAL"] = 0  # every fetch after growth signs a new checkpoint
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    event = make_event()
    yield event, f"http://127.0.0.1:{server.server_port}/e/{event.slug}/log"
    server.shutdown()
    thread.join()


def sign(event, n, start=0):
    for k in range(n):
        make_signature(event, phone=f"+628123456{start + k:03d}")


def run_script(url, state):
    """Run the monitor as the standalone script anyone downloads."""
    return subprocess.run(
        [sys.executable, str(MONITOR), url, "--state", str(state)], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY)
def test_the_monitors_own_rfc_9162_check_passes_the_vectors(old, new, proof):
    assert monitor.consistent(old, new, proof, ROOTS[old], ROOTS[new])
    if proof:
        assert not monitor.consistent(old, new, proof[:-1], ROOTS[old], ROOTS[new])
        assert not monitor.consistent(old, new, proof, ROOTS[new], ROOTS[old])


def test_the_script_pins_the_log_then_follows_it_as_it_grows(portal, tmp_path):
    event, url = portal
    sign(event, 3)
    state = tmp_path / "state.json"
    first = run_script(url, state)
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"pinned damai.example.id/e/{event.slug}/log/1 at size 3\n"
    sign(event, 4, start=10)
    second = run_script(url, state)
    assert second.returncode == 0, second.stderr
    assert second.stdout == f"damai.example.id/e/{event.slug}/log/1: size 7 consistent with size 3\n"
    assert json.loads(state.read_text())["size"] == 7


def rewrite_whole_log(event):
    """The operator renames the first signer, refingerprints its leaf, recomputes every root and
    the head, and drops the checkpoints: nothing in the database disagrees any more."""
    first = db.session.get(LogEntry, db.session.scalar(select(LogEntry.id).where(LogEntry.leaf_index == 0)))
    first.record.full_name = "Orang Lain"
    first.fingerprint = first.record.fingerprint()
    db.session.execute(delete(LogCheckpoint))
    db.session.commit()
    recompute_roots(event)
    db.session.commit()


def test_a_whole_log_rewritten_is_caught_by_the_monitor_holding_an_earlier_checkpoint(portal, tmp_path):
    event, url = portal
    sign(event, 3)
    state = tmp_path / "state.json"
    assert run_script(url, state).returncode == 0
    kept = state.read_text()
    rewrite_whole_log(event)
    sign(event, 2, start=10)
    assert transparency.verify(event).ok  # the portal's own check cannot tell: it was all recomputed
    result = run_script(url, state)
    assert result.returncode == 1
    assert result.stderr == "ALARM: the log was rewritten: size 5 does not extend size 3\n"
    assert state.read_text() == kept  # the evidence is kept


def test_a_split_view_two_checkpoints_of_one_size_is_caught(portal, tmp_path):
    event, url = portal
    sign(event, 3)
    state = tmp_path / "state.json"
    assert run_script(url, state).returncode == 0
    rewrite_whole_log(event)
    result = run_script(url, state)
    assert (result.returncode, result.stderr) == (
        1,
        "ALARM: split view: two different checkpoints of size 3\n",
    )


def test_a_truncated_log_is_caught(portal, tmp_path):
    event, url = portal
    sign(event, 3)
    state = tmp_path / "state.json"
    assert run_script(url, state).returncode == 0
    db.session.execute(delete(LogEntry).where(LogEntry.leaf_index == 2))
    db.session.execute(delete(LogCheckpoint))
    db.session.commit()
    recompute_roots(event)
    db.session.commit()
    result = run_script(url, state)
    assert (result.returncode, result.stderr) == (1, "ALARM: the log was truncated: size 2 after 3\n")


def test_a_checkpoint_signed_by_another_key_is_caught(portal, tmp_path, app):
    event, url = portal
    sign(event, 1)
    state = tmp_path / "state.json"
    assert run_script(url, state).returncode == 0
    Path(app.config["LOG_KEY_PATH"]).unlink()  # a new key, as a silent rotation would make
    db.session.execute(delete(LogCheckpoint))
    db.session.commit()
    sign(event, 1, start=10)
    result = run_script(url, state)
    assert result.returncode == 1
    assert result.stderr.startswith("ALARM: the checkpoint")


def test_the_flask_command_runs_the_same_check(portal, tmp_path, runner):
    event, url = portal
    sign(event, 2)
    state = tmp_path / "state.json"
    result = runner.invoke(args=["pledge", "log", "monitor", url, "--state", str(state)])
    assert result.exit_code == 0, result.output
    assert result.output == f"pinned damai.example.id/e/{event.slug}/log/1 at size 2\n"
    rewrite_whole_log(event)
    result = runner.invoke(args=["pledge", "log", "monitor", url, "--state", str(state)])
    assert result.exit_code == 1
    assert "ALARM: split view: two different checkpoints of size 2" in result.output


def test_an_unreachable_portal_is_an_error_not_an_alarm(tmp_path):
    result = run_script("http://127.0.0.1:9/e/x/log", tmp_path / "state.json")
    assert result.returncode == 2 and result.stderr.startswith("ERROR:")
