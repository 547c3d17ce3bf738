"""A customer's picture is read by what its bytes are, and a hostile one is inert:
a decompression bomb is refused from its header, a truncated photo shows what
arrived, a damaged or disguised file is "cannot be shown", and an SVG is never
drawn. EXIF orientation is applied, and a thumbnail is decoded small."""

from __future__ import annotations

import pytest
from picture_files import bomb, photo
from PySide6.QtCore import QSize

from dmdesk.ui.kit.pictures import read_picture


def test_a_decompression_bomb_is_refused_from_its_header(tmp_path, qapp) -> None:
    picture = read_picture(bomb(tmp_path / "bomb.png"), QSize(280, 320))
    assert picture.image is None
    assert "50,000 × 50,000 pixels: too large" in picture.problem


def test_a_photo_is_decoded_small_and_turned_as_the_camera_held_it(tmp_path, qapp) -> None:
    picture = read_picture(photo(tmp_path / "upright.jpg", turned=True), QSize(280, 320))
    assert picture.size == QSize(1200, 1600)  # as seen, not as stored
    assert picture.image is not None and picture.image.size() == QSize(240, 320)
    cropped = read_picture(tmp_path / "upright.jpg", QSize(138, 138), crop=True)
    assert cropped.image is not None and cropped.image.size() == QSize(138, 138)
    small = read_picture(photo(tmp_path / "tiny.png", 40, 30, "PNG"), QSize(280, 320))
    assert small.image is not None and small.image.size() == QSize(40, 30)  # never enlarged


@pytest.mark.qt_log_ignore("Corrupt JPEG data")  # libjpeg's own words for a cut file
def test_a_truncated_photo_shows_what_arrived(tmp_path, qapp) -> None:
    whole = photo(tmp_path / "whole.jpg").read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole[: len(whole) // 2])
    picture = read_picture(cut, QSize(280, 320))
    assert picture.problem == "" and picture.image is not None


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"MZ\x90\x00" + b"\x00" * 400, "The picture is damaged."),  # a program named .jpg
        (b"\xff\xd8\xff\xe0" + b"\x17" * 64, "The picture is damaged."),  # a JPEG's start only
        (b"", "The picture is damaged."),
        # Damaged without Qt's PDF plugin; with it (PySide6-Addons), a PDF, which is
        # no photo format: not shown either way.
        (b"%PDF-1.4 not a photo", "The picture is damaged.|This is not a picture DMDesk can show."),
    ],
)
@pytest.mark.qt_log_ignore("Corrupt JPEG data", "JPEG datastream contains no image")
def test_a_damaged_or_disguised_file_cannot_be_shown(tmp_path, qapp, content, problem) -> None:
    fake = tmp_path / "parcel.jpg"
    fake.write_bytes(content)
    picture = read_picture(fake, QSize(280, 320))
    assert picture.image is None and picture.problem in problem.split("|")


def test_what_a_file_is_decides_by_its_bytes_not_its_name(tmp_path, qapp) -> None:
    png_named_jpg = photo(tmp_path / "really-a-png.jpg", 300, 200, "PNG")
    picture = read_picture(png_named_jpg, QSize(280, 320))
    assert picture.image is not None and picture.size == QSize(300, 200)


@pytest.mark.parametrize("name", ["drawing.svg", "drawing.png", "drawing.jpg"])
def test_an_svg_from_a_customer_is_never_drawn(tmp_path, qapp, name) -> None:
    svg = tmp_path / name
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">'
        '<script>alert(1)</script><a href="https://evil.example"><rect width="400" '
        'height="300" fill="red"/></a></svg>'
    )
    picture = read_picture(svg, QSize(280, 320))
    assert picture.image is None
    assert "SVG pictures from customers are not shown" in picture.problem


def test_a_file_that_is_gone_or_huge_is_said_so(tmp_path, qapp) -> None:
    assert read_picture(tmp_path / "gone.jpg").problem == "The file is not there any more."
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as out:
        out.truncate(101 * 1024 * 1024)  # sparse: no disk taken
    assert read_picture(huge).problem == "The file is too big to show here."
