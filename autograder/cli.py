"""Command line: ``python -m autograder {release,collect,grade,feedback,export,report} ID``,
``python -m autograder certificates MODULE`` and ``python -m autograder verify CODE|FILE``.

Exit status: 0 when the batch ran (even if some submissions failed: see the summary), 2 when
it could not run at all (unknown assignment, no course folder, ...; the message says what to
do).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import batch, errors, package, release
from . import certificates as certificates_step
from . import collect as collect_step
from . import export as export_step
from . import feedback as feedback_step
from . import report as report_step
from . import summary as sm
from .course import Course, ensure_tools_on_path, quiet_library_warnings

EXIT_OK = 0
EXIT_NOT_GENUINE = 1  # verify: the certificate is not genuine or was altered
EXIT_CANNOT_RUN = 2


def _timeout(value: str) -> int:
    try:
        seconds = int(value)
    except ValueError:
        seconds = 0
    if seconds < 1:
        raise argparse.ArgumentTypeError(errors.BAD_TIMEOUT.format(value=value))
    return seconds


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(errors.BAD_JOBS.format(value=value))
    return jobs


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m autograder``."""
    parser = argparse.ArgumentParser(
        prog="python -m autograder",
        description="Release, collect, grade, give feedback on, export and report on an "
        "nbgrader assignment.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    helps = {
        "release": "generate the student version in release/ID/, record the assignment and "
        "pack release/ID.zip for the LMS",
        "collect": "copy the submissions of a folder or an LMS zip into submitted/<student>/ID/",
        "grade": "autograde every submission in submitted/*/ID/ and write a summary",
        "feedback": "write feedback/<student>/ID/*.html for every submission (hidden tests' "
        "code never shown)",
        "export": "write the grades for a spreadsheet, Moodle or Canvas (one row per student)",
        "report": "write a class report (HTML with plots) to reports/ID_report.html",
    }
    for name, text in helps.items():
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("assignment_id", metavar="ASSIGNMENT_ID")
        if name == "collect":
            command.add_argument(
                "source",
                type=Path,
                metavar="PATH",
                help="folder of submissions, or the zip from the LMS (e.g. Moodle's 'Download "
                "all submissions')",
            )
        if name in ("collect", "export"):
            command.add_argument(
                "--roster",
                type=Path,
                default=None,
                metavar="CSV",
                help="class list exported from the LMS (Moodle grading worksheet, Canvas "
                "gradebook export), to map names to student ids and back",
            )
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
            command.add_argument(
                "--jobs",
                type=_jobs,
                default=None,
                metavar="N",
                help="submissions graded at once (default: the number of cores)",
            )
            command.add_argument(
                "--scheduler",
                default=None,
                metavar="ADDRESS",
                help="grade on the workers of this Dask scheduler (e.g. tcp://host:8786), "
                "which must see the course folder at the same path",
            )
            command.add_argument(
                "--force",
                action="store_true",
                help="grade every submission again, even those unchanged since last time",
            )
            command.add_argument(
                "--no-sandbox",
                action="store_true",
                help="run student code with your rights (only for submissions you trust)",
            )
        if name == "export":
            command.add_argument(
                "--format",
                choices=export_step.FORMATS,
                default="csv",
                help="layout of the file: csv (default), moodle (grading worksheet) or canvas "
                "(gradebook import)",
            )
        if name in ("export", "report"):
            command.add_argument(
                "--output",
                type=Path,
                default=None,
                metavar="PATH",
                help="file to write (default: exports/ID_grades.csv, exports/ID_moodle.csv, "
                "exports/ID_canvas.csv, reports/ID_report.html)",
            )
    _add_certificate_commands(commands)
    return parser


def _add_certificate_commands(commands: argparse._SubParsersAction) -> None:
    text = (
        "write the CME certificates (HTML and PDF) of a module's learners who met its rule "
        "(c.Certificates in nbgrader_config.py), in certificates/MODULE/"
    )
    command = commands.add_parser("certificates", help=text, description=text)
    command.add_argument("module", metavar="MODULE", help="module id, e.g. data_to_decision")
    command.add_argument(
        "--language",
        choices=certificates_step.LANGUAGES,
        default=None,
        help="wording of the certificates: en or fr (default: the course's, c.Course.language)",
    )
    text = (
        "say whether a certificate is genuine and unaltered, from its verification code or "
        "its HTML or PDF file (exit status 0 if it is, 1 if not)"
    )
    verify = commands.add_parser("verify", help=text, description=text)
    verify.add_argument("target", metavar="CODE_OR_FILE")
    for sub in (command, verify):
        sub.add_argument(
            "--course-dir",
            type=Path,
            default=None,
            help="folder with nbgrader_config.py (default: the current directory if it has "
            "one, else the repository root)",
        )


