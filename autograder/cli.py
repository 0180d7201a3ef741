"""Command line: ``python -m autograder {release,grade,feedback,export} ASSIGNMENT_ID``.

Exit status: 0 when the batch ran (even if some submissions failed: see the summary), 2 when
it could not run at all (unknown assignment, no course folder, ...; the message says what to
do).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import errors, pipeline
from . import summary as sm
from .course import Course, ensure_tools_on_path, quiet_library_warnings

EXIT_OK = 0
EXIT_CANNOT_RUN = 2


def _timeout(value: str) -> int:
    try:
        seconds = int(value)
    except ValueError:
        seconds = 0
    if seconds < 1:
        raise argparse.ArgumentTypeError(errors.BAD_TIMEOUT.format(value=value))
    return seconds


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m autograder``."""
    parser = argparse.ArgumentParser(
        prog="python -m autograder",
        description="Release, grade, give feedback on and export an nbgrader assignment.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    helps = {
        "release": "generate the student version in release/ID/ and record the assignment",
        "grade": "autograde every submission in submitted/*/ID/ and write a summary",
        "feedback": "write feedback/<student>/ID/*.html for every autograded submission",
        "export": "write a CSV of the grades (one row per student who submitted)",
    }
    for name, text in helps.items():
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("assignment_id", metavar="ASSIGNMENT_ID")
        command.add_argument(
            "--course-dir",
            type=Path,
            default=None,
            help="folder with nbgrader_config.py (default: the current directory if it has "
            "one, else the repository root)",
        )
        if name == "grade":
            command.add_argument(
                "--timeout",
                type=_timeout,
                default=None,
                metavar="SECONDS",
                help="per-cell time limit for this batch (default: Execute.timeout in "
                "nbgrader_config.py)",
            )
        if name == "export":
            command.add_argument(
                "--output",
                type=Path,
                default=None,
                metavar="PATH",
                help="CSV file to write (default: exports/ID_grades.csv)",
            )
    return parser


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def run(args: argparse.Namespace) -> int:
    """Run one parsed command and print its report; return the exit status."""
    course = Course.load(args.course_dir)
    if args.command == "release":
        result = pipeline.release(course, args.assignment_id)
        print(f"Student version of '{args.assignment_id}' written to {result.folder}:")
        for path in result.files:
            print(f"  {_relative(path, course.root)}")
        print(f"Give students the folder {_relative(result.folder, course.root)}/ as it is.")
    elif args.command == "grade":
        summary = pipeline.grade(course, args.assignment_id, timeout=args.timeout)
        print()
        print(sm.format_table(summary))
        path = sm.summary_path(course.autograded_dir, args.assignment_id)
        print(f"\nSummary written to {_relative(path, course.root)}")
    elif args.command == "feedback":
        result = pipeline.feedback(course, args.assignment_id)
        print(f"Feedback written for {len(result.written)} student(s):")
        for student_id, files in result.written.items():
            names = ", ".join(_relative(p, course.root) for p in files)
            print(f"  {student_id}: {names}")
        if result.without:
            print(f"No feedback for {len(result.without)} student(s):")
            for student_id, reason in result.without.items():
                print(f"  {student_id}: {reason}")
    elif args.command == "export":
        path = pipeline.export(course, args.assignment_id, output=args.output)
        print(f"Grades of '{args.assignment_id}' written to {_relative(path, course.root)}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m autograder``.

    Parameters
    ----------
    argv
        Arguments without the program name; None reads ``sys.argv``.

    Returns
    -------
    int
        The exit status.
    """
    args = build_parser().parse_args(argv)
    ensure_tools_on_path()
    quiet_library_warnings()
    try:
        return run(args)
    except errors.AutograderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
