#!/usr/bin/env bash
# Regenerates every screenshot in this folder from a fresh demo workspace, on a
# private Xvfb display, driving the real app with xdotool as a user would.
# Needs: xvfb, xdotool, and DMDesk installed in .venv (the README's commands).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/screenshots
python=.venv/bin/python
work=$(mktemp -d)
display=:97
# The app's first start puts it in the app menu: in this run's folder, not yours.
export XDG_DATA_HOME="$work/xdg-data"

Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export DISPLAY=$display QT_QPA_PLATFORM=xcb
until xdotool getdisplaygeometry >/dev/null 2>&1; do sleep 0.1; done

# The main window, light and dark, at the standard 1280x800.
"$python" main.py --data-dir "$work/light" --screenshot "$out/main-window.png"
"$python" main.py --data-dir "$work/dark" --dark --screenshot "$out/main-window-dark.png"

# Grabs the screen area of the window named $1 (popups included) into $2.
grab() {
  "$python" docs/screenshots/grab.py "$1" "$2"
}

# wait_for NAME: until a visible window of that name exists.
wait_for() {
  until xdotool search --onlyvisible --name "$1" >/dev/null 2>&1; do sleep 0.1; done
}

# open_app DIR THEME: the app on DIR in the light or dark theme, painted and
# focused ($app is its process, $suffix "" or "-dark" for the picture's name).
open_app() {
  local flag=""
  suffix=""
  [ "$2" = dark ] && flag="--dark" && suffix="-dark"
  "$python" main.py --data-dir "$1" $flag &
  app=$!
  wait_for '^DMDesk( \([0-9]+\))? — '
  sleep 6.5 # first paint, and the start's "no system tray" hint gone again
  xdotool windowfocus --sync "$(xdotool search --onlyvisible --name '^DMDesk( \([0-9]+\))? — ' | head -1)"
}

close_app() {
  kill "$app" 2>/dev/null || true
  app=""
}

# A thread with reactions: Emily's, five down the list.
"$python" main.py --data-dir "$work/reactions" &
app=$!
wait_for '^DMDesk( \([0-9]+\))? — '
sleep 6.5 # first paint, and the start's "no system tray" hint gone again
xdotool windowfocus --sync "$(xdotool search --onlyvisible --name '^DMDesk( \([0-9]+\))? — ' | head -1)"
xdotool key j j j j j
sleep 0.8
grab '^DMDesk( \([0-9]+\))? — ' "$out/reactions.png"

# Waiting: g w, the longest wait first; the third row open, its header in red.
xdotool key g w
sleep 0.8
xdotool key j j
sleep 1.5 # the dwell, the header and the list settled
grab '^DMDesk( \([0-9]+\))? — ' "$out/waiting.png"
kill "$app" 2>/dev/null || true
app=""

# Running the day, light and dark: the snooze menu (b) on the second row, a reply
# scheduled for the morning (g l, Emily's thread, faded), the Send menu
# (Ctrl+Shift+Enter) over a reply being written, an away message in a thread, and
# the report.
for theme in light dark; do
  flag=""; suffix=""
  [ "$theme" = dark ] && flag="--dark" && suffix="-dark"
  "$python" main.py --data-dir "$work/day-$theme" $flag &
  app=$!
  wait_for '^DMDesk( \([0-9]+\))? — '
  sleep 6.5
  xdotool windowfocus --sync "$(xdotool search --onlyvisible --name '^DMDesk( \([0-9]+\))? — ' | head -1)"
  xdotool key j
  sleep 0.6
  xdotool key b
  sleep 0.8
  grab '^DMDesk( \([0-9]+\))? — ' "$out/snooze-menu$suffix.png"
  xdotool key Escape g l
  sleep 1.5
  grab '^DMDesk( \([0-9]+\))? — ' "$out/scheduled$suffix.png"
  xdotool key r
  xdotool type --delay 40 "Thanks Emily, I'll add a card."
  xdotool key ctrl+shift+Return
  sleep 0.8
  grab '^DMDesk( \([0-9]+\))? — ' "$out/send-menu$suffix.png"
  # The away message a customer got last night: Waiting (g w), the second row.
  xdotool key Escape ctrl+a BackSpace Escape
  sleep 0.4
  xdotool key g w
  sleep 0.8
  xdotool key j
  sleep 1.5
  grab '^DMDesk( \([0-9]+\))? — ' "$out/away-message$suffix.png"
  # Reports (g r): the demo's weeks.
  xdotool key g r
  wait_for '^Reports — DMDesk'
  sleep 2.5
  grab '^Reports — DMDesk' "$out/reports$suffix.png"
  xdotool key Escape
  sleep 0.5
  kill "$app" 2>/dev/null || true
  app=""
