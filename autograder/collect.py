"""``collect``: import submissions from a folder or an LMS zip into nbgrader's ``submitted/``.

Accepted layouts (detected per top-level entry):

- a folder per student, named by the student id: ``PATH/<student_id>/<files>``;
- Moodle's "Download all submissions" zip (or its unpacked folder). With "Download submissions
  in folders" (the default since Moodle 3.1) each student has a folder
  ``<Full Name>_<participant>_assignsubmission_file_/<files>``; without it the files are flat,
  ``<Full Name>_<participant>_assignsubmission_file_<file name>`` (Moodle source:
  ``mod/assign/locallib.php``, ``download_submissions``). Names are mapped to student ids with
  a roster.

Each matched submission is copied to ``submitted/<student_id>/<ID>/`` with a
``timestamp.txt`` in nbgrader's format, written here from the newest time of its files as the
import gives them (a zip's times are the LMS server's local time, read as this machine's). A
``timestamp.txt`` inside a submission is the student's file: it is neither read nor copied, so
no one backdates a submission (for nbgrader's exchange, use ``nbgrader collect``). A member of
a zip larger than ``MAX_MEMBER_BYTES`` is skipped and listed; the others are collected. An existing
submission with a newer or equal timestamp is kept. When the assignment has a single notebook
and a submission holds exactly one ``.ipynb`` under another name (``hw (1).ipynb``, a browser
download), it is renamed to the expected name and the rename is reported; with several
``.ipynb`` files none is renamed, and ``grade`` reports the submission as missing with the
names it found.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import tempfile
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from nbgrader.utils import parse_utc

from . import errors
from .course import Course

#: Limits on an LMS zip, against zip bombs: members, total and per-file uncompressed size.
MAX_ZIP_MEMBERS = 20_000
MAX_ZIP_BYTES = 2 * 1024**3
MAX_MEMBER_BYTES = 200 * 1024**2
#: nbgrader's timestamp file and format (``nbgrader.utils.parse_utc`` reads it).
TIMESTAMP_FILE = "timestamp.txt"
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"
#: Where collect records who is who (read by ``export --format moodle|canvas``).
ROSTER_RECORD_DIR = ".collect"

MOODLE_NAME = re.compile(
    r"^(?P<name>[^_/]+)_(?P<participant>\d+)_assignsubmission_[a-z]+_(?P<rest>.*)$"
)
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")
JUNK = {"__MACOSX", ".DS_Store", ".ipynb_checkpoints", "__pycache__", "Thumbs.db"}

# Roster columns, matched case-insensitively, in order of preference. The LMS exports are
# Moodle's grading worksheet (Identifier, Full name, Email address) and Canvas's gradebook
# export (Student, ID, SIS User ID, SIS Login ID, Section).
ID_COLUMNS = ("student_id", "username", "id number", "sis login id", "sis user id", "email address")
NAME_COLUMNS = ("full name", "full_name", "name", "student")
PARTICIPANT_COLUMNS = ("identifier", "participant")


@dataclass
class RosterEntry:
    """One student of the roster, with every field an LMS export may need later."""

    student_id: str
    fields: dict[str, str]
    name: str = ""
    participant: str = ""


@dataclass
class Roster:
    """Students of the course, looked up by participant number, name or id."""

    entries: dict[str, RosterEntry]
    by_participant: dict[str, str]
    by_name: dict[str, list[str]]

    @classmethod
    def read(cls, path: Path) -> Roster:
        """Read a roster CSV (an LMS export; see the module docstring for the columns)."""
        if not path.is_file():
            raise errors.AutograderError(errors.ROSTER_NOT_FOUND.format(path=path))
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        header = {name.strip().lower(): name for name in (rows[0].keys() if rows else [])}
        id_col = next((header[c] for c in ID_COLUMNS if c in header), None)
        if id_col is None:
            raise errors.AutograderError(
                errors.ROSTER_NO_ID_COLUMN.format(
                    path=path, columns=", ".join(header.values()) or "none"
                )
            )
        name_col = next((header[c] for c in NAME_COLUMNS if c in header), None)
        part_col = next((header[c] for c in PARTICIPANT_COLUMNS if c in header), None)
        entries: dict[str, RosterEntry] = {}
        by_participant: dict[str, str] = {}
        by_name: dict[str, list[str]] = {}
        for row in rows:
            student_id = (row.get(id_col) or "").strip()
            if not student_id:
                continue
            name = (row.get(name_col) or "").strip() if name_col else ""
            digits = re.findall(r"\d+", row.get(part_col) or "") if part_col else []
            participant = digits[-1] if digits else ""
            fields = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            entries[student_id] = RosterEntry(student_id, fields, name, participant)
            if participant:
                by_participant[participant] = student_id
            if name:
                by_name.setdefault(normalise_name(name), []).append(student_id)
        return cls(entries, by_participant, by_name)


def normalise_name(name: str) -> str:
    """Case-, accent- and space-insensitive form of a person's name."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("_", " ").split())


