#!/usr/bin/env bash
# Install a built dist/diary for the current user: the app, its menu entry and icons.
#   packaging/linux/install.sh [--discreet]
# --discreet installs the menu entry as "Notes" with a neutral icon instead.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
prefix=${XDG_DATA_HOME:-$HOME/.local/share}
desktop=org.evidencediary.Diary.desktop
icon=evidence-diary
if [ "${1:-}" = "--discreet" ]; then
  desktop=org.evidencediary.Diary.notes.desktop
  icon=notes
fi
mkdir -p "$HOME/.local/opt" "$HOME/.local/bin" "$prefix/applications" "$prefix/metainfo"
rm -rf "$HOME/.local/opt/diary"
cp -r "$root/dist/diary" "$HOME/.local/opt/diary"
ln -sf "$HOME/.local/opt/diary/diary" "$HOME/.local/bin/diary"
install -m 644 "$here/$desktop" "$prefix/applications/$desktop"
[ "$icon" = notes ] || install -m 644 "$here/org.evidencediary.Diary.metainfo.xml" "$prefix/metainfo/"
name=org.evidencediary.Diary
[ "$icon" = notes ] && name=org.evidencediary.Diary.notes
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$prefix/icons/hicolor/${size}x${size}/apps"
  install -m 644 "$root/resources/icons/$icon-$size.png" "$prefix/icons/hicolor/${size}x${size}/apps/$name.png"
done
mkdir -p "$prefix/icons/hicolor/scalable/apps"
install -m 644 "$root/resources/icons/$icon.svg" "$prefix/icons/hicolor/scalable/apps/$name.svg"
echo "Installed. Start it from the applications menu, or run: diary"
