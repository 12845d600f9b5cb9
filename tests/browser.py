"""A real browser for the HTML report's tests: headless Chromium (Debian's `chromium`
package), its DOM after the page's script ran, and its screenshots decoded with the
standard library."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

_FLAGS = [
    "--headless",
    "--no-sandbox",  # as root in a container there is no user namespace for the sandbox
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--mute-audio",
]


def chromium() -> str:
    """The browser, or skip (fail where CI says a browser is required)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("REPORT_VALIDATOR_REQUIRE_BROWSER"):
        pytest.fail("no chromium on PATH, and this run requires it (apt-get install chromium)")
    pytest.skip("no chromium on PATH (Debian: apt-get install chromium)")


def _run(arguments: list[str], profile: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [chromium(), *_FLAGS, f"--user-data-dir={profile}", *arguments],
        capture_output=True,
        timeout=120,
        check=True,
    )


def dom(page: Path, fragment: str = "", width: int | None = None) -> str:
    """The page's DOM after its script ran (`fragment`: the address's #part; `width`: of
    the window, in CSS pixels)."""
    size = [f"--window-size={width},900"] if width else []
    with tempfile.TemporaryDirectory() as profile:
        done = _run(
            [*size, "--virtual-time-budget=5000", "--dump-dom", page.as_uri() + fragment], profile
        )
    return done.stdout.decode("utf-8")


# Appended to a copy of a page by `layout`: the real layout's measures, written into the DOM
# (Chromium's --dump-dom gives no other way to read them).
_MEASURE = """<script>
window.addEventListener('load',function(){
  var out={page:document.documentElement.scrollWidth,window:window.innerWidth,tables:{}};
  [].slice.call(document.querySelectorAll('table[id]')).forEach(function(t){
    out.tables[t.id]=Math.round(t.getBoundingClientRect().right);});
  out.rule_lines=[].slice.call(document.querySelectorAll('#findings td.rule')).map(function(c){
    var h=parseFloat(getComputedStyle(c.firstChild).lineHeight)||15;
    return Math.round(c.firstChild.getBoundingClientRect().height/h);});
  out.row_display=getComputedStyle(document.querySelector('#findings tbody tr')).display;
  var m=document.createElement('pre');m.id='measured';m.textContent=JSON.stringify(out);
  document.body.appendChild(m);});
</script>"""


def layout(page: Path, width: int) -> dict[str, object]:
    """Measures of the page laid out in a window `width` CSS pixels wide: the page's scroll
    width, each table's right edge, the lines each rule id of the findings takes, and how a
    findings row is displayed."""
    import html
    import json
    import re

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / page.name
        copy.write_text(page.read_text(encoding="utf-8").replace("</body>", _MEASURE + "</body>"))
        found = re.search(r'<pre id="measured">(.*?)</pre>', dom(copy, width=width), re.S)
    assert found, "the measures were not written: the page's layout did not load"
    measured: dict[str, object] = json.loads(html.unescape(found.group(1)))
    return measured


def screenshot(page: Path, width: int, height: int) -> list[list[tuple[int, int, int]]]:
    """The page as rendered in a window of width x height CSS pixels, at half
    scale (a quarter of the pixels to decode in Python): rows of RGB pixels."""
    with tempfile.TemporaryDirectory() as profile:
        target = Path(profile) / "shot.png"
        _run(
            [
                f"--window-size={width},{height}",
                "--force-device-scale-factor=0.5",
                f"--screenshot={target}",
                page.as_uri(),
            ],
            profile,
        )
        return decode_png(target.read_bytes())


def save_screenshot(page: Path, width: int, height: int, target: Path) -> None:
    """The page at full scale as a PNG file, to look at."""
    with tempfile.TemporaryDirectory() as profile:
        _run([f"--window-size={width},{height}", f"--screenshot={target}", page.as_uri()], profile)


def decode_png(data: bytes) -> list[list[tuple[int, int, int]]]:
    """8-bit RGB or RGBA PNG to rows of RGB pixels (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, chunks, header = 8, b"", b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks += body
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = zlib.decompress(chunks)
    rows: list[list[tuple[int, int, int]]] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + guess) & 0xFF
        rows.append(
            [tuple(line[x : x + 3]) for x in range(0, stride, channels)]  # type: ignore[misc]
        )
        previous = line
    return rows
