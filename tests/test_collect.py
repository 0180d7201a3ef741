"""``python -m autograder collect ID PATH [--roster CSV]``: LMS zips and folders into submitted/."""

from __future__ import annotations

import json
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import autograder_course as ac
import nbformat
import pytest
from nbgrader.utils import parse_utc

from autograder import collect, errors
from autograder.course import Course

T1 = (2026, 3, 1, 9, 0, 0)
T2 = (2026, 3, 2, 9, 0, 0)
T3 = (2026, 3, 3, 9, 0, 0)
MOODLE = "assignsubmission_file_"

pytestmark = pytest.mark.grading


@pytest.fixture
def course(released_demo: Path) -> Course:
    """A fresh copy of the released ``demo`` course for each test."""
    return Course.load(released_demo)


def notebook_bytes(answer: int) -> bytes:
    nb = ac.source_notebook()
    nb.cells[1].source = f"answer = {answer}"
    return nbformat.writes(nb).encode("utf-8")


def make_zip(path: Path, members: dict[str, bytes], when: tuple = T2) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=when), content)
    return path


def worksheet(path: Path) -> Path:
    """A Moodle grading worksheet (the columns Moodle writes), used as the roster."""
    path.write_text(
        "Identifier,Full name,Email address,Status,Grade,Maximum Grade\n"
        "Participant 101,Zoé Martin,zoe@uni.example,Submitted,,4\n"
        "Participant 102,Omar Haddad,omar@uni.example,Submitted,,4\n"
        "Participant 103,Lin Wu,lin@uni.example,Submitted,,4\n",
        encoding="utf-8",
    )
    return path


def submitted(course: Course, student: str) -> Path:
    return course.submitted_dir / student / ac.ASSIGNMENT


def answer_in(course: Course, student: str) -> str:
    nb = nbformat.read(submitted(course, student) / "demo.ipynb", as_version=4)
    return nb.cells[1].source


def test_moodle_zip_with_folders_is_mapped_with_the_worksheet(
    course: Course, tmp_path: Path
) -> None:
    archive = make_zip(
        tmp_path / "moodle.zip",
        {
            # wrapped in a folder, as some browsers re-zip it
            f"download/Zoe Martin_101_{MOODLE}/demo.ipynb": notebook_bytes(1),
            f"download/Zoe Martin_101_{MOODLE}/cohort.csv": b"age\n1\n",
            f"download/Omar Haddad_102_{MOODLE}/demo (1).ipynb": notebook_bytes(2),
            f"download/Sam Stranger_999_{MOODLE}/demo.ipynb": notebook_bytes(3),
            "download/__MACOSX/._junk": b"x",
        },
    )
    roster = worksheet(tmp_path / "worksheet.csv")
    result = collect.collect(course, ac.ASSIGNMENT, archive, roster)
    # the participant number matches even though Moodle's folder drops the accent
    assert set(result.copied) == {"zoe@uni.example", "omar@uni.example"}
    assert answer_in(course, "zoe@uni.example") == "answer = 1"
    assert (submitted(course, "zoe@uni.example") / "cohort.csv").read_bytes() == b"age\n1\n"
    assert result.renamed == {"omar@uni.example": "demo (1).ipynb -> demo.ipynb"}
    assert answer_in(course, "omar@uni.example") == "answer = 2"
    assert result.unmatched == {f"Sam Stranger_999_{MOODLE}": errors.COLLECT_NOT_IN_ROSTER}
    stamp = (submitted(course, "zoe@uni.example") / "timestamp.txt").read_text()
    assert parse_utc(stamp).replace(tzinfo=UTC) == datetime(*T2, tzinfo=UTC)
    record = json.loads(collect.roster_record_path(course, ac.ASSIGNMENT).read_text())
    assert record["zoe@uni.example"]["Identifier"] == "Participant 101"
    assert not any(p.name.startswith("._") for p in course.submitted_dir.rglob("*"))


