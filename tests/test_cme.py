"""The CME path: question banks, generated pre/post-tests, grading, report, export, certificates.

Fast tests check the banks (``cme/*.yml``), that the committed notebooks and pre-test pages
are exactly what ``scripts/make_cme_tests.py`` makes, and that no post-test answer reaches
the student book. The slow tests run the whole path on module 1's pair, as an instructor
would: release (with its self-check), collect, grade (sandboxed), feedback, report, export,
certificates and verify, with correct, blank, wrong and cheating submissions; and the
release self-check on every other pre- and post-test.
"""

from __future__ import annotations

import copy
import csv
import html
import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import nbformat
import pytest

from autograder import certificates, cli, errors, export
from autograder import summary as sm
from autograder.course import Course, ensure_tools_on_path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "make_cme_tests.py"
sys.path.insert(0, str(SCRIPT.parent))
import make_cme_tests as mk  # noqa: E402

MODULES = list(certificates.MODULES)
BANKS = {module: mk.load_bank(module) for module in MODULES}
#: the module whose pair goes through the whole grading path
MODULE = "data_to_decision"
PRE, POST = f"{MODULE}_pre", f"{MODULE}_post"


def plain(text: str) -> str:
    return " ".join(text.split())


# --- fast: the banks and what they generate -------------------------------------------------
def test_committed_tests_and_pages_are_what_the_banks_make() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, (
        "run `python scripts/make_cme_tests.py`: these files differ from the banks\n"
        + done.stdout
        + done.stderr
    )
    for module in MODULES:
        for kind in mk.KINDS:
            assert (ROOT / "assignments" / f"{module}_{kind}" / f"{module}_{kind}.ipynb").is_file()
        assert (ROOT / "book" / "cme" / f"{module}_pretest.md").is_file()


@pytest.mark.parametrize("module", MODULES)
def test_each_bank_tests_every_objective_with_different_items(module: str) -> None:
    bank = BANKS[module]
    assert mk.MIN_QUESTIONS <= len(bank.questions) <= mk.MAX_QUESTIONS
    assert bank.objectives == tuple(certificates.module_objectives(module))
    tested = {q.objective for q in bank.questions}
    assert tested == set(range(1, len(bank.objectives) + 1)), "an objective has no question"
    for q in bank.questions:
        assert q.pre.prompt != q.post.prompt
        for item in (q.pre, q.post):
            assert item.explanation and item.if_wrong and not mk.gives_away(item)
    prompts = [q.post.prompt for q in bank.questions] + [q.pre.prompt for q in bank.questions]
    assert len(set(prompts)) == len(prompts)


@pytest.mark.parametrize("module", MODULES)
def test_no_letter_answers_more_than_half_a_test(module: str) -> None:
    for kind in mk.KINDS:
        letters = [q.item(kind).answer for q in BANKS[module].questions]
        most = max(letters.count(x) for x in set(letters))
        assert most <= len(letters) / 2, f"{module} {kind}: answers {letters}"


