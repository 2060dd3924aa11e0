#!/usr/bin/env bash
# Renders an HTML page — such as ChatPreview's DingTalk chat preview — to a PNG with headless Chromium.
#
#   scripts/render-preview.sh HTML_FILE PNG_FILE [HEIGHT]
#
# HEIGHT is the page height in CSS pixels; without it the page is measured first (falling back to 1800), so the
# PNG holds the whole chat. The window is 430 CSS pixels wide (ChatPreview's phone column is 390 of them) and the
# PNG is drawn at SCALE (default 2) device pixels per CSS pixel, e.g. 860 px wide. Where the page has no
# background the PNG is transparent (ChatPreview's phone then floats on the README's own background).
#
# Installs Debian's chromium when /usr/bin/chromium is missing, and fonts-noto-cjk when fontconfig knows no
# Chinese font (needs root or sudo, and the Debian mirror). Every Chromium run is bounded by `timeout 120`.
set -euo pipefail

readonly WIDTH=430
readonly DEFAULT_HEIGHT=1800
readonly MIN_HEIGHT=200
readonly SCALE="${SCALE:-2}"

die() { echo "render-preview: $*" >&2; exit 1; }

[[ $# -ge 2 && $# -le 3 ]] || die "usage: $0 HTML_FILE PNG_FILE [HEIGHT]"
html="$1"
png="$2"
height="${3:-}"
[[ -f "$html" ]] || die "no such file: $html"
[[ -z "$height" || "$height" =~ ^[1-9][0-9]{1,4}$ ]] || die "HEIGHT must be a number of pixels, not '$height'"
[[ "$SCALE" =~ ^[1-4]$ ]] || die "SCALE must be 1 to 4, not '$SCALE'"

# apt-get install, with an apt-get update first only when the package lists are stale.
install_packages() {
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || die "$* missing: install it as root (apt-get install -y $*)"
        sudo=(sudo)
    fi
    echo "render-preview: installing $* ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! "${sudo[@]}" apt-get install -y --no-install-recommends "$@" >&2; then
        "${sudo[@]}" apt-get update >&2
        "${sudo[@]}" apt-get install -y --no-install-recommends "$@" >&2
    fi
}

[[ -x /usr/bin/chromium ]] || install_packages chromium
[[ -x /usr/bin/chromium ]] || die "chromium did not install"
if ! command -v fc-list >/dev/null || [[ -z "$(fc-list :lang=zh 2>/dev/null)" ]]; then
    install_packages fontconfig fonts-noto-cjk
fi

# file:// URL of an absolute path (percent-encoding what a path may hold and a URL may not).
file_url() {
    local path
    path="$(realpath "$1")"
    path="${path//%/%25}"
    path="${path// /%20}"
    path="${path//#/%23}"
    path="${path//\?/%3F}"
    printf 'file://%s' "$path"
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

chromium() {
    timeout 120 /usr/bin/chromium \
        --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile" --hide-scrollbars --force-device-scale-factor="$SCALE" \
        --default-background-color=00000000 \
        "$@" 2>"$work/chromium.log"
}

if [[ -z "$height" ]]; then
    # Measure: a copy of the page, without its Content-Security-Policy (which forbids scripts), with a script that
    # writes the page's height into the DOM, which --dump-dom prints. --dump-dom ignores --window-size's width (it
    # lays out at least 500 px wide), so the copy is held to WIDTH; a short window keeps min-height: 100vh small.
    sed -E 's/<meta[^>]*http-equiv="?Content-Security-Policy"?[^>]*>//I' "$html" >"$work/measure.html"
    printf '%s\n' "<style>html { width: ${WIDTH}px !important; }</style>" \
        '<script>document.documentElement.setAttribute("data-preview-height", String(Math.ceil(document.documentElement.scrollHeight)));</script>' \
        >>"$work/measure.html"
    dom="$(chromium --window-size="$WIDTH,200" --dump-dom "$(file_url "$work/measure.html")" || true)"
    height="$(grep -o 'data-preview-height="[0-9]*"' <<<"$dom" | head -n 1 | grep -o '[0-9][0-9]*' || true)"
    if [[ -z "$height" ]]; then
        echo "render-preview: could not measure the page; using a height of $DEFAULT_HEIGHT" >&2
        height=$DEFAULT_HEIGHT
    elif ((height < MIN_HEIGHT)); then
        height=$MIN_HEIGHT # Chromium draws nothing into a very short window
    fi
fi

if ((height * SCALE > 16000)); then
    echo "render-preview: warning: a ${height} px page at SCALE=$SCALE may exceed what Chromium can capture; try SCALE=1 or fewer messages" >&2
fi

mkdir -p "$(dirname "$png")"
out="$(realpath "$(dirname "$png")")/$(basename "$png")"
rm -f "$out"
if ! chromium --window-size="$WIDTH,$height" --screenshot="$out" "$(file_url "$html")"; then
    cat "$work/chromium.log" >&2
    die "chromium failed (or took over 120 s)"
fi
[[ -s "$out" ]] || { cat "$work/chromium.log" >&2; die "chromium wrote no screenshot"; }
echo "render-preview: wrote $png ($((WIDTH * SCALE))x$((height * SCALE)) px)" >&2
