"""The command line shared by the generated-page tools: write the page, or check that it is current."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def page_main(argv: list[str] | None, render: Callable[[], str], default: Path, description: str) -> int:
    """Write `render()` to the page (default `default`), or with `--check` exit 1 if the page differs."""
    script = Path(sys.modules[render.__module__].__file__ or "").name
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--check", action="store_true", help="exit 1 if the committed page is out of date")
    ap.add_argument("-o", "--output", type=Path, default=default, help=f"page to write (default: docs/{default.name})")
    args = ap.parse_args(argv)
    text = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run python docs/tools/{script}", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