def _run_certificates(course: Course, args: argparse.Namespace) -> int:
    if args.command == "verify":
        verdict = certificates_step.verify(course, args.target)
        print(verdict.message)
        return EXIT_OK if verdict.genuine else EXIT_NOT_GENUINE
    result = certificates_step.issue(course, args.module, language=args.language)
    if result.key_created is not None:
        print(errors.CERTIFICATE_KEY_CREATED.format(path=result.key_created))
    print(f"Certificates of '{args.module}' written for {len(result.issued)} learner(s):")
    for student, (html_file, pdf_file, code) in result.issued.items():
        files = f"{_relative(html_file, course.root)}, {_relative(pdf_file, course.root)}"
        print(f"  {student}: {files} (code {code})")
    if result.not_issued:
        print(f"No certificate for {len(result.not_issued)} learner(s):")
        for student, reason in result.not_issued.items():
            print(f"  {student}: {reason}")
    return EXIT_OK


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def run(args: argparse.Namespace) -> int:
    """Run one parsed command and print its report; return the exit status."""
    course = Course.load(args.course_dir)
    if args.command in ("certificates", "verify"):
        return _run_certificates(course, args)
    if args.command == "release":
        result = release.release(course, args.assignment_id)
        print(f"Student version of '{args.assignment_id}' written to {result.folder}:")
        for path in result.files:
            print(f"  {_relative(path, course.root)}")
        if result.check:
            print(result.check)
        archive = package.pack_release(course, args.assignment_id)
        print(
            f"Give students the folder {_relative(result.folder, course.root)}/ as it is, or "
            f"upload {_relative(archive, course.root)} to the LMS."
        )
    elif args.command == "collect":
        collected = collect_step.collect(course, args.assignment_id, args.source, args.roster)
        _print_collect(collected)
    elif args.command == "grade":
        try:
            summary = batch.grade(
                course,
                args.assignment_id,
                timeout=args.timeout,
                jobs=args.jobs,
                force=args.force,
                use_sandbox=not args.no_sandbox,
                scheduler=args.scheduler,
            )
        except KeyboardInterrupt:  # the finished results are kept; the message said so
            return 128 + 2
        print()
        print(sm.format_table(summary))
        path = sm.summary_path(course.autograded_dir, args.assignment_id)
        print(f"\nSummary written to {_relative(path, course.root)}")
    elif args.command == "feedback":
        result = feedback_step.feedback(course, args.assignment_id)
        print(f"Feedback written for {len(result.written)} student(s):")
        for student_id, files in result.written.items():
            names = ", ".join(_relative(p, course.root) for p in files)
            print(f"  {student_id}: {names}")
        if result.without:
            print(f"No feedback for {len(result.without)} student(s):")
            for student_id, reason in result.without.items():
                print(f"  {student_id}: {reason}")
        if result.status_pages:
            print(f"A page saying what happened for {len(result.status_pages)} student(s):")
            for student_id, files in result.status_pages.items():
                names = ", ".join(_relative(p, course.root) for p in files)
                print(f"  {student_id}: {names}")
    elif args.command == "export":
        exported = export_step.export(
            course, args.assignment_id, args.format, output=args.output, roster=args.roster
        )
        where = _relative(exported.path, course.root)
        print(f"Grades of '{args.assignment_id}' ({args.format}) written to {where}")
        if exported.notice:
            print(exported.notice)
    elif args.command == "report":
        path = report_step.report(course, args.assignment_id, output=args.output)
        print(f"Class report of '{args.assignment_id}' written to {_relative(path, course.root)}")
    return EXIT_OK


def _print_collect(result: collect_step.CollectResult) -> None:
    print(f"Collected {len(result.copied)} submission(s) of '{result.assignment_id}':")
    for student_id, files in result.copied.items():
        print(f"  {student_id}: {files}")
    for title, entries in (
        ("Renamed to the expected notebook name", result.renamed),
        ("Kept as they were", result.kept),
        ("Could not be matched to a student (not collected)", result.unmatched),
        ("Files of the zip skipped (too large)", result.skipped),
    ):
        if entries:
            print(f"{title} ({len(entries)}):")
            for who, why in entries.items():
                print(f"  {who}: {why}")


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
