"""Drawn strokes: the pad's text read, checked against its limits, and written back canonically."""

import pytest

from pledge import strokes
from pledge.strokes import SignatureMark, StrokesRefused
from tests.builders import drawn_strokes


def test_the_pads_text_reads_as_absolute_points_and_writes_back_the_same():
    drawing = strokes.parse("1000 400_100 100 200 0 0 10_500 200")
    assert drawing.strokes == (((100, 100), (300, 100), (300, 110)), ((500, 200),))
    assert drawing.encode() == "1000 400_100 100 200 0 0 10_500 200"
    assert drawing.bounds() == (100, 100, 500, 200)


def test_what_is_stored_is_written_again_from_the_numbers():
    assert SignatureMark.drawn("1000 400_0100 100 0300 -0").strokes == "1000 400_100 100 300 0"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "format"),
        ("1000 400_", "format"),
        ("1000 400__100 100 300 0", "format"),
        ("1000 400_100 100 300", "format"),
        ("1000 400_100 100 +300 0", "format"),
        ("1000 400_100 100  300 0", "format"),
        ("1000 400_100.5 100 300 0", "format"),
        ("1000 400_100 100 300 0\n", "format"),
        ("1000 400_100 100 123456 0", "format"),
        ("1000 400_100 100 \uff13\uff10\uff10 0", "format"),  # fullwidth digits: int() would read them
        ("999 400_100 100 300 0", "format"),
        ("1000 99_10 10 300 0", "format"),
        ("1000 1001_10 10 300 0", "format"),
        ("1000_10 10 300 0", "format"),
        ("1000 400", "empty"),
        ("1000 400_" + "_".join(["10 10 10 0"] * 41), "strokes"),
        ("1000 400_10 10 " + " ".join(["1 0"] * 1000), "stroke_points"),
        ("1000 400_" + "_".join(["10 10 " + " ".join(["1 0", "-1 0"] * 300)] * 6), "points"),
        ("1" * (strokes.MAX_TEXT + 1), "points"),
        ("1000 400_-1 10 300 0", "outside"),
        ("1000 400_10 10 300 391", "outside"),
        ("1000 400_10 10 300 0 -311 0", "outside"),
        ("1000 400_100 100 1001 0", "outside"),
        ("1000 400_100 100 -01001 0", "outside"),
        ("1000 400_10 10 199 0", "little_ink"),
        ("1000 400_10 10_20 20_30 30", "little_ink"),
    ],
)
def test_a_drawing_outside_the_limits_is_refused_with_its_reason(text, reason):
    for read in (strokes.parse, strokes.canonical):  # the signing reads with canonical()
        with pytest.raises(StrokesRefused) as refused:
            read(text)
        assert refused.value.reason == reason


def test_the_limits_themselves_are_accepted():
    most = "1000 1000_" + "_".join(["0 0 " + " ".join(["1000 0", "-1000 0"] * 37)] * 40)
    drawing = strokes.parse(most)
    assert len(drawing.strokes) == strokes.MAX_STROKES
    assert strokes.parse("1000 100_0 0 200 0").ink_length() == strokes.MIN_INK_LENGTH


def test_a_typed_name_is_kept_as_text_with_its_spaces_collapsed():
    mark = SignatureMark.typed("  Nur'aini   Sé ")
    assert (mark.method, mark.text, mark.strokes, mark.image) == ("typed", "Nur'aini Sé", None, None)
    with pytest.raises(StrokesRefused) as refused:
        SignatureMark.typed(" \t ")
    assert refused.value.reason == "empty"


def test_the_svg_holds_numbers_only_and_the_label_escaped():
    svg = strokes.svg(drawn_strokes(), '"><script>alert(1)</script>')
    assert "<script>" not in svg and "&#34;&gt;&lt;script&gt;" in svg
    assert 'viewBox="108 108 604 224"' in svg
    assert svg.count("<path") == 1 and "M700 120l0 0" in svg


def test_the_ink_is_fitted_centred_in_a_box_with_y_upwards():
    drawing = strokes.parse("1000 400_100 100 200 0 0 100")
    scale, dx, dy = strokes.fitted(drawing, 100, 100, margin=0)
    assert scale == pytest.approx(0.5)
    corners = [(dx + x * scale, dy - y * scale) for x, y in drawing.strokes[0]]
    assert corners == [pytest.approx(p) for p in [(0, 75), (100, 75), (100, 25)]]


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("1000 400_100 100 200 0", "1000 400_100 100 200 0"),
        ("1000 400_0100 100 0300 -0", "1000 400_100 100 300 0"),
        ("1000 400_100 -0 300 5", "1000 400_100 0 300 5"),
        ("1000 400_100 100 -05 300", "1000 400_100 100 -5 300"),
        ("1000 400_100 0 300 10", "1000 400_100 0 300 10"),
        ("1000 400_100 100 200 0_0100 100 0300 -0", "1000 400_100 100 200 0_100 100 300 0"),
        ("1000 400_1000 400 -1000 -400", "1000 400_1000 400 -1000 -400"),
    ],
)
def test_the_stored_text_writes_each_number_as_its_integer(sent, stored):
    assert strokes.canonical(sent) == stored == strokes.parse(sent).encode()
