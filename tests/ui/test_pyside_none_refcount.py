"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every void call and
aborts after ~5,000 of them. The pin in pyproject.toml avoids it; this keeps an
upgrade from bringing it back unnoticed."""

from PySide6.QtWidgets import QLabel


def test_twenty_thousand_void_calls_survive(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    for number in range(20_000):
        label.setText(str(number))
        label.update()
    assert label.text() == "19999"