def _bank_copy(tmp_path: Path, module: str, text: str) -> Path:
    (tmp_path / "cme").mkdir()
    (tmp_path / "book").mkdir()
    shutil.copy(ROOT / "book" / f"{module}.md", tmp_path / "book")
    (tmp_path / "cme" / f"{module}.yml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_bank_that_gives_the_answer_away_is_refused(tmp_path: Path) -> None:
    text = (ROOT / "cme" / f"{MODULE}.yml").read_text(encoding="utf-8")
    first = BANKS[MODULE].questions[0].pre  # the first if_wrong of the file
    leaky = text.replace(
        plain(first.if_wrong).split(":")[0],
        f"the answer is option {first.answer}; reread 'Training data and test data'",
        1,
    )
    assert leaky != text
    with pytest.raises(mk.BankError, match="gives the answer away"):
        mk.load_bank(MODULE, _bank_copy(tmp_path, MODULE, leaky))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("answer: D", "answer: F"), "is not one of"),
        (("objective: 1", "objective: 9"), "'objective' must be 1 to 5"),
        (("competency: algorithms", "competency: maths"), "'competency' must be one of"),
    ],
)
def test_a_broken_bank_says_where_and_why(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    text = (ROOT / "cme" / f"{MODULE}.yml").read_text(encoding="utf-8").replace(*change, 1)
    with pytest.raises(mk.BankError, match=message) as exc:
        mk.load_bank(MODULE, _bank_copy(tmp_path, MODULE, text))
    assert str(exc.value).startswith(f"{MODULE}.yml, question")


def test_pre_and_post_share_their_question_ids() -> None:
    """The report pairs the two tests' questions by grade id."""
    for module in MODULES:
        ids = {}
        for kind in mk.KINDS:
            aid = f"{module}_{kind}"
            nb = nbformat.read(ROOT / "assignments" / aid / f"{aid}.ipynb", as_version=4)
            ids[kind] = [
                c.metadata["nbgrader"]["grade_id"]
                for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade")
            ]
        assert ids["pre"] == ids["post"] and len(ids["pre"]) == len(BANKS[module].questions)


def _student_book_texts() -> dict[Path, str]:
    paths = [*ROOT.glob("book/**/*.md"), *ROOT.glob("notebooks/*.md"), ROOT / "README.md"]
    return {path: plain(path.read_text(encoding="utf-8")) for path in paths}


def test_post_test_answers_never_reach_the_student_book() -> None:
    texts = _student_book_texts()
    assert any("cme" in p.parts for p in texts), "the pre-test pages are scanned too"
    for module, bank in BANKS.items():
        for q in bank.questions:
            for what, text in (
                ("prompt", q.post.prompt),
                ("explanation", q.post.explanation),
                ("message", q.post.if_wrong),
            ):
                leaks = [str(p.relative_to(ROOT)) for p, page in texts.items() if text in page]
                assert not leaks, f"{module} post-test Q{q.number} {what} is in {leaks}"


@pytest.mark.parametrize("module", MODULES)
def test_the_pretest_page_is_a_quiz_with_every_option_explained(module: str) -> None:
    page = (ROOT / "book" / "cme" / f"{module}_pretest.md").read_text(encoding="utf-8")
    assert page.startswith("---\njupytext:")
    code = re.search(r"```\{code-cell\} ipython3\n:tags: \[(.*?)\]\n(.*?)```", page, re.S)
    assert code is not None
    assert code.group(1) == "remove-input", "the code holds the answers: the page hides it"
    namespace: dict = {}
    exec(compile(code.group(2), f"{module}_pretest", "exec"), namespace)  # noqa: S102
    quiz = namespace["quiz"]
    bank = BANKS[module]
    assert len(quiz.questions) == len(bank.questions)
    for question, q in zip(quiz.questions, bank.questions, strict=True):
        assert question.options == list(q.pre.options)
        assert question.answer == q.pre.answer_index
        assert all(e.strip() for e in question.explanations)
        assert question.explanations[question.answer] == q.pre.explanation
    for index, q in enumerate(bank.questions):  # the right letter is right, the others not
        assert quiz.check(index, q.pre.answer_index) is True
        assert quiz.check(index, (q.pre.answer_index + 1) % len(q.pre.options)) is False


# --- slow: the whole path on module 1's pair ------------------------------------------------
#: the learners and their post-test submissions (their pre-test ones: see `_answers`)
STUDENTS = {
    "ann": "all right",
    "bob": "two wrong",
    "cat": "blank",
    "dan": "three wrong",
    "eve": "cheats: a str whose == is always true",
}
ROSTER_ONLY = "fay"  # on the roster, submits nothing
CHEAT = (
    "class _Yes(str):\n"
    "    def __eq__(self, other):\n"
    "        return True\n\n"
    "    __hash__ = str.__hash__\n\n\n"
    'Q{n} = _Yes("A")\n'
)


def _wrong_letter(item: mk.Item) -> str:
    return next(x for x in item.letters if x != item.answer)


def _answers(kind: str, student: str, bank: mk.Bank) -> nbformat.NotebookNode | None:
    """The notebook a student submits (None: the released, untouched one)."""
    aid = f"{MODULE}_{kind}"
    if student == "cat":
        return None
    nb = nbformat.read(ROOT / "assignments" / aid / f"{aid}.ipynb", as_version=4)
    wrong = {"ann": 0, "bob": 2, "dan": 3, "eve": 0}[student]
    if kind == "pre":  # everyone knows less before the module
        wrong = {"ann": 4, "bob": 6, "dan": 3, "eve": 0}[student]
    for q in bank.questions:
        item = q.item(kind)
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") != q.answer_id:
                continue
            if student == "eve":
                cell.source = CHEAT.format(n=q.number)
            elif q.number <= wrong:
                cell.source = f'{q.name} = "{_wrong_letter(item)}"'
            else:
                cell.source = f'{q.name} = "{item.answer}"'
    return nb


EXPECTED_POST = {"ann": 8.0, "bob": 6.0, "cat": 0.0, "dan": 5.0, "eve": 0.0}
EXPECTED_PRE = {"ann": 4.0, "bob": 2.0, "cat": 0.0, "dan": 5.0, "eve": 0.0}


@dataclass
class GradedCourse:
    """The graded course and what each command printed."""

    course: Path
    outputs: dict[str, str]
    seconds: dict[str, float]


def run(outputs: dict, seconds: dict, name: str, *argv: str | Path, expect: int = 0) -> str:
    """``python -m autograder ARGV`` as an instructor runs it; its printed output."""
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "autograder", *map(str, argv)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    seconds[name] = round(time.monotonic() - start, 1)
    outputs[name] = done.stdout + done.stderr
    assert done.returncode == expect, f"autograder {' '.join(map(str, argv))}:\n{outputs[name]}"
    return outputs[name]


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> GradedCourse:
    """Module 1's pre- and post-test released, collected, graded, fed back and reported."""
    ensure_tools_on_path()
    course = tmp_path_factory.mktemp("cme") / "course"
    (course / "assignments").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    outputs: dict[str, str] = {}
    seconds: dict[str, float] = {}
    roster = course.parent / "roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Identifier", "Full name", "Username"])
        for k, student in enumerate([*STUDENTS, ROSTER_ONLY]):
            writer.writerow([f"Participant {100 + k}", f"{student.title()} Martin", student])
    bank = BANKS[MODULE]
    for kind in mk.KINDS:
        aid = f"{MODULE}_{kind}"
        shutil.copytree(ROOT / "assignments" / aid, course / "assignments" / aid)
        run(outputs, seconds, f"release {kind}", "release", aid, "--course-dir", course)
        incoming = course.parent / f"incoming-{kind}"
        released = course / "release" / aid / f"{aid}.ipynb"
        for student in STUDENTS:
            folder = incoming / student
            folder.mkdir(parents=True)
            nb = _answers(kind, student, bank)
            if nb is None:
                shutil.copy(released, folder / f"{aid}.ipynb")
            else:
                nbformat.write(nb, folder / f"{aid}.ipynb")
        args = ("--course-dir", course, "--roster", roster)
        run(outputs, seconds, f"collect {kind}", "collect", aid, incoming, *args)
        grade = ("grade", aid, "--course-dir", course, "--jobs", "2", "--timeout", "20")
        run(outputs, seconds, f"grade {kind}", *grade)
        run(outputs, seconds, f"feedback {kind}", "feedback", aid, "--course-dir", course)
    run(outputs, seconds, "report", "report", POST, "--course-dir", course)
    export_args = ("export", POST, "--course-dir", course, "--format", "moodle", "--roster", roster)
    run(outputs, seconds, "export", *export_args)
    print(f"\nCME path of {MODULE}: seconds per step {seconds}")
    return GradedCourse(course, outputs, seconds)


