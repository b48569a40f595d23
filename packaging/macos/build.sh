#!/usr/bin/env bash
# Build, sign and notarise Evidence Diary.app on macOS (run from the repository root).
#   CODESIGN_IDENTITY="Developer ID Application: …"  NOTARY_PROFILE=…  packaging/macos/build.sh
set -euo pipefail
python3 -m venv .build-venv
.build-venv/bin/pip install -q . "pyinstaller>=6.10"

# Icon: an .icns made from the PNG renders of resources/icons/evidence-diary.svg.
iconset=$(mktemp -d)/diary.iconset
mkdir -p "$iconset"
for size in 16 32 128 256 512; do
  cp "resources/icons/evidence-diary-$size.png" "$iconset/icon_${size}x${size}.png"
done
for size in 16 128 256; do
  cp "resources/icons/evidence-diary-$((size * 2)).png" "$iconset/icon_${size}x${size}@2x.png"
done
iconutil -c icns "$iconset" -o packaging/macos/diary.icns

.build-venv/bin/pyinstaller --noconfirm --clean packaging/diary.spec
app="dist/Evidence Diary.app"
"$app/Contents/MacOS/diary" --self-test

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp \
    --entitlements packaging/macos/entitlements.plist --sign "$CODESIGN_IDENTITY" "$app"
  ditto -c -k --keepParent "$app" dist/EvidenceDiary-macos.zip
  if [ -n "${NOTARY_PROFILE:-}" ]; then
    xcrun notarytool submit dist/EvidenceDiary-macos.zip --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$app"
  fi
else
  echo "Not signed: set CODESIGN_IDENTITY (and NOTARY_PROFILE) to sign and notarise." >&2
fi
