"""Draws the demo workspace's photos (resources/demo/) with Qt, so the demo shows
real pictures that are ours to ship. Run once after changing a drawing:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/draw_demo_photos.py
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QRadialGradient,
)

OUT = Path(__file__).resolve().parents[1] / "resources" / "demo"


def knit(
    painter: QPainter, area: QRectF, colour: QColor, rng: random.Random, stitch: float
) -> None:
    """Rows of V stitches, as a knitted fabric looks close up."""
    painter.fillRect(area, colour.darker(135))
    rows = int(area.height() / (stitch * 0.8)) + 2
    cols = int(area.width() / stitch) + 2
    for row in range(rows):
        for col in range(cols):
            x = area.left() + col * stitch
            y = area.top() + row * stitch * 0.8
            shade = colour.lighter(100 + rng.randint(-8, 14))
            for side in (-1, 1):
                leg = QPainterPath()
                leg.moveTo(x + stitch / 2, y + stitch * 0.95)
                leg.cubicTo(
                    x + stitch / 2 + side * stitch * 0.55,
                    y + stitch * 0.6,
                    x + stitch / 2 + side * stitch * 0.5,
                    y + stitch * 0.1,
                    x + stitch / 2 + side * stitch * 0.12,
                    y,
                )
                painter.setPen(QPen(shade.darker(125), stitch * 0.08))
                painter.setBrush(shade)
                stroke = QPainterPath(leg)
                stroke.lineTo(x + stitch / 2, y + stitch * 0.3)
                stroke.closeSubpath()
                painter.drawPath(stroke)


def pulled_thread(painter: QPainter, width: int, height: int) -> None:
    rng = random.Random(7)
    knit(painter, QRectF(0, 0, width, height), QColor("#4f7fb8"), rng, 46)
    # The pulled loop: a thread lifted out of the fabric, casting a shadow.
    loop = QPainterPath()
    loop.moveTo(width * 0.42, height * 0.58)
    loop.cubicTo(
        width * 0.38, height * 0.20, width * 0.70, height * 0.18, width * 0.60, height * 0.56
    )
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor(0, 0, 0, 90), 16, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.translate(10, 14)
    painter.drawPath(loop)
    painter.translate(-10, -14)
    painter.setPen(QPen(QColor("#6f9fd6"), 13, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawPath(loop)
    painter.setPen(QPen(QColor("#9cc0ea"), 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawPath(loop)
    vignette(painter, width, height)


def vignette(painter: QPainter, width: int, height: int) -> None:
    shade = QRadialGradient(QPointF(width / 2, height / 2), max(width, height) * 0.75)
    shade.setColorAt(0.55, QColor(0, 0, 0, 0))
    shade.setColorAt(1.0, QColor(0, 0, 0, 120))
    painter.fillRect(QRectF(0, 0, width, height), QBrush(shade))


def wearing(painter: QPainter, width: int, height: int, back: bool) -> None:
    sky = QLinearGradient(0, 0, 0, height)
    sky.setColorAt(0, QColor("#f6d9b8"))
    sky.setColorAt(1, QColor("#d99a76"))
    painter.fillRect(QRectF(0, 0, width, height), QBrush(sky))
    # Autumn trees, far away.
    rng = random.Random(3 if back else 4)
    for _ in range(14):
        x = rng.uniform(0, width)
        r = rng.uniform(60, 140)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(
            QColor(rng.choice(["#c8643b", "#e0a040", "#9b4a2c", "#b5803a"])).lighter(115)
        )
        painter.drawEllipse(QPointF(x, height * 0.42), r, r * 1.1)
    painter.fillRect(QRectF(0, height * 0.62, width, height), QColor("#8a6a4f"))
    cx = width / 2
    # Body in an oat cardigan.
    body = QPainterPath()
    body.moveTo(cx - 250, height)
    body.cubicTo(cx - 240, height * 0.62, cx - 160, height * 0.50, cx, height * 0.50)
    body.cubicTo(cx + 160, height * 0.50, cx + 240, height * 0.62, cx + 250, height)
    painter.setBrush(QColor("#e8dcc4"))
    painter.drawPath(body)
    painter.save()
    painter.setClipPath(body)
    knit(painter, QRectF(cx - 260, height * 0.5, 520, height * 0.5), QColor("#e6d8bd"), rng, 30)
    painter.restore()
    # Head, hair, and the mustard beanie.
    painter.setBrush(QColor("#5a3b2a"))
    painter.drawEllipse(QPointF(cx, height * 0.40), 118, 130)
    if not back:
        painter.setBrush(QColor("#e9b98f"))
        painter.drawEllipse(QPointF(cx, height * 0.42), 92, 108)
        painter.setBrush(QColor("#3d2a20"))
        for side in (-1, 1):
            painter.drawEllipse(QPointF(cx + side * 34, height * 0.42), 8, 10)
        painter.setPen(QPen(QColor("#a2553f"), 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawArc(QRectF(cx - 34, height * 0.42 + 20, 68, 40), 200 * 16, 140 * 16)
        painter.setPen(Qt.PenStyle.NoPen)
    hat = QPainterPath()
    hat.addRoundedRect(QRectF(cx - 128, height * 0.27, 256, 120), 60, 60)
    painter.setBrush(QColor("#d9a521"))
    painter.drawPath(hat)
    painter.save()
    painter.setClipPath(hat)
    knit(painter, QRectF(cx - 130, height * 0.27, 260, 124), QColor("#e0ac2a"), rng, 22)
    painter.restore()
    painter.setBrush(QColor("#c89418"))
    painter.drawRoundedRect(QRectF(cx - 132, height * 0.335, 264, 40), 18, 18)
    painter.setBrush(QColor("#f0c04a"))
    painter.drawEllipse(QPointF(cx, height * 0.255), 34, 34)
    vignette(painter, width, height)


def fair_map(painter: QPainter, width: int, height: int) -> None:
    painter.fillRect(QRectF(0, 0, width, height), QColor("#f3efe6"))
    painter.setPen(QPen(QColor("#b9b0a0"), 6))
    painter.setBrush(QColor("#fbf8f2"))
    hall = QRectF(80, 110, width - 160, height - 190)
    painter.drawRoundedRect(hall, 18, 18)
    title = QFont("DejaVu Sans", 34, QFont.Weight.Bold)
    painter.setFont(title)
    painter.setPen(QColor("#4a4238"))
    painter.drawText(
        QRectF(0, 20, width, 80), Qt.AlignmentFlag.AlignCenter, "Winter Craft Fair · Hall B"
    )
    label = QFont("DejaVu Sans", 17)
    painter.setFont(label)
    colours = ["#cfe3d4", "#f2d7c4", "#d6def0", "#efe2b8", "#e6d3e8"]
    names = [
        "Ceramics",
        "Candles",
        "Prints",
        "Woodwork",
        "Soaps",
        "Jewellery",
        "Honey",
        "Cards",
        "Leather",
        "Glass",
        "Plants",
        "Juniper & Thread",
        "Bakes",
        "Toys",
        "Tea",
        "Coffee van",
    ]
    index = 0
    for row in range(4):
        for col in range(4):
            cell = QRectF(hall.left() + 60 + col * 300, hall.top() + 50 + row * 175, 240, 120)
            name = names[index]
            ours = name == "Juniper & Thread"
            painter.setPen(QPen(QColor("#d2452f") if ours else QColor("#a79d8c"), 5 if ours else 2))
            painter.setBrush(QColor("#ffd9cf") if ours else QColor(colours[index % len(colours)]))
            painter.drawRoundedRect(cell, 12, 12)
            painter.setPen(QColor("#3d362e"))
            painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, f"{index + 1}\n{name}")
            index += 1
    painter.setPen(QPen(QColor("#d2452f"), 5))
    painter.setBrush(QColor("#d2452f"))
    pin = QPointF(hall.left() + 60 + 3 * 300 + 120, hall.top() + 50 + 2 * 175 - 18)
    painter.drawEllipse(pin, 14, 14)
    painter.setPen(QColor("#4a4238"))
    painter.drawText(
        QRectF(80, height - 70, width - 160, 50),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        "Entrance ↓   ·   Gazebo shared with stall 11   ·   Set-up from 7:30",
    )


def heart_hug(painter: QPainter, width: int, height: int) -> None:
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
    painter.fillRect(QRectF(0, 0, width, height), Qt.GlobalColor.transparent)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
    heart = QPainterPath()
    cx, top = width / 2, height * 0.30
    heart.moveTo(cx, height * 0.86)
    heart.cubicTo(width * 0.05, height * 0.55, width * 0.12, height * 0.08, cx, top)
    heart.cubicTo(width * 0.88, height * 0.08, width * 0.95, height * 0.55, cx, height * 0.86)
    painter.setPen(
        QPen(
            QColor("white"),
            22,
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )
    )
    fill = QLinearGradient(0, 0, 0, height)
    fill.setColorAt(0, QColor("#ff7a8a"))
    fill.setColorAt(1, QColor("#e23a5a"))
    painter.setBrush(QBrush(fill))
    painter.drawPath(heart)
    # Arms hugging it, and a face.
    painter.setPen(QPen(QColor("#f6c39a"), 26, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawArc(
        QRectF(width * 0.14, height * 0.40, width * 0.72, height * 0.34), 200 * 16, 140 * 16
    )
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#5a1224"))
    for side in (-1, 1):
        painter.drawEllipse(QPointF(cx + side * 52, height * 0.44), 13, 17)
    painter.setPen(QPen(QColor("#5a1224"), 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawArc(QRectF(cx - 34, height * 0.44, 68, 46), 200 * 16, 140 * 16)


def unboxing(painter: QPainter, width: int, height: int) -> None:
    table = QLinearGradient(0, 0, 0, height)
    table.setColorAt(0, QColor("#d8c3a5"))
    table.setColorAt(1, QColor("#b08f68"))
    painter.fillRect(QRectF(0, 0, width, height), QBrush(table))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 60))
    painter.drawRoundedRect(
        QRectF(width * 0.22 + 18, height * 0.22 + 22, width * 0.56, height * 0.62), 18, 18
    )
    painter.setBrush(QColor("#c49a6c"))
    painter.drawRoundedRect(
        QRectF(width * 0.22, height * 0.22, width * 0.56, height * 0.62), 18, 18
    )
    painter.setBrush(QColor("#f4eee6"))
    tissue = QPainterPath()
    tissue.moveTo(width * 0.25, height * 0.30)
    for step in range(13):
        x = width * 0.25 + step * width * 0.5 / 12
        tissue.lineTo(x, height * (0.27 if step % 2 else 0.33))
    tissue.lineTo(width * 0.75, height * 0.80)
    tissue.lineTo(width * 0.25, height * 0.80)
    tissue.closeSubpath()
    painter.drawPath(tissue)
    rng = random.Random(11)
    painter.save()
    fold = QPainterPath()
    fold.addRoundedRect(QRectF(width * 0.33, height * 0.40, width * 0.34, height * 0.34), 14, 14)
    painter.setClipPath(fold)
    knit(
        painter,
        QRectF(width * 0.33, height * 0.40, width * 0.34, height * 0.34),
        QColor("#d9a521"),
        rng,
        26,
    )
    painter.restore()
    painter.setBrush(QColor("#fffdf8"))
    card = QRectF(width * 0.56, height * 0.56, width * 0.17, height * 0.17)
    painter.save()
    painter.translate(card.center())
    painter.rotate(-8)
    painter.translate(-card.center())
    painter.drawRect(card)
    painter.setPen(QColor("#7a5c3c"))
    painter.setFont(QFont("DejaVu Serif", 20, QFont.Weight.Normal, True))
    painter.drawText(card, Qt.AlignmentFlag.AlignCenter, "Thank you!\n— J&T")
    painter.restore()
    vignette(painter, width, height)


def draw(name: str, width: int, height: int, art: Callable[[QPainter, int, int], None]) -> None:
    alpha = name.endswith(".webp")
    image = QImage(
        width, height, QImage.Format.Format_ARGB32 if alpha else QImage.Format.Format_RGB32
    )
    image.fill(Qt.GlobalColor.transparent if alpha else Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    art(painter, width, height)
    painter.end()
    quality = {"jpg": 78, "png": -1, "webp": 80}[name.rpartition(".")[2]]
    assert image.save(str(OUT / name), None, quality), name


def main() -> None:
    app = QGuiApplication([])
    OUT.mkdir(parents=True, exist_ok=True)
    draw("pulled-thread.jpg", 1200, 900, pulled_thread)
    draw("wearing-it.jpg", 900, 1200, lambda p, w, h: wearing(p, w, h, back=False))
    draw("wearing-it-back.jpg", 900, 1200, lambda p, w, h: wearing(p, w, h, back=True))
    draw("fair-map.png", 1400, 1000, fair_map)
    draw("heart-hug.webp", 512, 512, heart_hug)
    draw("unboxing-poster.jpg", 1280, 720, unboxing)
    del app


if __name__ == "__main__":
    main()