def _summary(course: Path, aid: str) -> dict[str, sm.SubmissionResult]:
    return sm.GradeSummary.read(sm.summary_path(course / "autograded", aid)).by_student()


@pytest.mark.slow
def test_release_checks_the_solution_and_hides_answers_and_explanations(
    graded: GradedCourse,
) -> None:
    for kind in mk.KINDS:
        n = len(BANKS[MODULE].questions)
        assert (
            f"the solution scores {n} / {n} and a blank notebook 0"
            in graded.outputs[f"release {kind}"]
        )
    aid = POST
    released = (graded.course / "release" / aid / f"{aid}.ipynb").read_text(encoding="utf-8")
    sources = [c.source for c in nbformat.reads(released, as_version=4).cells]
    text = plain(" ".join(sources))
    lines = {line.strip() for source in sources for line in source.splitlines()}
    assert "EXPLANATION" not in released and "HIDDEN TESTS" not in released
    for q in BANKS[MODULE].questions:
        assert plain(q.post.prompt) in text
        assert q.post.explanation not in text and q.post.if_wrong not in text
        assert f'{q.name} = "{q.post.answer}"' not in lines  # no answer, only the stub


@pytest.mark.slow
def test_correct_blank_wrong_and_cheating_submissions_get_their_scores(
    graded: GradedCourse,
) -> None:
    for aid, expected in ((PRE, EXPECTED_PRE), (POST, EXPECTED_POST)):
        results = _summary(graded.course, aid)
        assert {s: r.status for s, r in results.items()} == dict.fromkeys(STUDENTS, "graded")
        got = {s: r.autograded_score for s, r in results.items()}
        assert got == expected, f"{aid}: {got}"
        assert all(r.autograded_max_score == 8 for r in results.values())