@dataclass
class Candidate:
    """One submission found in the import, before it is matched to a student."""

    label: str  # as found (folder name or Moodle prefix), for the report
    files: dict[str, Path]  # relative path in the submission -> file on disk
    name: str = ""
    participant: str = ""
    modified: datetime | None = None


@dataclass
class CollectResult:
    """What collect did with each submission found."""

    assignment_id: str
    copied: dict[str, str] = field(default_factory=dict)  # student -> what was copied
    kept: dict[str, str] = field(default_factory=dict)  # student -> why the old one stays
    renamed: dict[str, str] = field(default_factory=dict)  # student -> "a.ipynb -> b.ipynb"
    unmatched: dict[str, str] = field(default_factory=dict)  # label -> why
    skipped: dict[str, str] = field(default_factory=dict)  # zip member -> why


# --- reading the import ---------------------------------------------------------------------
def _safe_member_path(name: str) -> PurePosixPath | None:
    """The member's relative path, or None if it would escape the extraction folder."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
        return None
    return path


def unpack_zip(archive: Path, destination: Path) -> dict[str, str]:
    """Extract an LMS zip safely: no path outside ``destination``, bounded sizes.

    Parameters
    ----------
    archive
        The zip file.
    destination
        An empty folder.

    Returns
    -------
    dict
        The members not extracted (larger than ``MAX_MEMBER_BYTES``), with the reason.
    """
    try:
        handle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise errors.AutograderError(
            errors.ZIP_UNREADABLE.format(path=archive, reason=exc)
        ) from exc
    with handle:
        members = handle.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise errors.AutograderError(
                errors.ZIP_TOO_BIG.format(
                    path=archive, what=f"{len(members)} files", limit=f"{MAX_ZIP_MEMBERS} files"
                )
            )
        skipped = {
            m.filename: errors.COLLECT_MEMBER_TOO_BIG.format(
                size=m.file_size / 1e6, limit=MAX_MEMBER_BYTES / 1e6
            )
            for m in members
            if m.file_size > MAX_MEMBER_BYTES
        }
        total = sum(m.file_size for m in members if m.filename not in skipped)
        if total > MAX_ZIP_BYTES:
            raise errors.AutograderError(
                errors.ZIP_TOO_BIG.format(
                    path=archive,
                    what=f"{total / 1e6:.0f} MB uncompressed",
                    limit=f"{MAX_ZIP_BYTES / 1e6:.0f} MB in all",
                )
            )
        unsafe = [m.filename for m in members if _safe_member_path(m.filename) is None]
        if unsafe:
            raise errors.AutograderError(
                errors.ZIP_UNSAFE_PATH.format(path=archive, member=unsafe[0])
            )
        written = 0
        for member in members:
            if member.is_dir() or member.filename in skipped:
                continue
            relative = _safe_member_path(member.filename)
            assert relative is not None  # checked above
            target = destination.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            # Copy by chunks and count: the sizes in the zip's directory may lie.
            size = 0
            with handle.open(member) as source, target.open("wb") as out:
                while chunk := source.read(1 << 20):
                    written += len(chunk)
                    size += len(chunk)
                    if written > MAX_ZIP_BYTES:
                        raise errors.AutograderError(
                            errors.ZIP_TOO_BIG.format(
                                path=archive,
                                what="more than its directory declares",
                                limit=f"{MAX_ZIP_BYTES / 1e6:.0f} MB in all",
                            )
                        )
                    if size > MAX_MEMBER_BYTES:
                        break
                    out.write(chunk)
            if size > MAX_MEMBER_BYTES:  # its declared size lied: skipped too
                target.unlink()
                skipped[member.filename] = errors.COLLECT_MEMBER_TOO_BIG.format(
                    size=size / 1e6, limit=MAX_MEMBER_BYTES / 1e6
                )
                continue
            # A zip stores the local time of the machine that made it (the LMS server), with
            # no zone: read it as this machine's local time, as unzip does.
            stamp = time.mktime((*member.date_time, 0, 0, -1))
            os.utime(target, (stamp, stamp))
    return skipped


def _files_under(folder: Path) -> dict[str, Path]:
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part in JUNK or part.startswith("._") for part in relative.parts):
            continue
        if path.is_file() and not path.is_symlink():
            files[relative.as_posix()] = path
    return files


def _submission_time(files: dict[str, Path]) -> datetime | None:
    """The newest time of a submission's files, as the import gives them.

    A ``timestamp.txt`` among them is the student's own file: it is dropped, never read.
    """
    files.pop(TIMESTAMP_FILE, None)
    return _newest(files)


def _newest(files: dict[str, Path]) -> datetime | None:
    times = [p.stat().st_mtime for p in files.values()]
    return datetime.fromtimestamp(max(times), tz=UTC) if times else None


def _top_folder(root: Path) -> Path:
    """Descend through wrapper folders (a zip of one folder that holds the submissions)."""
    while True:
        entries = [p for p in root.iterdir() if p.name not in JUNK]
        only = entries[0] if len(entries) == 1 else None
        if only is None or not only.is_dir() or MOODLE_NAME.match(only.name):
            return root
        if any(p.suffix == ".ipynb" for p in only.iterdir()):
            return root
        root = only


def find_candidates(root: Path) -> list[Candidate]:
    """The submissions in an unpacked import folder (see the module docstring)."""
    root = _top_folder(root)
    moodle_flat: dict[str, Candidate] = {}
    candidates = []
    for entry in sorted(root.iterdir()):
        if entry.name in JUNK or entry.name.startswith("."):
            continue
        match = MOODLE_NAME.match(entry.name)
        if entry.is_dir():
            files = _files_under(entry)
            candidate = Candidate(label=entry.name, files=files)
            if match:
                candidate.name = match["name"]
                candidate.participant = match["participant"]
            candidates.append(candidate)
        elif match and match["rest"]:
            key = entry.name[: len(entry.name) - len(match["rest"])]
            candidate = moodle_flat.setdefault(
                key,
                Candidate(
                    label=key, files={}, name=match["name"], participant=match["participant"]
                ),
            )
            candidate.files[match["rest"]] = entry
        else:
            candidates.append(Candidate(label=entry.name, files={}))  # a stray file
    candidates.extend(moodle_flat.values())
    for candidate in candidates:
        candidate.modified = _submission_time(candidate.files)
    return candidates


# --- matching and copying -------------------------------------------------------------------
def match_student(candidate: Candidate, roster: Roster | None) -> tuple[str | None, str]:
    """The student id of a submission, or None and the reason it could not be matched.

    An id becomes a folder name (``submitted/<id>/``), so one that is not made of letters,
    digits and ``. _ @ + -`` (e.g. ``../x`` in a roster) is never used.
    """
    student_id, reason = _match(candidate, roster)
    if student_id is not None and not STUDENT_ID.match(student_id):
        return None, errors.COLLECT_BAD_STUDENT_ID
    return student_id, reason


def _match(candidate: Candidate, roster: Roster | None) -> tuple[str | None, str]:
    if not candidate.files:
        return None, errors.COLLECT_NOT_A_SUBMISSION
    if candidate.participant or candidate.name:  # Moodle layout
        if roster is None:
            return None, errors.COLLECT_NEEDS_ROSTER
        if candidate.participant in roster.by_participant:
            return roster.by_participant[candidate.participant], ""
        ids = roster.by_name.get(normalise_name(candidate.name), [])
        if len(ids) == 1:
            return ids[0], ""
        if len(ids) > 1:
            return None, errors.COLLECT_AMBIGUOUS_NAME.format(ids=", ".join(ids))
        return None, errors.COLLECT_NOT_IN_ROSTER
    label = candidate.label
    if roster is not None:
        if label in roster.entries:
            return label, ""
        ids = roster.by_name.get(normalise_name(label), [])
        if len(ids) == 1:
            return ids[0], ""
        if len(ids) > 1:
            return None, errors.COLLECT_AMBIGUOUS_NAME.format(ids=", ".join(ids))
        return None, errors.COLLECT_NOT_IN_ROSTER
    if STUDENT_ID.match(label):
        return label, ""
    return None, errors.COLLECT_BAD_STUDENT_ID


def read_timestamp(folder: Path) -> datetime | None:
    """The ``timestamp.txt`` of a submission folder, or None."""
    path = folder / TIMESTAMP_FILE
    if not path.is_file():
        return None
    try:
        return parse_utc(path.read_text(encoding="utf-8").strip()).replace(tzinfo=UTC)
    except Exception:  # an unreadable timestamp: treat the old copy as older
        return None


def expected_notebooks(course: Course, assignment_id: str) -> list[str]:
    """File names of the assignment's notebooks (from its source folder)."""
    return sorted(p.name for p in (course.source_dir / assignment_id).glob("*.ipynb"))


