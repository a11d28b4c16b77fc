"""Rebuilds the sandbox page's emoji font (sandbox/web/static/emoji.woff2).

The page shows Slack's :shortcodes: as pictures on machines without an emoji font, so it ships
the few pictures it knows: the shortcode table in sandbox/web/static/mrkdwn.js, cut out of
Google's Noto Color Emoji (SIL Open Font License 1.1, sandbox/web/static/emoji-OFL.txt).

    apt-get install fonts-noto-color-emoji && pip install fonttools brotli
    python tools/emoji_font.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
TABLE = ROOT / "sandbox" / "web" / "static" / "mrkdwn.js"
TARGET = ROOT / "sandbox" / "web" / "static" / "emoji.woff2"


def codepoints() -> list[int]:
    table = TABLE.read_text(encoding="utf-8").split("const EMOJI = {", 1)[1].split("};", 1)[0]
    found = {int(h, 16) for h in re.findall(r"\\u\{?([0-9A-Fa-f]{4,5})\}?", table)}
    return sorted(found)


def main() -> int:
    options = subset.Options()
    options.flavor = "woff2"
    font = subset.load_font(str(SOURCE), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints())
    subsetter.subset(font)
    subset.save_font(font, str(TARGET), options)
    print(f"{TARGET.relative_to(ROOT)}: {len(codepoints())} code points")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
