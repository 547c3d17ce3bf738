"""The Qt widgets, models and delegates: with app.py, the only code that imports PySide6."""