@pytest.mark.slow
def test_feedback_explains_every_question_without_showing_the_hidden_code(
    graded: GradedCourse,
) -> None:
    bank = BANKS[MODULE]
    page = (graded.course / "feedback" / "bob" / POST / f"{POST}.html").read_text("utf-8")
    text = plain(html.unescape(re.sub(r"<[^>]+>", " ", page)))
    for q in bank.questions:  # every question, passed or not, has its explanation
        assert plain(f"Explanation: {q.post.explanation}") in text
        assert f'assert {q.name} == "' not in html.unescape(page)
    for q in bank.questions[:2]:  # bob's two wrong answers say what to reread
        assert plain(q.post.if_wrong) in text
    for q in bank.questions[2:]:
        assert plain(q.post.if_wrong) not in text
    assert "not passed" in text and "Score: 6.0 / 8.0" in text.replace("\n", "")


@pytest.mark.slow
def test_report_shows_the_pre_post_gain_per_question(
    graded: GradedCourse,
) -> None:
    page = (graded.course / "reports" / f"{POST}_report.html").read_text(encoding="utf-8")
    assert "Pre-test and post-test" in page
    # paired learners: all five took both tests
    assert "5 learner(s) took both" in page
    pre = sum(EXPECTED_PRE.values()) / 5 / 8 * 100
    post = sum(EXPECTED_POST.values()) / 5 / 8 * 100
    assert f"mean score {pre:.0f}% before, {post:.0f}% after" in page
    # question 1: nobody right before (ann, bob and dan answered it wrong, cat left it blank,
    # eve cheated); only ann right after (bob and dan still wrong)
    first = BANKS[MODULE].questions[0].test_id
    row = f"<td>{first}</td><td>0%</td><td>20%</td><td>+20</td>"
    assert row in page
    assert "Answers graded by hand" not in page  # the tests have none


@pytest.mark.slow
def test_export_lists_the_roster_student_who_did_not_submit(
    graded: GradedCourse,
) -> None:
    path = graded.course / "exports" / f"{POST}_moodle.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = {row["Full name"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {f"{s.title()} Martin" for s in [*STUDENTS, ROSTER_ONLY]}
    absent = rows[f"{ROSTER_ONLY.title()} Martin"]
    assert absent["Grade"] == ""
    assert absent["Feedback comments"] == errors.EXPORT_STUDENT_COMMENT["no_submission"]
    assert rows["Ann Martin"]["Feedback comments"] == errors.EXPORT_STUDENT_COMMENT["graded"]
    assert ROSTER_ONLY in graded.outputs["export"]
    assert export.NO_SUBMISSION in graded.outputs["export"]


# --- slow: certificates ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def issued(graded: GradedCourse) -> GradedCourse:
    run(graded.outputs, graded.seconds, "certificates", "certificates", MODULE,
        "--course-dir", graded.course)  # fmt: skip
    return graded


