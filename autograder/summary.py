"""The grade summary: one record per submission, written as JSON and printed as a table.

The JSON file is ``autograded/<assignment_id>_summary.json``::

    {
      "assignment_id": "bias_fairness", "course_id": "ai-medicine",
      "graded_at": "2025-01-31T10:00:00+00:00", "cell_timeout_seconds": 30,
      "nbgrader_version": "0.9.6",
      "counts": {"graded": 40, "timed_out": 1, ...},
      "submissions": [
        {"student_id": "alice", "status": "graded",
         "score": 7.0, "max_score": 10.0,                  # nbgrader's total (manual included)
         "autograded_score": 7.0, "autograded_max_score": 8.0,   # test cells only
         "needs_manual_grade": true,
         "notes": ["..."],                                 # what went wrong, what to do
         "grades": {"test-per-group-metrics-values": {"score": 2.0, "max_score": 2.0,
                    "auto_score": 2.0, "autograded": true}, ...},
         "notebooks": {"bias_fairness": {"score": 7.0, "max_score": 10.0}},
         "log_file": "autograded/bias_fairness_logs/alice.log", "seconds": 6.1},
        ...
      ]
    }

Statuses: ``graded``; ``timed_out`` (graded, but a cell hit the per-cell limit);
``tampered`` (graded with the original tests restored, see notes); ``kernel_died``,
``error`` (nbgrader could not grade: 0, flagged for manual grading); ``malformed`` (not a
notebook: nothing run); ``missing`` (no notebook with the expected name: 0);
``output_limit`` (the kernel printed more than the grader accepts and was stopped: 0,
flagged). A ``timed_out`` submission whose code ignored the interrupt, or ran past the limit
of a whole notebook, could not be graded either: 0, flagged, and no autograded notebook
(hence no feedback).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class Status(StrEnum):
    """What happened to one submission (see the module docstring)."""

    GRADED = "graded"
    TIMED_OUT = "timed_out"
    TAMPERED = "tampered"
    KERNEL_DIED = "kernel_died"
    ERROR = "error"
    MALFORMED = "malformed"
    MISSING = "missing"
    OUTPUT_LIMIT = "output_limit"


#: statuses whose submission has an autograded notebook, hence scores and feedback
HAS_AUTOGRADED_NOTEBOOK = frozenset({Status.GRADED, Status.TIMED_OUT, Status.TAMPERED})


@dataclass
class SubmissionResult:
    """The outcome of grading one student's submission."""

    student_id: str
    status: Status | str
    score: float = 0.0
    max_score: float = 0.0
    autograded_score: float = 0.0
    autograded_max_score: float = 0.0
    needs_manual_grade: bool = False
    notes: list[str] = field(default_factory=list)
    grades: dict[str, dict[str, Any]] = field(default_factory=dict)
    notebooks: dict[str, dict[str, float]] = field(default_factory=dict)
    log_file: str | None = None
    seconds: float = 0.0
    #: checksum of the submitted files, the source assignment and the grading settings: a
    #: rerun grades the submission again only when it changed (or with --force)
    fingerprint: str = ""
    #: notes for the instructor's review (suspected cheating); they never change the score
    review: list[str] = field(default_factory=list)


@dataclass
class GradeSummary:
    """All submissions of one assignment, as graded in one batch."""

    assignment_id: str
    course_id: str
    graded_at: str
    cell_timeout_seconds: int
    nbgrader_version: str
    submissions: list[SubmissionResult] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Number of submissions per status."""
        return dict(Counter(s.status for s in self.submissions))

    def by_student(self) -> dict[str, SubmissionResult]:
        """The submissions keyed by student id."""
        return {s.student_id: s for s in self.submissions}

    def write(self, path: Path) -> None:
        """Write the summary as indented JSON."""
        data = asdict(self)
        data["counts"] = self.counts
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")  # atomic: a kill never leaves half
        partial.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        os.replace(partial, path)

    @classmethod
    def read(cls, path: Path) -> GradeSummary:
        """Read a summary written by `write`."""
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop("counts", None)
        known = SubmissionResult.__dataclass_fields__
        submissions = []
        for record in data.pop("submissions"):
            fields = {k: v for k, v in record.items() if k in known}
            # a status this version does not know (a newer grader's) stays as it was written
            status = fields["status"]
            fields["status"] = Status(status) if status in Status._value2member_map_ else status
            submissions.append(SubmissionResult(**fields))
        return cls(**data, submissions=submissions)


def summary_path(autograded_dir: Path, assignment_id: str) -> Path:
    """Where the grade summary of an assignment is written."""
    return autograded_dir / f"{assignment_id}_summary.json"


def _points(value: float) -> str:
    return f"{value:g}"


def format_table(summary: GradeSummary) -> str:
    """A plain-text table of the batch, then the notes of each submission that has some."""
    header = ("student", "status", "score", "autograded", "manual?", "time")
    rows = [
        (
            s.student_id,
            s.status,
            f"{_points(s.score)} / {_points(s.max_score)}",
            f"{_points(s.autograded_score)} / {_points(s.autograded_max_score)}",
            "yes" if s.needs_manual_grade else "no",
            f"{s.seconds:.1f}s",
        )
        for s in summary.submissions
    ]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows]
    head = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    out = [head, "-" * len(head), *lines]
    counts = ", ".join(f"{n} {status}" for status, n in sorted(summary.counts.items()))
    out.append(f"\n{len(summary.submissions)} submission(s): {counts or 'none'}")
    noted = [s for s in summary.submissions if s.notes]
    if noted:
        out.append("\nNotes:")
        for s in noted:
            out.extend(f"  {s.student_id} [{s.status}]: {note}" for note in s.notes)
    flagged = [s for s in summary.submissions if s.review]
    if flagged:
        out.append("\nFor review (suspected cheating; scores unchanged):")
        for s in flagged:
            out.extend(f"  {s.student_id}: {note}" for note in s.review)
    return "\n".join(line.rstrip() for line in out)
