"""`python -m sandbox.console`: the sandbox's terminal interface (`python -m sandbox --console`)."""

from __future__ import annotations

import sys
from typing import TextIO

from sandbox.__main__ import main as sandbox_main


def main(
    argv: list[str] | None = None, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    return sandbox_main(["--console", "--port", "0", *args], stdin, stdout)


if __name__ == "__main__":
    raise SystemExit(main())