@pytest.mark.slow
def test_certificates_go_to_the_learners_who_passed_the_post_test(issued: GradedCourse) -> None:
    out = issued.outputs["certificates"]
    key = issued.course / ".certificates" / "signing.key"
    assert errors.CERTIFICATE_KEY_CREATED.format(path=key) in out  # created, with the message
    assert key.stat().st_mode & 0o077 == 0, "the key is readable by its owner only"
    assert (key.parent / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    folder = issued.course / "certificates" / MODULE
    # ann 100 %, bob 75 % pass at 70 %; dan 62.5 %, cat and eve 0 % do not
    assert sorted(p.stem for p in folder.glob("*.html")) == ["ann", "bob"]
    assert sorted(p.stem for p in folder.glob("*.pdf")) == ["ann", "bob"]
    for student in ("cat", "dan", "eve"):
        assert f"  {student}: post-test score" in out and "below the pass mark of 70 %" in out
    assert all((folder / f"{s}.pdf").read_bytes().startswith(b"%PDF") for s in ("ann", "bob"))


@pytest.mark.slow
def test_a_certificate_states_what_the_grading_path_observed(issued: GradedCourse) -> None:
    page = (issued.course / "certificates" / MODULE / "bob.html").read_text(encoding="utf-8")
    data = json.loads(certificates.DATA_BLOCK.search(page)["json"])
    fields = data["fields"]
    course = Course.load(issued.course)
    timestamps = {}
    with course.gradebook() as gb:
        for aid in (PRE, POST):
            submission = gb.find_submission(aid, "bob")
            timestamps[aid] = submission.timestamp
            assert isinstance(submission.timestamp, datetime)
    assert fields["learner_name"] == "Bob Martin" and fields["learner_id"] == "bob"
    assert fields["post_test"]["submitted"] == certificates._submitted(timestamps[POST])
    assert fields["pre_test"]["submitted"] == certificates._submitted(timestamps[PRE])
    assert (fields["post_test"]["score"], fields["post_test"]["max_score"]) == (6.0, 8.0)
    assert (fields["pre_test"]["score"], fields["pre_test"]["percent"]) == (2.0, 25.0)
    assert fields["objectives"] == certificates.module_objectives(MODULE)
    minutes = certificates.MODULE_TIMES.count(MODULE).total
    assert fields["duration_minutes"] == minutes
    text = plain(html.unescape(re.sub(r"<[^>]+>", " ", page)))
    for needle in (
        "Certificate of completion",
        "Bob Martin",
        certificates.MODULES[MODULE],
        certificates.MODULE_TIMES.duration(minutes),
        fields["post_test"]["submitted"],
        fields["pre_test"]["submitted"],
        "6 / 8 (75 %)",
        "2 / 8 (25 %)",
        data["code"],
        *map(plain, fields["objectives"]),
    ):
        assert needle in text, needle


@pytest.mark.slow
def test_verify_tells_a_genuine_certificate_from_an_altered_one(
    issued: GradedCourse, tmp_path: Path
) -> None:
    course, folder = issued.course, issued.course / "certificates" / MODULE
    page = (folder / "bob.html").read_text(encoding="utf-8")
    code = json.loads(certificates.DATA_BLOCK.search(page)["json"])["code"]
    args = ("--course-dir", course)
    out, sec = issued.outputs, issued.seconds
    assert "GENUINE" in run(out, sec, "verify", "verify", code, *args)
    assert "GENUINE" in run(out, sec, "verify", "verify", code.lower().replace("-", " "), *args)
    for suffix in ("html", "pdf"):
        assert run(out, sec, "verify", "verify", folder / f"bob.{suffix}", *args).startswith(
            "GENUINE"
        )
    # one byte of the data changed: the score 6 -> 8
    forged = tmp_path / "bob.html"
    forged.write_text(page.replace('"score": 6.0', '"score": 8.0'), encoding="utf-8")
    assert page != forged.read_text(encoding="utf-8")
    message = run(out, sec, "verify", "verify", forged, *args, expect=cli.EXIT_NOT_GENUINE)
    assert message.strip() == errors.VERIFY_BAD_SIGNATURE.format(code=code)
    # the shown text changed, the data left alone
    shown = page.replace('class="learner">Bob Martin', 'class="learner">Rob Martin', 1)
    assert shown != page
    forged.write_text(shown, encoding="utf-8")
    message = run(out, sec, "verify", "verify", forged, *args, expect=cli.EXIT_NOT_GENUINE)
    assert message.strip() == errors.VERIFY_ALTERED_FILE.format(code=code)
    # a changed byte of the PDF
    pdf = (folder / "bob.pdf").read_bytes()
    at = pdf.index(b"/Title")
    (tmp_path / "bob.pdf").write_bytes(pdf[:at] + b"/Title (Rob)" + pdf[at + 12 :])
    run(out, sec, "verify", "verify", tmp_path / "bob.pdf", *args, expect=cli.EXIT_NOT_GENUINE)
    # a changed code
    other = code[:-1] + ("A" if code[-1] != "A" else "B")
    message = run(out, sec, "verify", "verify", other, *args, expect=cli.EXIT_NOT_GENUINE)
    assert message.startswith("NOT VERIFIED")
    # not a code at all
    message = run(out, sec, "verify", "verify", "hello", *args, expect=cli.EXIT_CANNOT_RUN)
    assert errors.VERIFY_NOTHING.format(target="hello") in message


@pytest.mark.slow
def test_certificates_and_verify_refuse_bad_input_clearly(
    issued: GradedCourse, tmp_path: Path
) -> None:
    course = issued.course
    out, sec = issued.outputs, issued.seconds
    args = ("--course-dir", course)
    message = run(out, sec, "bad", "certificates", "cardiology", *args, expect=2)
    assert "Unknown module 'cardiology'" in message
    message = run(out, sec, "bad", "certificates", "judging_evidence", *args, expect=2)
    assert message.strip() == "error: " + errors.NO_POST_TEST_GRADED.format(
        module="judging_evidence", post="judging_evidence_post"
    )
    copy = Path(shutil.copytree(course, tmp_path / "course"))
    (copy / ".certificates" / "signing.key").unlink()
    code = next(iter(json.loads((copy / "certificates" / "register.json").read_text())))
    message = run(out, sec, "bad", "verify", code, "--course-dir", copy, expect=2)
    key = copy / ".certificates" / "signing.key"
    assert message.strip() == "error: " + errors.NO_CERTIFICATE_KEY.format(path=key)


@pytest.mark.slow
def test_french_certificates_and_a_rule_that_requires_the_assignment(
    issued: GradedCourse, tmp_path: Path
) -> None:
    copy = Path(shutil.copytree(issued.course, tmp_path / "course"))
    out, sec = issued.outputs, issued.seconds
    run(out, sec, "fr", "certificates", MODULE, "--language", "fr", "--course-dir", copy)
    page = (copy / "certificates" / MODULE / "ann.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and "Attestation de formation" in page
    assert certificates.TITLES_FR[MODULE] in page
    assert "GENUINE" in run(out, sec, "fr", "verify", copy / "certificates" / MODULE / "ann.pdf",
                            "--course-dir", copy)  # fmt: skip
    config = copy / "nbgrader_config.py"
    config.write_text(
        config.read_text(encoding="utf-8") + "\nc.Certificates.require_assignment = True\n",
        encoding="utf-8",
    )
    (copy / "assignments" / MODULE).mkdir()  # the module's assignment, never graded here
    shutil.copy(ROOT / "assignments" / MODULE / f"{MODULE}.ipynb", copy / "assignments" / MODULE)
    message = run(out, sec, "fr", "certificates", MODULE, "--course-dir", copy)
    assert "written for 0 learner(s)" in message
    assert message.count(errors.CERTIFICATE_NO_ASSIGNMENT) == 2  # ann and bob


# --- slow: the release self-check of every other pre- and post-test -------------------------
OTHERS = [f"{m}_{k}" for m in MODULES if m != MODULE for k in mk.KINDS]


@pytest.mark.grading
@pytest.mark.parametrize("aid", OTHERS)
def test_release_grade_and_report_every_other_test(aid: str, tmp_path: Path) -> None:
    # release (whose self-check grades the solution and a blank notebook), then a class of
    # two through grade and report
    ensure_tools_on_path()
    course = tmp_path / "course"
    (course / "assignments").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "assignments" / aid, course / "assignments" / aid)
    out = run({}, {}, "release", "release", aid, "--course-dir", course)
    n = len(BANKS[aid.rsplit("_", 1)[0]].questions)
    assert f"the solution scores {n} / {n} and a blank notebook 0" in out
    for student, folder in (("ann", course / "assignments"), ("bob", course / "release")):
        target = course / "submitted" / student / aid
        target.mkdir(parents=True)
        shutil.copy(folder / aid / f"{aid}.ipynb", target)
    run({}, {}, "grade", "grade", aid, "--course-dir", course, "--jobs", "2")
    summary = sm.GradeSummary.read(sm.summary_path(course / "autograded", aid)).by_student()
    assert (summary["ann"].autograded_score, summary["bob"].autograded_score) == (n, 0)
    run({}, {}, "report", "report", aid, "--course-dir", course)
    assert (course / "reports" / f"{aid}_report.html").is_file()


def test_the_feedback_table_explains_passed_and_failed_questions() -> None:
    from nbformat.v4 import new_code_cell, new_notebook

    from autograder.feedback_filters import HideHiddenTests, explanation_lines

    q = BANKS[MODULE].questions[0]
    source = mk.test_source(q, q.post)
    assert explanation_lines(source) == [q.post.explanation]
    cells = []
    for grade_id, score in (("passed", 1.0), ("failed", 0.0)):
        meta = {"grade": True, "grade_id": grade_id, "points": 1.0, "score": score}
        cell = new_code_cell(source, metadata={"nbgrader": meta})
        if not score:
            error = {"output_type": "error", "ename": "AssertionError", "traceback": []}
            cell.outputs = [nbformat.from_dict({**error, "evalue": "wrong"})]
        cells.append(cell)
    nb, _ = HideHiddenTests().preprocess(new_notebook(cells=cells), {"nbgrader": {"score": 1.0}})
    table = html.unescape(nb.cells[0].source)
    assert table.count(f"Explanation:</strong> {q.post.explanation}") == 2
    assert "wrong" in table
    for cell in nb.cells[1:]:  # the hidden region, its answer and explanation, are gone
        assert "EXPLANATION" not in cell.source and f'== "{q.post.answer}"' not in cell.source


# --- slow: the French edition's pre- and post-tests -----------------------------------------
ALL_TESTS = [f"{m}_{k}" for m in MODULES for k in mk.KINDS]


@pytest.mark.grading
@pytest.mark.parametrize("aid", ALL_TESTS)
def test_every_french_test_grades_like_the_english_one(
    aid: str, tmp_path: Path, french_tree: Path
) -> None:
    """Release (its self-check grades the solution and a blank notebook), then the correct
    answers, a blank notebook and three wrong answers through grade and feedback, in the
    French course folder: the English scores, and feedback in French."""
    ensure_tools_on_path()
    course = tmp_path / "cours"
    (course / "assignments").mkdir(parents=True)
    shutil.copy(french_tree / "nbgrader_config.py", course)
    shutil.copytree(french_tree / "assignments" / aid, course / "assignments" / aid)
    out = run({}, {}, "release", "release", aid, "--course-dir", course)
    bank = BANKS[aid.rsplit("_", 1)[0]]
    kind = aid.rsplit("_", 1)[1]
    n = len(bank.questions)
    assert f"the solution scores {n} / {n} and a blank notebook 0" in out
    source = nbformat.read(course / "assignments" / aid / f"{aid}.ipynb", as_version=4)
    wrong = copy.deepcopy(source)
    for q in bank.questions[:3]:
        for cell in wrong.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == q.answer_id:
                cell.source = f'{q.name} = "{_wrong_letter(q.item(kind))}"'
    released = nbformat.read(course / "release" / aid / f"{aid}.ipynb", as_version=4)
    assert "VOTRE CODE ICI" in json.dumps(released)
    for student, nb in (("ann", source), ("bob", released), ("dan", wrong)):
        target = course / "submitted" / student / aid
        target.mkdir(parents=True)
        nbformat.write(nb, target / f"{aid}.ipynb")
    run({}, {}, "grade", "grade", aid, "--course-dir", course, "--jobs", "2")
    summary = sm.GradeSummary.read(sm.summary_path(course / "autograded", aid)).by_student()
    scores = {s: r.autograded_score for s, r in summary.items()}
    assert scores == {"ann": n, "bob": 0, "dan": n - 3}
    run({}, {}, "feedback", "feedback", aid, "--course-dir", course)
    page = next((course / "feedback" / "dan" / aid).glob("*.html")).read_text(encoding="utf-8")
    # the explanations the learner reads are the French bank's
    assert "EXPLANATION" not in page
    assert "Explanation:" not in page
