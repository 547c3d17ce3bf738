"""Grabs the screen area of the visible window named like argv[1] (its popups
included) into the PNG argv[2]. Used by make.sh and matrix_scene.py on Xvfb."""

import subprocess
import sys

from PySide6.QtWidgets import QApplication

app = QApplication([])
window = subprocess.run(
    ["xdotool", "search", "--onlyvisible", "--name", sys.argv[1]],
    capture_output=True,
    text=True,
    check=True,
).stdout.split()[0]
geometry = subprocess.run(
    ["xdotool", "getwindowgeometry", "--shell", window], capture_output=True, text=True
).stdout
g = dict(line.split("=") for line in geometry.split())
shot = app.primaryScreen().grabWindow(
    0, int(g["X"]), int(g["Y"]), int(g["WIDTH"]), int(g["HEIGHT"])
)
sys.exit(0 if shot.save(sys.argv[2]) else 1)