done

# A customer's photos in the thread, light and dark (found with a search: /, the
# words, Enter), and the first one in the viewer (a click; it is dark in both).
for theme in light dark; do
  flag=""; suffix=""
  [ "$theme" = dark ] && flag="--dark" && suffix="-dark"
  "$python" main.py --data-dir "$work/photos-$theme" $flag &
  app=$!
  wait_for '^DMDesk( \([0-9]+\))? — '
  sleep 6.5
  window=$(xdotool search --onlyvisible --name '^DMDesk( \([0-9]+\))? — ' | head -1)
  xdotool windowfocus --sync "$window"
  xdotool key slash
  xdotool type --delay 30 "wore it all weekend"
  sleep 1.2
  xdotool key Return
  sleep 3.5 # the photos fetched and drawn, the found message's mark faded
  xdotool mousemove --window "$window" 660 620 # off the bubbles
  sleep 0.3
  grab '^DMDesk( \([0-9]+\))? — ' "$out/thread-photos$suffix.png"
  if [ "$theme" = light ]; then
    xdotool mousemove --window "$window" 430 280 click 1 # the first photo
    sleep 1.5
    grab '^DMDesk( \([0-9]+\))? — ' "$out/photo-viewer.png"
    xdotool key Escape
  fi
  kill "$app" 2>/dev/null || true
  app=""
done

# A voice note, light and dark: Jakub's thread (found with a search), the note
# fetched and played with a click on its button, caught halfway.
for theme in light dark; do
  flag=""; suffix=""
  [ "$theme" = dark ] && flag="--dark" && suffix="-dark"
  "$python" main.py --data-dir "$work/voice-$theme" $flag &
  app=$!
  wait_for '^DMDesk( \([0-9]+\))? — '
  sleep 6.5
  window=$(xdotool search --onlyvisible --name '^DMDesk( \([0-9]+\))? — ' | head -1)
  xdotool windowfocus --sync "$window"
  xdotool key slash
  xdotool type --delay 30 "easier to say it"
  sleep 1.2
  xdotool key Return
  sleep 2.5
  xdotool mousemove --window "$window" 391 204 click 1 # the play button
  sleep 1.6
  xdotool mousemove --window "$window" 660 520 # off the bubbles
  grab '^DMDesk( \([0-9]+\))? — ' "$out/voice-note$suffix.png"
  kill "$app" 2>/dev/null || true
  app=""
done

# The guide to connecting Instagram: Accounts (Ctrl+Shift+A), Add account…, the
# platform typed, then a click on "How do I get this?".
"$python" main.py --data-dir "$work/guide" &
app=$!
wait_for '^DMDesk( \([0-9]+\))? — '
sleep 6.5
xdotool windowfocus --sync "$(xdotool search --onlyvisible --name '^DMDesk( \([0-9]+\))? — ' | head -1)"
xdotool key ctrl+shift+a
wait_for '^Accounts$'
dialog=$(xdotool search --onlyvisible --name '^Accounts$' | head -1)
xdotool windowfocus --sync "$dialog"
sleep 0.5
xdotool key Tab space
sleep 0.5
xdotool key shift+Tab
xdotool type --delay 30 "Instagram"
sleep 0.5
xdotool mousemove --window "$dialog" 417 257 click 1
wait_for '^Connect Instagram$'
sleep 0.8
grab '^Connect Instagram$' "$out/connect-guide.png"
kill "$app" 2>/dev/null || true
app=""