def test_moodle_flat_layout_and_names_without_participant(course: Course, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,Full name\nlw,Lin Wu\nzm,Zoé Martin\n", encoding="utf-8")
    source = tmp_path / "flat"
    source.mkdir()
    # flat files (Moodle < 3.1, or "Download submissions in folders" unticked)
    (source / f"Lin Wu_555_{MOODLE}demo.ipynb").write_bytes(notebook_bytes(5))
    (source / f"ZOE MARTIN_556_{MOODLE}demo.ipynb").write_bytes(notebook_bytes(6))
    result = collect.collect(course, ac.ASSIGNMENT, source, roster)
    # no Identifier column: matched by name, ignoring case and accents
    assert set(result.copied) == {"lw", "zm"}
    assert answer_in(course, "zm") == "answer = 6"


def test_plain_folders_without_roster(course: Course, tmp_path: Path) -> None:
    source = tmp_path / "plain"
    for name in ("s001", "s002", "bad name!"):
        (source / name).mkdir(parents=True)
        (source / name / "demo.ipynb").write_bytes(notebook_bytes(7))
    (source / "s002" / "other.ipynb").write_bytes(notebook_bytes(8))
    (source / "s003").mkdir()  # empty: not a submission
    (source / f"Lin Wu_555_{MOODLE}").mkdir()
    (source / f"Lin Wu_555_{MOODLE}" / "demo.ipynb").write_bytes(notebook_bytes(9))
    result = collect.collect(course, ac.ASSIGNMENT, source)
    assert set(result.copied) == {"s001", "s002"}
    assert result.renamed == {}  # demo.ipynb is there: other.ipynb is copied as it is
    assert (submitted(course, "s002") / "other.ipynb").is_file()
    assert result.unmatched == {
        "bad name!": errors.COLLECT_BAD_STUDENT_ID,
        "s003": errors.COLLECT_NOT_A_SUBMISSION,
        f"Lin Wu_555_{MOODLE}": errors.COLLECT_NEEDS_ROSTER,
    }


def test_several_notebooks_under_other_names_are_not_renamed(
    course: Course, tmp_path: Path
) -> None:
    source = tmp_path / "plain"
    (source / "s001").mkdir(parents=True)
    (source / "s001" / "draft.ipynb").write_bytes(notebook_bytes(1))
    (source / "s001" / "final.ipynb").write_bytes(notebook_bytes(2))
    result = collect.collect(course, ac.ASSIGNMENT, source)
    assert result.renamed == {}
    names = sorted(p.name for p in submitted(course, "s001").iterdir())
    assert names == ["draft.ipynb", "final.ipynb", "timestamp.txt"]


def test_an_older_submission_never_replaces_a_newer_one(course: Course, tmp_path: Path) -> None:
    folder = f"Zoe Martin_101_{MOODLE}/demo.ipynb"
    roster = worksheet(tmp_path / "worksheet.csv")
    newer = make_zip(tmp_path / "t2.zip", {folder: notebook_bytes(2)}, when=T2)
    older = make_zip(tmp_path / "t1.zip", {folder: notebook_bytes(1)}, when=T1)
    latest = make_zip(tmp_path / "t3.zip", {folder: notebook_bytes(3)}, when=T3)

    assert "zoe@uni.example" in collect.collect(course, ac.ASSIGNMENT, newer, roster).copied
    again = collect.collect(course, ac.ASSIGNMENT, older, roster)
    assert again.copied == {}
    assert again.kept["zoe@uni.example"].startswith("kept the submission already collected")
    assert answer_in(course, "zoe@uni.example") == "answer = 2"
    collect.collect(course, ac.ASSIGNMENT, newer, roster)  # the same again: kept
    assert answer_in(course, "zoe@uni.example") == "answer = 2"
    assert collect.collect(course, ac.ASSIGNMENT, latest, roster).copied
    assert answer_in(course, "zoe@uni.example") == "answer = 3"


def test_two_submissions_of_one_student_in_one_import_keep_the_newest(
    course: Course, tmp_path: Path
) -> None:
    source = tmp_path / "plain"
    for name, answer, when in (("s001", 1, 2_000_000_000), ("S001-late", 2, 2_000_000_100)):
        (source / name).mkdir(parents=True)
        path = source / name / "demo.ipynb"
        path.write_bytes(notebook_bytes(answer))

        os.utime(path, (when, when))
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name\ns001,S001-late\n", encoding="utf-8")
    result = collect.collect(course, ac.ASSIGNMENT, source, roster)
    assert result.kept == {"s001": errors.COLLECT_DUPLICATE}
    assert answer_in(course, "s001") == "answer = 2"


@pytest.mark.parametrize("member", ["../escape.txt", "/tmp/absolute.txt", "a/../../up.txt"])
def test_zip_slip_is_refused(course: Course, tmp_path: Path, member: str) -> None:
    archive = make_zip(tmp_path / "evil.zip", {"s001/demo.ipynb": b"{}", member: b"owned"})
    with pytest.raises(errors.AutograderError) as exc:
        collect.collect(course, ac.ASSIGNMENT, archive)
    assert str(exc.value) == errors.ZIP_UNSAFE_PATH.format(path=archive, member=member)
    assert not (tmp_path / "escape.txt").exists() and not Path("/tmp/absolute.txt").exists()
    assert not course.submitted_dir.exists()  # nothing at all was imported


def test_huge_zip_is_refused(
    course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = make_zip(
        tmp_path / "big.zip", {"s001/demo.ipynb": b"0" * 3000, "s002/demo.ipynb": b"0" * 3000}
    )
    monkeypatch.setattr(collect, "MAX_ZIP_BYTES", 4000)
    with pytest.raises(errors.AutograderError, match="is too big to import safely"):
        collect.collect(course, ac.ASSIGNMENT, archive)
    monkeypatch.setattr(collect, "MAX_ZIP_BYTES", 10**9)
    monkeypatch.setattr(collect, "MAX_ZIP_MEMBERS", 0)
    with pytest.raises(errors.AutograderError, match="2 files"):
        collect.collect(course, ac.ASSIGNMENT, archive)


def test_bad_inputs_say_what_to_do(course: Course, tmp_path: Path) -> None:
    missing = tmp_path / "nothing.zip"
    with pytest.raises(errors.AutograderError) as exc:
        collect.collect(course, ac.ASSIGNMENT, missing)
    assert str(exc.value) == errors.COLLECT_SOURCE_NOT_FOUND.format(path=missing)
    not_zip = tmp_path / "notes.txt"
    not_zip.write_text("hello", encoding="utf-8")
    with pytest.raises(errors.AutograderError, match="Could not open"):
        collect.collect(course, ac.ASSIGNMENT, not_zip)
    roster = tmp_path / "roster.csv"
    roster.write_text("Nom,Courriel\nA,a@b\n", encoding="utf-8")
    with pytest.raises(errors.AutograderError) as exc:
        collect.collect(course, ac.ASSIGNMENT, tmp_path, roster)
    assert str(exc.value) == errors.ROSTER_NO_ID_COLUMN.format(path=roster, columns="Nom, Courriel")
    with pytest.raises(errors.AutograderError) as exc:
        collect.collect(course, ac.ASSIGNMENT, tmp_path, tmp_path / "absent.csv")
    assert str(exc.value) == errors.ROSTER_NOT_FOUND.format(path=tmp_path / "absent.csv")


def test_collect_command_reports_what_it_did(
    course: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = make_zip(
        tmp_path / "moodle.zip",
        {
            f"Zoe Martin_101_{MOODLE}/demo.ipynb": notebook_bytes(1),
            f"Nobody Known_7_{MOODLE}/demo.ipynb": notebook_bytes(1),
        },
    )
    roster = worksheet(tmp_path / "w.csv")
    code = ac.run(
        "collect", ac.ASSIGNMENT, archive, "--roster", roster, "--course-dir", course.root
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Collected 1 submission(s) of 'demo'" in out
    assert f"Nobody Known_7_{MOODLE}: {errors.COLLECT_NOT_IN_ROSTER}" in out


def test_release_packs_only_the_student_version(course: Course) -> None:
    archive = course.release_dir / f"{ac.ASSIGNMENT}.zip"
    with zipfile.ZipFile(archive) as handle:
        names = sorted(handle.namelist())
        notebook = handle.read("demo/demo.ipynb").decode("utf-8")
    assert names == ["demo/cohort.csv", "demo/demo.ipynb"]
    assert "BEGIN SOLUTION" not in notebook and "BEGIN HIDDEN TESTS" not in notebook
    for line in ac.HIDDEN_LINES:
        assert line not in notebook
    assert "answer = 42" not in notebook and "NotImplementedError" in notebook


def test_a_submission_copied_by_hand_counts_by_its_file_times(
    course: Course, tmp_path: Path
) -> None:
    by_hand = submitted(course, "zoe@uni.example")
    by_hand.mkdir(parents=True)
    (by_hand / "demo.ipynb").write_bytes(notebook_bytes(9))  # now: newer than the zip
    archive = make_zip(tmp_path / "t2.zip", {f"Zoe Martin_101_{MOODLE}/demo.ipynb": b"{}"})
    result = collect.collect(course, ac.ASSIGNMENT, archive, worksheet(tmp_path / "w.csv"))
    assert "zoe@uni.example" in result.kept
    assert answer_in(course, "zoe@uni.example") == "answer = 9"


def test_a_roster_id_that_is_not_a_safe_folder_name_is_never_used(
    course: Course, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,Full name\n../../escape,Lin Wu\n", encoding="utf-8")
    source = tmp_path / "flat"
    source.mkdir()
    (source / f"Lin Wu_555_{MOODLE}demo.ipynb").write_bytes(notebook_bytes(5))
    result = collect.collect(course, ac.ASSIGNMENT, source, roster)
    assert result.copied == {}
    assert result.unmatched == {f"Lin Wu_555_{MOODLE}": errors.COLLECT_BAD_STUDENT_ID}
    assert not (course.root / "escape").exists()


def test_a_timestamp_inside_a_submission_never_backdates_it(course: Course, tmp_path: Path) -> None:
    # An LMS zip whose student put a backdated nbgrader timestamp and a trojan module next to
    # the notebook: the time is the LMS's (the zip's), the student's file is not even copied.
    archive = make_zip(
        tmp_path / "lms.zip",
        {
            "zoe/demo.ipynb": notebook_bytes(4),
            "zoe/timestamp.txt": b"2020-01-01 00:00:00.000000 UTC",
            "zoe/ipykernel_launcher.py": b"raise SystemExit",
        },
        when=T3,
    )
    result = collect.collect(course, ac.ASSIGNMENT, archive, None)
    assert result.copied == {"zoe": "demo.ipynb, ipykernel_launcher.py"}
    stamp = collect.read_timestamp(submitted(course, "zoe"))
    assert stamp is not None and stamp.year == 2026 and stamp.month == 3 and stamp.day == 3
    # the same from a folder
    folder = tmp_path / "in" / "omar"
    folder.mkdir(parents=True)
    (folder / "demo.ipynb").write_bytes(notebook_bytes(4))  # file time: now
    (folder / "timestamp.txt").write_text("2020-01-01 00:00:00.000000 UTC", encoding="utf-8")
    collect.collect(course, ac.ASSIGNMENT, tmp_path / "in", None)
    assert collect.read_timestamp(submitted(course, "omar")).year >= 2026


def test_an_oversized_file_is_skipped_and_the_class_collected(
    course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collect, "MAX_MEMBER_BYTES", 10_000)
    archive = make_zip(
        tmp_path / "class.zip",
        {
            "zoe/demo.ipynb": notebook_bytes(4),
            "zoe/video.mp4": b"0" * 20_000,
            "omar/demo.ipynb": notebook_bytes(3),
        },
    )
    result = collect.collect(course, ac.ASSIGNMENT, archive, None)
    assert result.copied == {"omar": "demo.ipynb", "zoe": "demo.ipynb"}
    assert list(result.skipped) == ["zoe/video.mp4"]
    assert "not collected" in result.skipped["zoe/video.mp4"]
    assert not (submitted(course, "zoe") / "video.mp4").exists()


def test_zip_times_are_the_local_time_of_the_lms(
    course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    try:
        archive = make_zip(tmp_path / "t.zip", {"zoe/demo.ipynb": notebook_bytes(1)}, when=T2)
        collect.collect(course, ac.ASSIGNMENT, archive, None)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    # 9:00 in Paris on 2 March (UTC+1) is 8:00 UTC
    assert collect.read_timestamp(submitted(course, "zoe")) == datetime(2026, 3, 2, 8, tzinfo=UTC)
