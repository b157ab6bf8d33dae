"""A signer on a weak phone: 400 ms of latency, 50 KB/s each way, a CPU four times slower.

Three times, each on a fresh phone (nothing cached), the test measures how long the sign
form takes to be usable, how soon the tap on the button is answered beside it, how soon
the certificate number shows, and how many bytes the signature sends. Each run's figures
and their medians go to tests/artifacts/weak-phone.txt and to the output.

The timings depend on this machine's load (shared, two cores), so pass/fail follows the
project's rule: budgets are medians, and a timing fails the test only when its median is
far past its target (TOLERANCE times it). What is exact is held strictly, and it is what
guards the gains: one upload, the signer's page downloaded once, the bytes sent.
"""

import math
import statistics
from urllib.parse import urlsplit

import pytest

from pledge.demo import load_demo
from tests.browser.conftest import ARTIFACTS, PHONE, SIGN, fill_sign_form, touch_stroke

pytestmark = pytest.mark.browser

RUNS = 3
LATENCY_MS = 400
THROUGHPUT = 50 * 1024  # bytes per second, each way
CPU_SLOWDOWN = 4
TARGETS_MS = {"usable": 2000, "status": 200, "number": 3000}
TOLERANCE = 2  # a median beyond twice its target is no longer this machine's noise
BODY_BUDGET = 8 * 1024  # the sign request with a drawn signature: strokes (a PNG data URL was ~50 KB)

# Marks in epoch milliseconds, so that the sign page and the signer's page compare.
# "usable": the pad shown by sign.js (its listeners and the button's are set up in the
# same task), at the next frame painted; "tap": the click's own time stamp; "status" and
# "number": the first frame painted with the status, then with the certificate number.
MARKS = """
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const mark = (name, at) => window.__weakMark(name, at === undefined ? now() : at);
  const painted = (name) => requestAnimationFrame(() => setTimeout(() => mark(name)));
  const seen = {};
  const once = (name, action) => { if (!seen[name]) { seen[name] = true; action(); } };
  const fetches = () => performance.getEntriesByType("resource")
    .filter((e) => e.initiatorType === "fetch" && e.name.endsWith("/sign"))
    .map((e) => [e.startTime, e.requestStart, e.responseStart, e.responseEnd]
      .map((t) => performance.timeOrigin + t));
  mark("navigation", performance.timeOrigin);
  new MutationObserver(() => {
    const pad = document.querySelector(".pad");
    if (pad && !pad.hidden) { once("usable", () => painted("usable")); }
    const status = document.getElementById("send-status");
    if (status && status.textContent) {
      once("status", () => painted("status"));
      if (/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]/.test(status.textContent)) {
        once("number", () => { painted("number"); window.__weakFetch(fetches()); });
      }
    }
    if (document.getElementById("certificate-number")) { once("signer", () => painted("signer")); }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("#sign-form button[type=submit]")) {
      mark("tap", performance.timeOrigin + event.timeStamp);
    }
  }, true);
})();
"""


def signature_scrawl():
    """A signature's path across the pad, with loops, as fractions of the box."""
    return [
        (0.06 + 0.88 * t + 0.04 * math.sin(t * 40), 0.5 + 0.28 * math.sin(t * 13) * math.cos(t * 5))
        for t in (i / 160 for i in range(161))
    ]


def sign_once(browser, base, event):
    """Sign the event on a fresh weak phone; return its figures in milliseconds and bytes."""
    context = browser.new_context(locale="id-ID", **PHONE)
    page = context.new_page()
    marks, fetches, requests = {}, [], []
    page.expose_function("__weakMark", lambda name, value: marks.setdefault(name, value))
    page.expose_function("__weakFetch", lambda entries: fetches.extend(entries))
    page.add_init_script(MARKS)
    page.on("request", lambda request: requests.append(request))
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": LATENCY_MS,
            "downloadThroughput": THROUGHPUT,
            "uploadThroughput": THROUGHPUT,
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})

    page.goto(f"{base}/e/{event.slug}/sign")
    page.wait_for_function("document.querySelector('.pad') && !document.querySelector('.pad').hidden")
    fill_sign_form(page, event, "Andi Baso", "Camat Kuaro", "Pemerintah Kecamatan Kuaro", "camat")
    touch_stroke(page, "#signature-pad", signature_scrawl())
    page.wait_for_function("document.getElementById('signature_drawn').value !== ''")
    page.get_by_role("button", name=SIGN).tap()
    page.wait_for_url("**/s/**", timeout=20000)
    page.locator("#certificate-number").wait_for()
    page.wait_for_function("true")  # let the last marks arrive
    page.wait_for_timeout(300)

    posts = [r for r in requests if r.method == "POST"]
    signer_path = urlsplit(page.url).path
    signer_gets = [r for r in requests if r.method == "GET" and urlsplit(r.url).path == signer_path]
    started, request_start, response_start, response_end = fetches[0]
    figures = {
        "usable": marks["usable"] - marks["navigation"],
        "status": marks["status"] - marks["tap"],
        "number": marks["number"] - marks["tap"],
        "signer page": marks["signer"] - marks["tap"],
        "tap to fetch": started - marks["tap"],
        "fetch to answer": response_start - started,
        "answer read": response_end - response_start,
        "answer to number": marks["number"] - response_end,
        "body": len(posts[0].post_data_buffer),
        "posts": len(posts),
        "signer page downloads": len(signer_gets),
    }
    context.close()
    return figures


def report(runs):
    names = list(runs[0])
    lines = [
        f"Weak phone: {LATENCY_MS} ms latency, {THROUGHPUT // 1024} KB/s down and up, CPU ÷{CPU_SLOWDOWN}; "
        f"targets: usable ≤ {TARGETS_MS['usable']} ms, status ≤ {TARGETS_MS['status']} ms, "
        f"number ≤ {TARGETS_MS['number']} ms"
    ]
    for name in names:
        values = [run[name] for run in runs]
        unit = "bytes" if name == "body" else ("" if name in ("posts", "signer page downloads") else "ms")
        each = ", ".join(f"{value:.0f}" for value in values)
        lines.append(f"  {name}: {each}; median {statistics.median(values):.0f} {unit}".rstrip())
    upload_ms = statistics.median(run["body"] for run in runs) / THROUGHPUT * 1000
    lines.append(
        f"  of fetch to answer: ~{upload_ms:.0f} ms uploading the body at {THROUGHPUT // 1024} KB/s, "
        f"{LATENCY_MS} ms latency, the rest the server"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "weak-phone.txt").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def test_a_signer_on_a_weak_phone_sees_the_form_the_tap_and_the_number_in_time(live_server, browser):
    event = load_demo()
    runs = [sign_once(browser, live_server, event) for _ in range(RUNS)]
    report(runs)

    for run in runs:  # exact, whatever the machine's load
        assert run["posts"] == 1 and run["signer page downloads"] == 1
        assert run["body"] <= BODY_BUDGET
    for name, target in TARGETS_MS.items():
        median = statistics.median(run[name] for run in runs)
        assert median <= target * TOLERANCE, f"{name}: median {median:.0f} ms, target {target} ms"