def collect(
    course: Course, assignment_id: str, source: Path, roster_path: Path | None = None
) -> CollectResult:
    """Copy the submissions found in ``source`` into ``submitted/<student>/<assignment_id>/``.

    Parameters
    ----------
    course
        The course.
    assignment_id
        The assignment.
    source
        A folder or a ``.zip`` file (e.g. Moodle's "Download all submissions").
    roster_path
        A roster CSV exported from the LMS, to map names or participant numbers to ids.

    Returns
    -------
    CollectResult
        What was copied, kept, renamed, and what could not be matched (with the reason).
    """
    course.check_assignment(assignment_id)
    if not source.exists():
        raise errors.AutograderError(errors.COLLECT_SOURCE_NOT_FOUND.format(path=source))
    roster = Roster.read(roster_path) if roster_path is not None else None
    notebooks = expected_notebooks(course, assignment_id)
    result = CollectResult(assignment_id=assignment_id)
    with tempfile.TemporaryDirectory(prefix="autograder-collect-") as scratch:
        if source.is_dir():
            root = source
        elif zipfile.is_zipfile(source):
            root = Path(scratch)
            result.skipped.update(unpack_zip(source, root))
        else:
            raise errors.AutograderError(
                errors.ZIP_UNREADABLE.format(path=source, reason="not a folder or a zip file")
            )
        chosen: dict[str, Candidate] = {}
        for candidate in find_candidates(root):
            student_id, reason = match_student(candidate, roster)
            if student_id is None:
                result.unmatched[candidate.label] = reason
                continue
            previous = chosen.get(student_id)
            if previous is not None:
                result.kept[student_id] = errors.COLLECT_DUPLICATE
            if previous is None or _later(candidate.modified, previous.modified):
                chosen[student_id] = candidate
        for student_id, candidate in sorted(chosen.items()):
            _copy_submission(course, assignment_id, student_id, candidate, notebooks, result)
        if roster is not None:
            _record_roster(course, assignment_id, roster, chosen, result)
    return result


