"""Where the time went, from py-spy's collapsed stacks (bench/concurrency.py --profile DIR):

    python bench/profile_top.py DIR [--top 30]

Prints the frames that hold the most samples, inclusive (anywhere on the stack) and by the
package they belong to, leaving out threads that only wait (idle pool threads, select)."""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

IDLE = ("wait (threading.py", "select (selectors.py", "_worker (concurrent/futures", "poll (")
FRAME = re.compile(r"^(?P<func>.+?) \((?P<file>[^:]+)(?::\d+)?\)$")


def package(file: str) -> str:
    for marker in ("site-packages/", "/lib/python3"):
        if marker in file:
            rest = file.split(marker, 1)[1].lstrip("/")
            rest = rest.split("/", 1)[1] if marker == "/lib/python3" else rest
            return (
                "stdlib:" + rest.split("/")[0] if marker == "/lib/python3" else rest.split("/")[0]
            )
    return file.split("/")[0] if "/" in file else file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    inclusive: Counter[str] = Counter()
    packages: Counter[str] = Counter()
    total = 0
    for path in Path(args.folder).rglob("*.txt"):
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            frames = stack.split(";")[1:]  # the first is the thread
            if not frames or any(frames[-1].startswith(i) for i in IDLE):
                continue
            samples = int(count)
            total += samples
            for frame in set(frames):
                inclusive[frame] += samples
            match = FRAME.match(frames[-1])
            packages[package(match["file"]) if match else "?"] += samples
    print(f"{total} busy samples")
    print("\nby package of the innermost frame:")
    for name, samples in packages.most_common(15):
        print(f"  {100 * samples / total:5.1f}%  {name}")
    print("\nframes, inclusive:")
    for frame, samples in inclusive.most_common(args.top):
        print(f"  {100 * samples / total:5.1f}%  {frame[:140]}")


if __name__ == "__main__":
    main()