# A quoted reply: Ben's thread (found with a search), where he answers with a
# photo and the shop answers the photo; then Q, to answer his newest message.
"$python" main.py --data-dir "$work/quoted" &
app=$!
wait_for '^DMDesk( \([0-9]+\))? — '
sleep 6.5
window=$(xdotool search --onlyvisible --name '^DMDesk( \([0-9]+\))? — ' | head -1)
xdotool windowfocus --sync "$window"
xdotool key slash
xdotool type --delay 30 "no need to send this one back"
sleep 1.2
xdotool key Return
sleep 3.5
xdotool key q
xdotool type --delay 30 "You're very welcome!"
sleep 1
xdotool mousemove --window "$window" 660 200 # off the bubbles
sleep 0.3
grab '^DMDesk( \([0-9]+\))? — ' "$out/quoted-reply.png"
kill "$app" 2>/dev/null || true
app=""

# A photo attached to a reply: r, a few words, the paperclip, a path typed into
# its file dialog.
"$python" - "$work/parcel.jpg" <<'PY'
import sys
from PySide6.QtGui import QColor, QGuiApplication, QImage, QLinearGradient, QPainter
app = QGuiApplication([])
image = QImage(640, 480, QImage.Format.Format_RGB32)
painter = QPainter(image)
shade = QLinearGradient(0, 0, 640, 480)
shade.setColorAt(0, QColor("#c9a27c"))
shade.setColorAt(1, QColor("#7a5230"))
painter.fillRect(image.rect(), shade)
painter.fillRect(200, 150, 240, 180, QColor("#e8d9c4"))  # the label on the box
painter.end()
image.save(sys.argv[1])
PY
"$python" main.py --data-dir "$work/attach" &
app=$!
wait_for '^DMDesk( \([0-9]+\))? — '
sleep 6.5
window=$(xdotool search --onlyvisible --name '^DMDesk( \([0-9]+\))? — ' | head -1)
xdotool windowfocus --sync "$window"
xdotool key r
xdotool type --delay 30 "So sorry about the box! Is this the one?"
xdotool mousemove --window "$window" 406 750 click 1 # the paperclip
wait_for '^Attach files'
sleep 0.8
xdotool type --delay 20 "$work/parcel.jpg"
xdotool key Return
sleep 1.5
grab '^DMDesk( \([0-9]+\))? — ' "$out/attached-photo.png"
kill "$app" 2>/dev/null || true
app=""

# Replies → Away message…, from the palette (Ctrl+K), once business hours are set
# (Mon–Fri 09:00–17:30, Sat 10:00–14:00) and the away message is on.
mkdir -p "$work/away/demo-workspace"
"$python" - "$work/away/demo-workspace/settings.ini" <<'PY'
import sys
from datetime import time
from PySide6.QtCore import QSettings
from dmdesk.services.business_hours import BusinessHours, Span
week = ((Span(time(9), time(17, 30)),),) * 5 + ((Span(time(10), time(14)),), ())
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
settings.setValue("business/hours", BusinessHours(week).to_json())
settings.setValue("away/on", True)
settings.sync()
PY
"$python" main.py --data-dir "$work/away" &
app=$!
wait_for '^DMDesk( \([0-9]+\))? — '
sleep 6.5
xdotool windowfocus --sync "$(xdotool search --onlyvisible --name '^DMDesk( \([0-9]+\))? — ' | head -1)"
xdotool key ctrl+k
sleep 0.6
xdotool type --delay 40 "Away message"
sleep 0.4
xdotool key Return
wait_for '^Away message$'
sleep 1
grab '^Away message$' "$out/away-dialog.png"
kill "$app" 2>/dev/null || true
app=""

