"""Plain builders of test data: one call per state a test needs."""

import base64
import io
import re
import threading
from datetime import date, timedelta

from PIL import Image, ImageDraw

from pledge import signature_image, strokes, transitions
from pledge.extensions import db
from pledge.models import Document, Event, EventInstitution, EventState, utcnow

SIGN_URL = "/e/{slug}/sign"
# Kemendagri codes used across the tests.
PASER, KUARO, TANAH_GROGOT, PASER_BELENGKONG = "64.01", "64.01.05", "64.01.04", "64.01.03"
BERAU, TANJUNG_REDEB = "64.03", "64.03.05"
KALTIM = "64"


def make_event(slug="pilkada-damai-test", state=EventState.OPEN, phone_required=False, **fields):
    """Return a saved event with a declaration and a commitment, in `state`.

    It is an event of Kabupaten Paser organised by Polres Paser unless `region_code` and
    `organisers` say otherwise.
    """
    organisers = fields.pop("organisers", ("Polres Paser",))
    event = Event(
        slug=slug,
        title=fields.pop("title", "Deklarasi Pilkada Damai Uji"),
        place=fields.pop("place", "Tana Paser"),
        region_code=fields.pop("region_code", PASER),
        held_on=fields.pop("held_on", date(2024, 8, 12)),
        state=state.value if isinstance(state, EventState) else state,
        phone_required=phone_required,
        **fields,
    )
    event.institutions = [EventInstitution(name=name, position=n) for n, name in enumerate(organisers)]
    db.session.add(event)
    for position, key in enumerate(("declaration", "commitment")):
        document = Document(event=event, key=key, position=position)
        db.session.add(document)
        document.revise(f"Naskah {key}", f"Isi {key}.\n\nParagraf kedua.")
    db.session.commit()
    return event


def make_closed_window_event(slug="jendela", opens_in=None, closed_ago=None):
    now = utcnow()
    fields = {}
    if opens_in is not None:
        fields["opens_at"] = now + opens_in
    if closed_ago is not None:
        fields["closes_at"] = now - closed_ago
    return make_event(slug=slug, **fields)


def drawn_png(width=600, height=200, ink=True):
    """Return PNG bytes of a transparent canvas, with a stroke when `ink`."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    if ink:
        ImageDraw.Draw(image).line(
            [(40, 150), (200, 40), (380, 160), (560, 60)], fill=(17, 17, 17, 255), width=5
        )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def drawn_strokes(height=529):
    """Return the pad's text of a short signature: a loop, a wave and the dot of an i."""
    wave = " ".join("18 -30 18 30" for _ in range(8))
    return f"1000 {height}_120 300 {wave} 20 -40 10 60_200 180 40 -20 40 20 -40 20_700 120"


def legacy_png_mark():
    """Return the mark of a record signed before strokes: a drawn PNG, normalised as then."""
    png = signature_image.normalise_png(drawn_png(), 512 * 1024, 4_000_000)
    return strokes.SignatureMark("drawn", image=png)


def data_url(png):
    return "data:image/png;base64," + base64.b64encode(png).decode()


def form_data(event, **overrides):
    """Return a complete, valid sign form for `event`; overrides replace or drop (None) fields."""
    data = {
        "full_name": "Andi Baso",
        "position": "Camat Tanah Grogot",
        "institution": "Pemerintah Kecamatan Tanah Grogot",
        "category": "camat",
        "area": TANAH_GROGOT,
        "phone": "0812-3456-7890",
        "show_name": "y",
        "signature_drawn": drawn_strokes(),
    }
    for version in event.current_versions():
        data[f"agree_{version.id}"] = "y"
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def make_signature(event, phone="+6281234567890", show_name=True, **fields):
    """Return a stored signature record of `event`, signed through the domain layer.

    Its mark is drawn strokes unless `mark` (a strokes.SignatureMark) says otherwise.
    """
    signer = transitions.Signer(
        full_name=fields.pop("full_name", "Siti Aminah"),
        position=fields.pop("position", "Tokoh Agama"),
        institution=fields.pop("institution", "Majelis Ulama Indonesia Kab. Paser"),
        category=fields.pop("category", "religious_leader"),
        area_code=fields.pop("area_code", KUARO),
        phone=phone,
        show_name=show_name,
    )
    versions = [version.id for version in event.current_versions()]
    mark = fields.pop("mark", None) or strokes.SignatureMark.drawn(drawn_strokes())
    outcome = transitions.sign(event, signer, mark, versions, **fields)
    return outcome.record


def errors_in(html):
    """Return the error messages shown beside fields, in page order."""
    return [re.sub(r"\s+", " ", m).strip() for m in re.findall(r'class="error-text"[^>]*>([^<]*)<', html)]


def an_hour():
    return timedelta(hours=1)


def at_once(*jobs):
    """Run each callable of `jobs` in a thread of its own, all released together; wait for them all."""
    start = threading.Barrier(len(jobs))

    def run(job):
        start.wait()
        job()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
