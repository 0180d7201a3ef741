"""Start the course's JupyterHub on this machine (as root): accounts, exchange, course, hub.

    sudo .venv/bin/python hub/start.py [--root /srv/medai-hub] [--assignment ID ...] [--students 3]

Creates an instructor and students as local accounts (``medai-instructor``,
``medai-student1``...), nbgrader's exchange, the instructor's course folder with the chosen
assignments released, then starts JupyterHub with configurable-http-proxy on free localhost
ports and prints its address. ``hub/stop.py`` removes all of it. See
book/instructor_jupyterhub.md.
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
        help="the hub's folder, created here (default: %(default)s)",
    )
    parser.add_argument(
        "--assignment",
        action="append",
        dest="assignments",
        help="assignment to release (repeat; default: data_to_decision)",
    )
    parser.add_argument("--students", type=int, default=3, help="number of student accounts")
    args = parser.parse_args(argv)
    assignments = tuple(args.assignments or course_hub.DEFAULT_ASSIGNMENTS)

    def start() -> None:
        settings = course_hub.start(args.root, assignments, args.students)
        print(course_hub.describe(settings))

    return course_hub.main_guard(start)


if __name__ == "__main__":
    sys.exit(main())