# The "/" popup: r to reply, / to open it. Then the library: Ctrl+Shift+Q.
"$python" main.py --data-dir "$work/live" &
app=$!
wait_for '^DMDesk( \([0-9]+\))? — '
sleep 6.5 # first paint, the services, and the start's hint gone
xdotool windowfocus --sync "$(xdotool search --onlyvisible --name '^DMDesk( \([0-9]+\))? — ' | head -1)"
xdotool key r
xdotool type --delay 60 "Happy to help! /"
sleep 0.8
grab '^DMDesk( \([0-9]+\))? — ' "$out/quick-reply-popup.png"
xdotool key Escape
xdotool key ctrl+a BackSpace
xdotool key ctrl+shift+q
wait_for "^Quick replies$"
sleep 0.5
xdotool key Down Down Down
sleep 0.5
grab "^Quick replies$" "$out/quick-reply-library.png"
# A price list on "Prices": Attach file…, a path typed into its file dialog.
head -c 86000 /dev/urandom | { printf '%%PDF-1.4\n'; cat; } > "$work/price-list-2026.pdf"
xdotool mousemove --window "$(xdotool search --onlyvisible --name '^Quick replies$' | head -1)" 481 183 click 1
wait_for '^Attach files'
sleep 0.8
xdotool type --delay 20 "$work/price-list-2026.pdf"
xdotool key Return
sleep 1.5
grab "^Quick replies$" "$out/quick-reply-files.png"
xdotool key Escape

# Search: save one search (Ctrl+S), then search for "order", open the sixth
# result (a message in context, marked), and picture it with its highlights.
xdotool windowfocus --sync "$(xdotool search --onlyvisible --name '^DMDesk( \([0-9]+\))? — ' | head -1)"
xdotool key Escape slash
xdotool type --delay 40 "platform:instagram is:unanswered "
sleep 0.8
xdotool key ctrl+s
wait_for "^Save search$"
xdotool key ctrl+a
xdotool type --delay 20 "Unanswered Instagram"
xdotool key Return
sleep 0.8
xdotool windowfocus --sync "$(xdotool search --onlyvisible --name '^DMDesk( \([0-9]+\))? — ' | head -1)"
xdotool key ctrl+a BackSpace
xdotool type --delay 60 "order"
sleep 1
xdotool key Down Down Down Down Down Down Return
sleep 0.6
grab '^DMDesk( \([0-9]+\))? — ' "$out/search.png"
xdotool key slash Escape

# The command palette: Ctrl+K, a few letters; actions with their key caps, then
# people and Preferences.
xdotool key Escape ctrl+k
wait_for "^Command palette$"
xdotool type --delay 60 "ar"
sleep 0.6
grab "^Command palette$" "$out/palette.png"
xdotool key Escape

# File → Import history… from the demo: an Instagram download (the test suite's
# invented one), its preview, then the user's own workspace with that history.
download="$work/instagram-juniper.thread-2024-03-02.zip"
"$python" -c 'import sys; sys.path[:0] = ["tests/importers", "tests"]; import downloads as d
from pathlib import Path; t = Path(sys.argv[1]); d.zipped(d.write(t.with_suffix(""), d.instagram_files()), t)' "$download"
xdotool windowfocus --sync "$(xdotool search --onlyvisible --name '^DMDesk( \([0-9]+\))? — ' | head -1)"
xdotool key ctrl+shift+o
wait_for "^Import history$"
sleep 0.5
xdotool key space # "Choose .zip or file…"
sleep 1
xdotool type --delay 20 "$download"
xdotool key Return
sleep 2
grab "^Import history$" "$out/import-preview.png"
xdotool key Return # Import
sleep 2
xdotool key Return # Show conversations: the own workspace opens
sleep 3
xdotool windowfocus --sync "$(xdotool search --onlyvisible --name '^DMDesk( \([0-9]+\))?$' | head -1)"
xdotool key j j
sleep 1
grab '^DMDesk( \([0-9]+\))?$' "$out/imported-history.png"
kill "$app" 2>/dev/null || true
app=""

# A question only the user can answer: a WhatsApp chat whose every date reads
# both ways, in both themes.
chat="$work/WhatsApp Chat with Ana Lima.txt"
printf '%s\n' "03/04/2024, 10:00 - Ana Lima: Hi! Is the green scarf still there?" \
  "03/04/2024, 10:02 - Juniper Thread: It is, I'll keep it for you" > "$chat"
