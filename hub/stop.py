"""Stop the course's JupyterHub and remove what hub/start.py made (as root).

    sudo .venv/bin/python hub/stop.py [--root /srv/medai-hub]

Stops the hub, its proxy and every process of its accounts, deletes those accounts with their
home folders (only accounts named ``medai-...`` that start.py created), and the hub's folder
with the exchange.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import course_hub


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=course_hub.DEFAULT_ROOT,
        help="the hub's folder (default: %(default)s)",
    )
    args = parser.parse_args(argv)

    def stop() -> None:
        removed = course_hub.stop(args.root)
        print("removed: " + (", ".join(removed) if removed else f"nothing (no hub in {args.root})"))

    return course_hub.main_guard(stop)


if __name__ == "__main__":
    sys.exit(main())
