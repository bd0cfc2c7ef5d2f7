#!/usr/bin/env bash
# Makes every icon file from icons/dockhand.svg, the one drawn source:
#   icons/png/dockhand-<N>.png   N = 16 32 48 64 128 256 512   (Linux, the window icon, jpackage on Linux)
#   icons/dockhand.ico           16..256 in one file           (Windows: jpackage --icon, the .msi)
#   icons/dockhand.icns          16..512 in one file           (macOS: jpackage --icon, the .dmg)
# and copies 16..256 into src/main/resources/dev/dockhand/ui/icons/ for the window icon.
# The outputs are checked in; run this after editing the SVG and commit them together:
#   bash icons/make-icons.sh
# Tools (Debian): rsvg-convert (librsvg2-bin), png2icns (icnsutils), convert (imagemagick). Missing
# ones are installed with apt-get.
set -euo pipefail
cd "$(dirname "$0")"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
command -v rsvg-convert >/dev/null 2>&1 || missing+=(librsvg2-bin)
command -v png2icns >/dev/null 2>&1 || missing+=(icnsutils)
command -v convert >/dev/null 2>&1 || missing+=(imagemagick)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "make-icons: installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p png
for n in 16 32 48 64 128 256 512; do
  rsvg-convert --width "$n" --height "$n" --format png dockhand.svg --output "png/dockhand-$n.png"
done

# Windows: one .ico with every size Explorer and the taskbar ask for (256 is stored PNG-compressed).
convert png/dockhand-{16,32,48,64,128,256}.png dockhand.ico

# macOS: png2icns takes the sizes the format has (16, 32, 48, 128, 256, 512; 64 is not one of them).
png2icns dockhand.icns png/dockhand-{16,32,48,128,256,512}.png >/dev/null

# The window icon (WizardWindow adds these to the stage).
resources=../src/main/resources/dev/dockhand/ui/icons
mkdir -p "$resources"
for n in 16 32 48 64 128 256; do
  cp "png/dockhand-$n.png" "$resources/dockhand-$n.png"
done

echo "make-icons: wrote $(ls png | wc -l) PNGs, dockhand.ico, dockhand.icns and the window icons"