for theme in light dark; do
  open_app "$work/question-$theme" "$theme"
  xdotool key ctrl+shift+o
  wait_for "^Import history$"
  sleep 0.5
  xdotool key space
  sleep 1
  xdotool type --delay 20 "$chat"
  xdotool key Return
  sleep 2
  grab "^Import history$" "$out/import-question$suffix.png"
  close_app
done

# One person on two channels: Chloé (Instagram, the first row) merged with Farah's
# WhatsApp through the palette's "Merge this person with another…", in both themes.
for theme in light dark; do
  open_app "$work/people-$theme" "$theme"
  xdotool key ctrl+k
  sleep 0.8
  xdotool type --delay 40 "Merge this"
  sleep 0.6
  xdotool key Return
  wait_for '^Merge with…$'
  sleep 0.5
  xdotool type --delay 40 "Farah"
  sleep 0.8
  grab '^Merge with…$' "$out/merge-picker$suffix.png"
  xdotool key Return
  sleep 1.5
  grab '^DMDesk( \([0-9]+\))? — ' "$out/merged-person$suffix.png"
  close_app
done

# A merge suggestion: Farah on Telegram from her WhatsApp number, in both themes.
for theme in light dark; do
  "$python" docs/screenshots/seed_twin.py "$work/twin-$theme"
  open_app "$work/twin-$theme" "$theme"
  xdotool key ctrl+k
  sleep 0.8
  xdotool type --delay 40 "Farah Aziz"
  sleep 0.6
  xdotool key Return
  sleep 1.5
  grab '^DMDesk( \([0-9]+\))? — ' "$out/merge-suggestion$suffix.png"
  close_app
done

# Stages: S then 3 (Ordered) on Chloé, S then 6 (Pitched) on Grace, S then 3 on
# Emily, then back to Chloé: the stage on the rows, in the pane and counted on the
# left, with the tags as chips, in both themes.
for theme in light dark; do
  open_app "$work/stages-$theme" "$theme"
  xdotool key s 3
  sleep 0.6
  xdotool key j
  sleep 0.4
  xdotool key s 6
  sleep 0.6
  xdotool key j
  sleep 0.4
  xdotool key s 3
  sleep 0.6
  xdotool key k k
  sleep 1
  grab '^DMDesk( \([0-9]+\))? — ' "$out/stages$suffix.png"
  close_app
done

# The People table (g c) after three people were given stages, in both themes.
for theme in light dark; do
  open_app "$work/people-table-$theme" "$theme"
  xdotool key s 3
  sleep 0.5
  xdotool key j
  sleep 0.3
  xdotool key s 6
  sleep 0.5
  xdotool key j
  sleep 0.3
  xdotool key s 4
  sleep 0.5
  xdotool key g c
  wait_for '^People — DMDesk$'
  sleep 1.2
  grab '^People — DMDesk$' "$out/people-table$suffix.png"
  close_app
done

# Forgetting a person: the palette's "Forget this person…" on Chloé, the question
# it asks first, in both themes (cancelled: nothing is deleted).
for theme in light dark; do
  open_app "$work/forget-$theme" "$theme"
  xdotool key ctrl+k
  sleep 0.8
  xdotool type --delay 40 "Forget this"
  sleep 0.6
  xdotool key Return
  wait_for '^Forget a person$'
  sleep 0.8
  grab '^Forget a person$' "$out/forget-person$suffix.png"
  xdotool key Escape
  close_app
done

# A stranger's program that reads as a PDF, and a link that starts like PayPal's:
# clicked where they are drawn, in both themes.
"$python" docs/screenshots/stranger_scene.py "$out"
"$python" docs/screenshots/stranger_scene.py "$out" --dark

# Adding a Telegram bot (fake Bot API), then a Matrix account with bridged chats
# on a real Synapse (.venv-synapse, as the tests use it), each on a private keyring.
"$python" docs/screenshots/accounts_scene.py "$out"
echo "screenshots written to $out"
