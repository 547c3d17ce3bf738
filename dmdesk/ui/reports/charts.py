"""The report's two charts, drawn with pyqtgraph in the theme's colours: messages
in and out per day (bars side by side), and when customers write (a weekday by
hour heatmap). Hovering shows the values under the pointer; the charts do not
pan or zoom, there is nothing to explore beyond what they show."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolTip, QVBoxLayout, QWidget

from dmdesk.services.business_hours import DAYS
from dmdesk.services.reports import DayCount
from dmdesk.ui.kit.plain_text import PlainLabel, as_rich_text
from dmdesk.ui.kit.theme import current_theme

HEIGHT = 190


def _plot(parent: QWidget) -> Any:
    """A still plot in the theme: no pan, zoom, menu or auto-range button."""
    theme = current_theme()
    plot = pg.PlotWidget(parent, background=theme.pane)
    plot.setMinimumHeight(HEIGHT)
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    item = plot.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(theme.border))
        axis.setTextPen(pg.mkPen(theme.muted_text))
    return plot


def _show_tip(text: str, plot: Any) -> None:
    if text:
        QToolTip.showText(QCursor.pos(), as_rich_text(text), plot)
    else:
        QToolTip.hideText()


class DailyChart(QWidget):
    """Messages from customers and from the shop, per day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        theme = current_theme()
        self.plot = _plot(self)
        self.plot.getPlotItem().showGrid(y=True, alpha=0.15)
        self._in_color = theme.color("accent")
        self._out_color = QColor(theme.muted_text)
        self._out_color.setAlpha(170)
        self._days: list[DayCount] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self._hover = pg.SignalProxy(
            self.plot.scene().sigMouseMoved, rateLimit=30, slot=self._on_moved
        )

    def legend(self, parent: QWidget) -> QWidget:
        """What the two colours are, for beside the chart's title."""
        legend = QWidget(parent)
        row = QHBoxLayout(legend)
        row.setContentsMargins(0, 0, 0, 0)
        for color, words in ((self._in_color, "From customers"), (self._out_color, "From you")):
            swatch = QLabel(legend)
            swatch.setFixedSize(10, 10)
            swatch.setStyleSheet(f"background: {color.name(QColor.NameFormat.HexArgb)};"
                                 " border-radius: 2px;")  # fmt: skip
            label = PlainLabel(words, legend)
            label.setObjectName("Hint")
            row.addWidget(swatch)
            row.addWidget(label)
            row.addSpacing(8)
        return legend

    def set_days(self, days: Sequence[DayCount]) -> None:
        self._days = list(days)
        item = self.plot.getPlotItem()
        item.clear()
        x = np.arange(len(days))
        width = 0.4 if len(days) <= 31 else 0.45
        incoming = [d.incoming for d in days]
        outgoing = [d.outgoing for d in days]
        item.addItem(
            pg.BarGraphItem(
                x=x - width / 2, height=incoming, width=width, brush=self._in_color,
                pen=pg.mkPen(None),
            )
        )  # fmt: skip
        item.addItem(
            pg.BarGraphItem(
                x=x + width / 2, height=outgoing, width=width, brush=self._out_color,
                pen=pg.mkPen(None),
            )
        )  # fmt: skip
        item.getAxis("bottom").setTicks([_day_ticks([d.day for d in days])])
        top = max([*incoming, *outgoing, 1])
        item.setXRange(-0.7, len(days) - 0.3, padding=0)
        item.setYRange(0, top * 1.15, padding=0)

    def tip_at(self, x: float) -> str:
        """What the pointer at ``x`` (in the chart's days) is over."""
        number = round(x)
        if not 0 <= number < len(self._days):
            return ""
        day = self._days[number]
        return f"{day.day:%a %d %b}: {day.incoming} from customers, {day.outgoing} from you"

    def _on_moved(self, event: tuple[QPointF]) -> None:
        at = self.plot.getPlotItem().vb.mapSceneToView(event[0])
        inside = self.plot.getPlotItem().vb.sceneBoundingRect().contains(event[0])
        _show_tip(self.tip_at(at.x()) if inside else "", self.plot)


def _day_ticks(days: Sequence[date]) -> list[tuple[int, str]]:
    """A label every day for a week, then every Monday (every other for 90 days)."""
    if len(days) <= 10:
        return [(n, f"{d:%a} {d.day}") for n, d in enumerate(days)]
    mondays = [(n, f"{d.day} {d:%b}") for n, d in enumerate(days) if d.weekday() == 0]
    return mondays[::2] if len(mondays) > 8 else mondays


class Heatmap(QWidget):
    """Customers' messages by weekday (rows, Monday on top) and hour (columns)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        theme = current_theme()
        self.plot = _plot(self)
        item = self.plot.getPlotItem()
        item.invertY(True)
        item.getAxis("left").setTicks([[(n + 0.5, DAYS[n][:3]) for n in range(7)]])
        item.getAxis("bottom").setTicks([[(h + 0.5, f"{h:02d}") for h in range(0, 24, 3)]])
        self.image = pg.ImageItem(axisOrder="row-major")
        item.addItem(self.image)
        item.setXRange(0, 24, padding=0.01)
        item.setYRange(0, 7, padding=0.02)
        low, high = QColor(theme.hover), theme.color("accent")
        steps = np.linspace(0.0, 1.0, 64)[:, None]
        start = np.array(low.getRgb(), dtype=float)
        end = np.array(high.getRgb(), dtype=float)
        self.image.setLookupTable((start + (end - start) * steps).astype(np.uint8))
        self._counts = np.zeros((7, 24), dtype=np.int64)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self._hover = pg.SignalProxy(
            self.plot.scene().sigMouseMoved, rateLimit=30, slot=self._on_moved
        )

    def set_counts(self, counts: Sequence[Sequence[int]]) -> None:
        self._counts = np.array(counts, dtype=np.int64).reshape(7, 24)
        top = max(int(self._counts.max()), 1)
        self.image.setImage(self._counts.astype(float), levels=(0, top), autoLevels=False)

    def tip_at(self, x: float, y: float) -> str:
        hour, weekday = int(x), int(y)
        if not (0 <= hour < 24 and 0 <= weekday < 7):
            return ""
        count = int(self._counts[weekday, hour])
        noun = "message" if count == 1 else "messages"
        return f"{DAYS[weekday]} {hour:02d}:00–{(hour + 1) % 24:02d}:00: {count} {noun}"

    def _on_moved(self, event: tuple[QPointF]) -> None:
        view = self.plot.getPlotItem().vb
        at = view.mapSceneToView(event[0])
        inside = view.sceneBoundingRect().contains(event[0])
        _show_tip(self.tip_at(at.x(), at.y()) if inside else "", self.plot)
