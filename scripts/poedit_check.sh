#!/usr/bin/env bash
# Open a PO file in the real Poedit under a virtual X server and check it loads without an error
# dialog: exactly one visible window, Poedit's main window titled "<file> ... - Poedit". A file
# Poedit cannot load shows an extra "Invalid file"/"Poedit Error" window instead.
#
#   scripts/poedit_check.sh FILE.po SCREENSHOT.png [--save]   (needs poedit, xvfb-run, xdotool, imagemagick)
#
# With --save, Ctrl+S is then sent to the main window and the script waits until Poedit has
# rewritten FILE.po (what a reviewer's save does to our files; exit 1 if it never does).
# Prints the visible window titles; exit 0 = loaded cleanly (and saved), 1 = error dialog, no main
# window or no save, 77 = a needed program is missing.
set -u
po="$1"; shot="$2"; save="${3:-}"
for tool in poedit xvfb-run xdotool import; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool"; exit 77; }
done
if [ -z "${DISPLAY_CHECK_INNER:-}" ]; then
  export DISPLAY_CHECK_INNER=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi
# A private HOME/runtime dir: Poedit is single-instance per user session and keeps settings there.
scratch="$(mktemp -d)"
export HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/run" XDG_CONFIG_HOME="$scratch/home/.config"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
setsid poedit "$po" >"$scratch/poedit.log" 2>&1 &
pid=$!
list_windows() { for w in $(xdotool search --onlyvisible --name '.' 2>/dev/null); do xdotool getwindowname "$w"; done | sort; }
titles=""
for _ in $(seq 1 60); do  # up to 30 s for the first window (slow, shared CI machines)
  sleep 0.5
  titles="$(list_windows)"
  [ -n "$titles" ] && break
done
# Then wait until the window list has been stable for 3 s (an error dialog can follow the main
# window by a second or two under load), at most 15 s more.
stable=0
for _ in $(seq 1 30); do
  sleep 0.5
  now="$(list_windows)"
  if [ "$now" = "$titles" ]; then stable=$((stable + 1)); else stable=0; titles="$now"; fi
  [ "$stable" -ge 6 ] && break
done
saved=1
if [ "$save" = "--save" ]; then
  saved=0
  before="$(md5sum "$po"; stat -c %Y "$po")"
  win="$(xdotool search --onlyvisible --name ' - Poedit$' 2>/dev/null | head -1)"
  if [ -n "$win" ]; then
    xdotool windowactivate --sync "$win" 2>/dev/null; xdotool windowfocus --sync "$win" 2>/dev/null
    sleep 0.5
    xdotool key --window "$win" --clearmodifiers ctrl+s
    for _ in $(seq 1 40); do  # up to 20 s
      sleep 0.5
      [ "$(md5sum "$po"; stat -c %Y "$po")" != "$before" ] && { saved=1; sleep 1; break; }
    done
  fi
fi
import -window root "$shot" 2>/dev/null
kill -9 -- "-$pid" 2>/dev/null; kill -9 "$pid" 2>/dev/null
rm -rf "$scratch"
printf '%s\n' "$titles"
name="$(basename "$po")"
count="$(printf '%s\n' "$titles" | grep -c .)"
if [ "$count" -eq 1 ] && [ "$saved" -eq 1 ] && printf '%s\n' "$titles" | grep -q "^$name.* - Poedit$"; then
  exit 0
fi
exit 1
