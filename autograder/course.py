"""Find the course folder, read its ``nbgrader_config.py`` and open nbgrader's APIs on it."""

from __future__ import annotations

import copy
import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps import NbGraderAPI
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from . import errors

CONFIG_FILE = "nbgrader_config.py"
REPO_ROOT = Path(__file__).resolve().parents[1]


def ensure_tools_on_path() -> None:
    """Put the running interpreter's ``bin/`` first on PATH (nbgrader shells out to alembic)."""
    bindir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if not parts or parts[0] != bindir:
        os.environ["PATH"] = os.pathsep.join([bindir, *parts])


def quiet_library_warnings() -> None:
    """Silence warnings that nbgrader's internals emit on every call (SQLAlchemy, nbformat)."""
    from nbformat.warnings import MissingIDFieldWarning
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)
    warnings.filterwarnings("ignore", category=MissingIDFieldWarning)


def locate_course_dir(course_dir: str | Path | None = None) -> Path:
    """Return the course folder: the given one, else the cwd or the repository root.

    Parameters
    ----------
    course_dir
        Folder passed with ``--course-dir``; None to search the current directory, then the
        repository root.

    Returns
    -------
    Path
        An absolute folder that holds ``nbgrader_config.py``.
    """
    candidates = [Path(course_dir)] if course_dir is not None else [Path.cwd(), REPO_ROOT]
    for candidate in candidates:
        if (candidate / CONFIG_FILE).is_file():
            return candidate.resolve()
    raise errors.AutograderError(
        errors.COURSE_DIR_NOT_FOUND.format(path=" or ".join(str(c) for c in candidates))
    )


@dataclass
class Course:
    """A course folder and the nbgrader configuration read from it.

    Attributes
    ----------
    root
        The course folder (``CourseDirectory.root``).
    config
        The traitlets configuration loaded from ``nbgrader_config.py``.
    """

    root: Path
    config: Config

    @classmethod
    def load(cls, course_dir: str | Path | None = None) -> Course:
        """Read ``nbgrader_config.py`` from the course folder (see `locate_course_dir`)."""
        root = locate_course_dir(course_dir)
        try:
            config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
        except Exception as exc:  # the config is user code: report any failure the same way
            raise errors.AutograderError(
                errors.CONFIG_UNREADABLE.format(path=root / CONFIG_FILE, reason=exc)
            ) from exc
        if "root" not in config.CourseDirectory:
            config.CourseDirectory.root = str(root)
        return cls(root=Path(config.CourseDirectory.root), config=config)

    def _dir(self, trait: str, default: str) -> Path:
        return self.root / self.config.CourseDirectory.get(trait, default)

    @property
    def source_dir(self) -> Path:
        """Folder of the assignments' source versions."""
        return self._dir("source_directory", "source")

    @property
    def release_dir(self) -> Path:
        """Folder of the student versions."""
        return self._dir("release_directory", "release")

    @property
    def submitted_dir(self) -> Path:
        """Folder of the collected submissions (``<student>/<assignment>/``)."""
        return self._dir("submitted_directory", "submitted")

    @property
    def autograded_dir(self) -> Path:
        """Folder of nbgrader's autograded notebooks."""
        return self._dir("autograded_directory", "autograded")

    @property
    def feedback_dir(self) -> Path:
        """Folder of the feedback HTML files."""
        return self._dir("feedback_directory", "feedback")

    @property
    def db_url(self) -> str:
        """URL of the gradebook database."""
        default = f"sqlite:///{self.root / 'gradebook.db'}"
        return self.config.CourseDirectory.get("db_url") or default

    @property
    def course_id(self) -> str:
        """The course id of the gradebook."""
        return self.config.CourseDirectory.get("course_id", "")

    @property
    def timeout_ename(self) -> str:
        """The error name nbgrader writes into a cell that ran past the time limit."""
        on_timeout = self.config.Execute.get("error_on_timeout") or {}
        return on_timeout.get("ename", "CellTimeoutError")

    @property
    def cell_timeout(self) -> int:
        """Per-cell time limit in seconds (``Execute.timeout``, nbgrader's default 30)."""
        return int(self.config.Execute.get("timeout", 30))

    def assignment_ids(self) -> list[str]:
        """Ids of the assignments that have a source folder with at least one notebook."""
        if not self.source_dir.is_dir():
            return []
        return sorted(p.name for p in self.source_dir.iterdir() if any(p.glob("*.ipynb")))

    def check_assignment(self, assignment_id: str) -> None:
        """Raise a clear error unless ``assignments/<assignment_id>/`` holds a notebook."""
        if assignment_id not in self.assignment_ids():
            raise errors.AutograderError(
                errors.UNKNOWN_ASSIGNMENT.format(
                    assignment_id=assignment_id,
                    source=self.source_dir / assignment_id,
                    known=", ".join(self.assignment_ids()) or "none",
                    source_root=self.source_dir,
                )
            )

    def api(self, timeout: int | None = None) -> NbGraderAPI:
        """An `NbGraderAPI` on this course, optionally with another per-cell timeout."""
        config: Config = copy.deepcopy(self.config)
        if timeout is not None:
            config.Execute.timeout = timeout
        return NbGraderAPI(config=config)

    @contextmanager
    def gradebook(self) -> Iterator[Gradebook]:
        """Open the course's gradebook (closed on exit)."""
        with Gradebook(self.db_url, self.course_id) as gb:
            yield gb

    def notebook_names(self, assignment_id: str) -> list[str]:
        """Names (without ``.ipynb``) of the assignment's notebooks, from the gradebook."""
        with self.gradebook() as gb:
            try:
                assignment = gb.find_assignment(assignment_id)
            except MissingEntry:
                raise errors.AutograderError(
                    errors.NOT_RELEASED.format(assignment_id=assignment_id, db_url=self.db_url)
                ) from None
            return [nb.name for nb in assignment.notebooks]
