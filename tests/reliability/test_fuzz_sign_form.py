"""Bad input, tried on purpose: Hypothesis posts generated sign forms.

Never a 500; never a record from an invalid form; a valid form is stored exactly once.
`make test` tries a few hundred forms, `make reliability` thousands (HYPOTHESIS_PROFILE).
"""

import base64
import io
import struct
import zlib
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from sqlalchemy import func, select

from pledge.extensions import db
from pledge.models import SignatureRecord
from pledge.text import clean_line
from tests.builders import data_url, drawn_png, drawn_strokes, errors_in, form_data, make_event
from tests.reliability.harness import FUZZ_ANSWERS

FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
PHONES = count(1)


def png_chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_claiming(width, height, rows=50):
    """Return a PNG whose header claims width x height; its data inflates to zeros (a bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data = zlib.compress(b"\x00" * (width + 1) * rows, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")
    )


def jpeg_bytes():
    out = io.BytesIO()
    Image.new("RGB", (200, 80), "black").save(out, format="JPEG")
    return out.getvalue()


GOOD_PNG = drawn_png(300, 100)
BAD_IMAGES = {
    "not a data URL": "https://example.com/a.png",
    "wrong media type": "data:image/jpeg;base64," + base64.b64encode(jpeg_bytes()).decode(),
    "html data URL": "data:text/html,<script>alert(1)</script>",
    "not base64": "data:image/png;base64,*&^%$#@!",
    "empty PNG": "data:image/png;base64,",
    "JPEG called PNG": data_url(jpeg_bytes()),
    "GIF called PNG": "data:image/png;base64," + base64.b64encode(b"GIF89a" + b"\x00" * 40).decode(),
    "truncated PNG": data_url(GOOD_PNG[: len(GOOD_PNG) // 2]),
    "PNG without ink": data_url(drawn_png(300, 100, ink=False)),
    "decompression bomb": data_url(png_claiming(10_000, 10_000)),
    "20000 x 20000 pixels": data_url(png_claiming(20_000, 20_000)),
    "over the size limit": data_url(b"\x89PNG\r\n\x1a\n" + b"\x00" * 600_000),
}

BAD_STROKES = [
    "1000 529_" + "9" * 70,
    "1000 529_1 1 " + "1 1 " * 5000,
    "1000 529_" + "_".join(["1 1 300 0"] * 500),
    "1000 529_-1 -1 300 0",
    "1000 529_500 300 99999 -99999",
    "1000 529_500 300 200 0\x00",
    "1000 529_500 300 ２００ 0",
    "0 0_0 0 300 0",
    "1000 -5_0 0 300 0",
    "_" * 1000,
]
# The pad's text made of arbitrary numbers: the box, then strokes of integer pairs.
stroke_text = st.builds(
    lambda height, strokes: "_".join(
        [f"1000 {height}", *(" ".join(str(n) for n in stroke) for stroke in strokes)]
    ),
    st.integers(-10, 1200),
    st.lists(st.lists(st.integers(-2000, 2000), min_size=1, max_size=40), max_size=6),
)

# Arbitrary Unicode, control and bidirectional characters included (not lone surrogates,
# which no browser can send).
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
nasty = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\u202e\u2066",
        "<script>alert(1)</script>",
        '=HYPERLINK("http://x")',
        "+62",
        "@SUM(1)",
        "../../etc/passwd",
        "x" * 5000,
        "\ufeff\u200b",
    ]
)
field_value = st.one_of(any_text, nasty, st.integers().map(str), st.lists(any_text, min_size=2, max_size=3))
image_value = st.one_of(
    st.sampled_from(sorted(BAD_IMAGES.values())),
    st.just(data_url(GOOD_PNG)),
    st.sampled_from(BAD_STROKES),
    st.just(drawn_strokes()),
    stroke_text,
    any_text,
)
FIELDS = [
    "full_name",
    "position",
    "institution",
    "category",
    "area",
    "phone",
    "show_name",
    "signature_typed",
]

readable_name = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(["A", "Siti", "Ñ", "Ö", "李", "Ahmad"]),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=60),
)


def stored():
    return db.session.scalar(select(func.count(SignatureRecord.id)))


def post(client, event, data):
    response = client.post(f"/e/{event.slug}/sign", data=data)
    FUZZ_ANSWERS[response.status_code] += 1
    return response


@FUZZ
@given(
    fields=st.dictionaries(st.sampled_from(FIELDS), st.one_of(st.none(), field_value)),
    image=st.one_of(st.none(), image_value),
    drop_agreement=st.booleans(),
    extra=st.dictionaries(any_text.filter(bool), field_value, max_size=3),
)
def test_no_form_whatever_it_holds_causes_a_500(client, fields, image, drop_agreement, extra):
    event = _event()
    data = form_data(event, **{"phone": f"+62813{next(PHONES):08d}", "signature_drawn": image, **fields})
    if drop_agreement:
        data.pop(f"agree_{event.current_versions()[0].id}")
    data.update({key: value for key, value in extra.items() if key not in data})
    before = stored()
    response = post(client, event, data)
    assert response.status_code in (303, 400, 409, 413, 422), response.status_code
    assert stored() - before == (1 if response.status_code == 303 else 0)


INVALID = st.one_of(
    st.sampled_from(
        [
            {"full_name": None},
            {"full_name": "\u202e \x00\u2066 \t"},
            {"full_name": "N" * 121},
            {"position": ""},
            {"institution": "\ufeff\u200b"},
            {"category": "<script>"},
            {"category": None},
            {"area": "../../etc"},
            {"phone": "not a phone"},
            {"phone": "0812"},
            {"signature_drawn": None},
        ]
    ),
    st.sampled_from(sorted(BAD_IMAGES)).map(lambda name: {"signature_drawn": BAD_IMAGES[name]}),
    st.sampled_from(BAD_STROKES).map(lambda strokes: {"signature_drawn": strokes}),
)


@FUZZ
@given(mutation=INVALID, name=readable_name, drop_agreement=st.booleans())
def test_an_invalid_form_stores_nothing(client, mutation, name, drop_agreement):
    event = _event()
    data = form_data(event, **{"full_name": name[:100], "phone": f"+62813{next(PHONES):08d}", **mutation})
    if drop_agreement:
        data.pop(f"agree_{event.current_versions()[-1].id}")
    before = stored()
    response = post(client, event, data)
    assert response.status_code in (413, 422), response.status_code
    assert stored() == before


@settings(FUZZ, max_examples=max(settings().max_examples // 3, 40))  # each example signs (slow)
@given(name=readable_name, position=readable_name, typed=st.booleans(), show=st.booleans())
def test_a_valid_form_is_stored_exactly_once(client, name, position, typed, show):
    event = _event()
    phone = f"+62813{next(PHONES):08d}"
    overrides = {
        "full_name": name[:110],
        "position": position[:110],
        "phone": phone,
        "show_name": "y" if show else None,
    }
    if typed:
        overrides.update(signature_drawn=None, signature_typed=name[:70])
    before = stored()
    response = post(client, event, form_data(event, **overrides))
    again = post(client, event, form_data(event, **overrides))
    assert response.status_code == 303, response.status_code
    assert again.status_code == 409  # the same number cannot sign twice
    assert stored() == before + 1
    record = db.session.scalar(select(SignatureRecord).where(SignatureRecord.phone == phone))
    assert record.full_name == clean_line(name[:110]) and record.show_name is show


@pytest.mark.parametrize("key", ["a\x00b", "<script>", "k" * 65, "../../etc"])
def test_a_malformed_resubmission_key_is_ignored_and_the_signature_stored(client, key):
    event = _event()
    response = post(client, event, form_data(event, client_key=key))
    assert response.status_code == 303
    assert db.session.scalars(select(SignatureRecord)).one().client_key is None


def test_a_typed_signature_too_long_to_render_is_refused_with_its_message(client):
    event = _event()
    response = post(client, event, form_data(event, signature_drawn=None, signature_typed="x" * 5000))
    assert response.status_code == 422
    assert errors_in(response.text) == ["Mohon tidak lebih dari 80 karakter."]
    assert stored() == 0


def _event():
    from pledge.models import Event

    return Event.by_slug("fuzz") or make_event(slug="fuzz")


def test_names_with_markup_formulas_or_bidi_overrides_are_shown_inert_on_the_wall(client):
    event = _event()
    names = ['<script>alert("x")</script>', '=HYPERLINK("http://x","y")', "Andi \u202eosaB\u202c"]
    for n, name in enumerate(names):
        post(client, event, form_data(event, full_name=name, phone=f"+62814{n:08d}"))
    wall = client.get(f"/e/{event.slug}/signatories").text
    assert "<script>alert" not in wall
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in wall
    assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in wall
    assert "\u202e" not in wall and "Andi osaB" in wall