def _later(new: datetime | None, old: datetime | None) -> bool:
    if old is None:
        return True
    return new is not None and new > old


def _copy_submission(
    course: Course,
    assignment_id: str,
    student_id: str,
    candidate: Candidate,
    notebooks: list[str],
    result: CollectResult,
) -> None:
    folder = course.submitted_dir / student_id / assignment_id
    modified = candidate.modified or datetime.now(UTC)
    existing = read_timestamp(folder)
    if existing is None and folder.is_dir():  # copied by hand: its files' time stands for it
        existing = _newest(_files_under(folder))
    if existing is not None and existing >= modified:
        result.kept[student_id] = errors.COLLECT_KEPT_NEWER.format(
            existing=existing.isoformat(timespec="seconds"),
            incoming=modified.isoformat(timespec="seconds"),
        )
        return
    files = dict(candidate.files)
    submitted_nbs = [name for name in files if name.endswith(".ipynb")]
    if len(notebooks) == 1 and notebooks[0] not in files and len(submitted_nbs) == 1:
        files[notebooks[0]] = files.pop(submitted_nbs[0])
        result.renamed[student_id] = f"{submitted_nbs[0]} -> {notebooks[0]}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for relative, path in files.items():
        target = folder.joinpath(*PurePosixPath(relative).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    (folder / TIMESTAMP_FILE).write_text(modified.strftime(TIMESTAMP_FORMAT), encoding="utf-8")
    result.copied[student_id] = ", ".join(sorted(files))


def roster_record_path(course: Course, assignment_id: str) -> Path:
    """Where collect records the roster rows of the students it matched."""
    return course.submitted_dir / ROSTER_RECORD_DIR / f"{assignment_id}_roster.json"


def _record_roster(
    course: Course,
    assignment_id: str,
    roster: Roster,
    chosen: dict[str, Candidate],
    result: CollectResult,
) -> None:
    path = roster_record_path(course, assignment_id)
    record = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for student_id, candidate in chosen.items():
        entry = roster.entries.get(student_id)
        fields = dict(entry.fields) if entry else {}
        if candidate.participant:
            fields.setdefault("Identifier", f"Participant {candidate.participant}")
        record[student_id] = fields
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
