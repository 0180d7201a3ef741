"""A real JupyterHub with nbgrader's exchange, end to end (hub/, book/instructor_jupyterhub.md).

One hub for the module (`hub/course_hub.start`, as ``hub/start.py``): JupyterHub 5.5 with
configurable-http-proxy, PAM login of real local accounts (an instructor and three
students), nbgrader's exchange, the instructor's course folder with ``data_to_decision``
released. Over the hub's REST API each student logs in with their password, starts their
JupyterLab and drives nbgrader's Assignment List endpoints (what the *Assignments* tab
calls): fetch, save a notebook through Jupyter's contents API, submit, fetch feedback. The
instructor collects with ``nbgrader collect``, grades with ``python -m autograder grade``
(as root, in the sandbox), writes feedback and releases it with ``nbgrader
release_feedback``. Accounts run commands through ``runuser``, as in their JupyterLab
terminal. The last test stops the hub (`hub/course_hub.stop`, as ``hub/stop.py``) and checks
that nothing is left; the fixture stops it too when a test fails.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import pwd
import secrets
import shutil
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grading_cases as gc
import nbformat
import psutil
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hub"))
import course_hub as ch  # noqa: E402

ASSIGNMENT = "data_to_decision"
COURSE = ch.COURSE_ID
#: the test's accounts: medai-t-instructor, medai-t-student1..3 (never a real user's name)
PREFIX = "medai-t-"
#: what each student hands in
KINDS = ("solution", "blank", "wrong")


def _why_no_hub() -> str | None:
    if os.geteuid() != 0:
        return "the hub runs each user's server as that user, and grading needs root"
    if shutil.which("bwrap") is None:
        return "the grading sandbox needs bubblewrap (scripts/install_system_packages.sh)"
    if not ch.PROXY_SCRIPT.exists():
        return "configurable-http-proxy is not installed (make setup: npm ci)"
    if not (ch.VENV / "bin" / "jupyterhub").exists():
        return "JupyterHub is not installed in .venv (make setup)"
    return None


pytestmark = [
    pytest.mark.grading,
    pytest.mark.slow,
    pytest.mark.skipif(_why_no_hub() is not None, reason=_why_no_hub() or ""),
]


# --- fixtures: the hub and the term's steps, once for the module ---------------------------------
@pytest.fixture(scope="module")
def hub():
    for stale in Path("/tmp").glob("medai-hub-test-*/hub.json"):  # a run that was killed
        ch.stop(stale.parent)
    root = Path(f"/tmp/medai-hub-test-{secrets.token_hex(4)}")
    # released below, while the users' servers start (`servers`)
    settings = ch.start(root, (ASSIGNMENT,), students=3, prefix=PREFIX, release_now=False)
    try:
        yield settings
    finally:
        ch.stop(root)


@pytest.fixture(scope="module")
def students(hub: ch.Settings) -> dict[str, str]:
    """Which student hands in what."""
    return dict(zip(hub.students, KINDS, strict=True))


def login(hub: ch.Settings, user: str, password: str) -> tuple[int, object]:
    """A token for ``user``, asked of the hub with their password (what the login page does)."""
    body = {"auth": {"username": user, "password": password}, "note": "tests/test_hub.py"}
    return ch.api(hub, "POST", f"/hub/api/users/{user}/tokens", body=body)


@pytest.fixture(scope="module")
def tokens(hub: ch.Settings) -> dict[str, str]:
    tokens = {}
    for user in hub.users:
        status, body = login(hub, user, hub.passwords[user])
        assert status == 201, f"{user} could not log in: {status} {body}"
        tokens[user] = body["token"]
    return tokens


@pytest.fixture(scope="module")
def servers(hub: ch.Settings, tokens: dict[str, str]) -> dict[str, str]:
    """Each user starts their JupyterLab while the instructor releases the assignment; the
    URL of each server, once all answer."""

    def spawn(user: str) -> tuple[int, object]:
        return ch.api(hub, "POST", f"/hub/api/users/{user}/server", token=tokens[user])

    with ThreadPoolExecutor(len(hub.users) + 1) as pool:
        # nbgrader's generate_assignment: the same student version as `autograder release`,
        # without its checks (graded solution and blank), which the tests below repeat
        releasing = pool.submit(ch.release, hub, checked=False)
        spawned = dict(zip(hub.users, pool.map(spawn, hub.users), strict=True))
        releasing.result()
    for user, (status, body) in spawned.items():
        assert status in (201, 202), f"{user}'s server did not start: {status} {body}"
    urls: dict[str, str] = {}
    deadline = time.monotonic() + 120
    while len(urls) < len(hub.users) and time.monotonic() < deadline:
        for user in set(hub.users) - set(urls):
            _, model = ch.api(hub, "GET", f"/hub/api/users/{user}", token=tokens[user])
            server = model.get("servers", {}).get("", {})
            if server.get("ready"):
                urls[user] = server["url"]
        time.sleep(0.5)
    assert len(urls) == len(hub.users), f"servers not ready: {ch.tail(hub.log)}"
    return urls


def assignments_api(hub, tokens, user: str, action: str | None = None) -> list[dict]:
    """nbgrader's Assignment List endpoint of ``user``'s server (the *Assignments* tab)."""
    if action is None:
        status, body = ch.api(
            hub, "GET", f"/user/{user}/assignments?course_id={COURSE}", token=tokens[user]
        )
    else:
        payload = {"course_id": COURSE, "assignment_id": ASSIGNMENT}
        status, body = ch.api(
            hub, "POST", f"/user/{user}/assignments/{action}", token=tokens[user], body=payload
        )
    assert status == 200 and body["success"], f"{user} {action}: {status} {body}"
    return [a for a in body["value"] if a["assignment_id"] == ASSIGNMENT]


def handed_in(kind: str, released: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook a student saves, as tests/grading_cases.py builds submissions."""
    if kind == "blank":
        return released
    source = gc.read(ROOT / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    if kind == "wrong":
        found = gc.replace_cells(source, gc.cases_for(ASSIGNMENT)["wrong"])
        assert found, "no cell of the wrong case in the notebook"
    return source


@pytest.fixture(scope="module")
def submitted(hub, tokens, servers, students) -> dict[str, list[dict]]:
    """Each student fetches, saves their work through Jupyter's contents API, and submits."""
    listings = {}
    for user, kind in students.items():
        fetched = assignments_api(hub, tokens, user, "fetch")
        assert [a["status"] for a in fetched] == ["fetched"], fetched
        path = f"/user/{user}/api/contents/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
        status, model = ch.api(hub, "GET", path, token=tokens[user])
        assert status == 200, model
        notebook = handed_in(kind, nbformat.from_dict(model["content"]))
        body = {"type": "notebook", "format": "json", "content": copy.deepcopy(notebook)}
        status, saved = ch.api(hub, "PUT", path, token=tokens[user], body=body)
        assert status == 200, saved
        listings[user] = assignments_api(hub, tokens, user, "submit")
    return listings


@pytest.fixture(scope="module")
def graded(hub, tokens, submitted, students) -> dict[str, dict]:
    """The instructor collects, grades (as root, sandboxed), writes and releases feedback;
    each student fetches theirs. The grade summary's record of each student."""
    instructor, course = hub.instructor, hub.course
    ch.as_user(hub, instructor, ["nbgrader", "collect", ASSIGNMENT], cwd=course)
    ch.as_root(["python", "-m", "autograder", "grade", ASSIGNMENT], cwd=course)
    ch.give_back(hub)
    ch.as_user(hub, instructor, ["python", "-m", "autograder", "feedback", ASSIGNMENT], cwd=course)
    # feedback keeps each submission's secret, which release_feedback names the files by
    for user in students:
        assert (course / "feedback" / user / ASSIGNMENT / "submission_secret.txt").is_file()
    ch.as_user(hub, instructor, ["nbgrader", "release_feedback", ASSIGNMENT], cwd=course)
    for user in students:
        assignments_api(hub, tokens, user, "fetch_feedback")
    summary = (course / "autograded" / f"{ASSIGNMENT}_summary.json").read_text()
    return {s["student_id"]: s for s in json.loads(summary)["submissions"]}


def fails_as(hub: ch.Settings, user: str, shell: str, denied: bool = True) -> None:
    """Run a shell command as ``user``: it must fail (with "Permission denied")."""
    result = ch.as_user(hub, user, ["sh", "-c", shell], check=False)
    assert result.returncode != 0, f"{user} could run {shell!r}: {result.stdout[:200]}"
    if denied:
        assert "Permission denied" in result.stderr, result.stderr


# --- the tests ----------------------------------------------------------------------------------
@pytest.mark.usefixtures("tokens")
def test_users_log_in_with_their_own_password_only(hub: ch.Settings) -> None:
    first, second = hub.students[:2]
    wrong = ("not-the-password", hub.passwords[second])  # PAM makes each failure wait 3 s
    with ThreadPoolExecutor(len(wrong)) as pool:
        statuses = [s for s, _ in pool.map(lambda p: login(hub, first, p), wrong)]
    assert statuses == [403, 403]


@pytest.mark.usefixtures("servers")
def test_each_server_runs_as_its_user_and_only_its_user_reaches_it(hub, tokens) -> None:
    first, second = hub.students[:2]
    status, _ = ch.api(hub, "GET", f"/user/{second}/api/status", token=tokens[first])
    assert status == 403
    for user in hub.users:
        pids = [
            p
            for p in psutil.process_iter(["cmdline", "username"])
            if any("jupyterhub-singleuser" in part for part in p.info["cmdline"] or [])
            and p.info["username"] == user
        ]
        assert len(pids) == 1, f"{user}: {pids}"


def test_the_admin_service_sees_the_accounts_and_the_teaching_group(hub, tokens) -> None:
    status, users = ch.api(hub, "GET", "/hub/api/users", token=hub.admin_token)
    assert status == 200 and sorted(u["name"] for u in users) == sorted(hub.users)
    assert not any(u["admin"] for u in users)
    status, group = ch.api(hub, "GET", "/hub/api/groups/instructors", token=hub.admin_token)
    assert status == 200 and group["users"] == [hub.instructor]
    student = hub.students[0]
    assert ch.api(hub, "GET", "/hub/api/users", token=tokens[student])[0] == 403


@pytest.mark.usefixtures("servers")
def test_instructor_tools_only_on_the_instructors_server(hub, tokens) -> None:
    path = "/user/{}/formgrader/api/status"
    assert ch.api(hub, "GET", path.format(hub.instructor), token=tokens[hub.instructor])[0] == 200
    for user in hub.students:
        assert ch.api(hub, "GET", path.format(user), token=tokens[user])[0] == 404
    page = ch.api(hub, "GET", f"/user/{hub.students[0]}/lab", token=tokens[hub.students[0]])[1]
    for plugin in ch.INSTRUCTOR_PLUGINS:
        assert f'"{plugin}"' in page  # listed among the disabled (and locked) plugins


def test_students_fetch_and_submit_through_the_assignment_list(hub, submitted) -> None:
    for user, listing in submitted.items():
        statuses = sorted(a["status"] for a in listing)
        assert statuses == ["fetched", "submitted"], (user, listing)
        (mine,) = [a for a in listing if a["status"] == "submitted"]
        assert [s["student_id"] for s in mine["submissions"]] == [user]
        assert (ch.home(user) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
    inbound = sorted(p.name for p in (hub.exchange / COURSE / "inbound").iterdir())
    assert [name.split("+")[0] for name in inbound] == sorted(submitted)
    # nbgrader names each submission <student>+<assignment>+<time>+<random string>
    assert all(len(name.split("+")) == 4 and len(name.split("+")[3]) >= 12 for name in inbound)


@pytest.mark.browser
def test_a_student_logs_in_in_a_browser_and_sees_the_submission(hub, submitted) -> None:
    """Smoke test of the pages: login form, JupyterLab, nbgrader's Assignment List."""
    from book_site import launch_chromium
    from playwright.sync_api import sync_playwright

    user = hub.students[0]
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page()
            page.goto(f"{hub.url}/hub/login")
            page.fill("#username_input", user)
            page.fill("#password_input", hub.passwords[user])
            page.click("#login_submit")
            page.wait_for_url(f"**/user/{user}/lab**", timeout=60_000)
            page.get_by_text("Nbgrader", exact=True).click(timeout=60_000)
            items = page.locator(".lm-Menu-itemLabel").all_inner_texts()
            assert "Assignment List" in items and "Formgrader" not in items, items
            page.get_by_text("Assignment List", exact=True).click()
            submitted_list = page.locator("#submitted_assignments_list")
            submitted_list.get_by_text(ASSIGNMENT).wait_for(timeout=30_000)
        finally:
            browser.close()


def test_a_student_cannot_read_another_students_submission(hub, submitted) -> None:
    first, second = hub.students[:2]
    inbound = hub.exchange / COURSE / "inbound"
    fails_as(hub, first, f"ls {inbound}")
    # the pattern matches nothing, since the folder cannot be listed: the name of a
    # submission (with its time and random string) cannot be found
    fails_as(hub, first, f"cat {inbound}/{second}+{ASSIGNMENT}+*/{ASSIGNMENT}.ipynb", False)
    fails_as(hub, first, f"ls {ch.home(second)}")
    fails_as(hub, first, f"cat {ch.home(second)}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
    # the student's own copy, as a check that the commands above could succeed
    mine = ch.as_user(hub, first, ["cat", f"{ch.home(first)}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"])
    assert mine.returncode == 0 and '"cells"' in mine.stdout


def test_scores_correct_full_empty_zero_wrong_partial(hub, graded, students) -> None:
    expected_wrong = gc.cases_for(ASSIGNMENT)["expected_scores"]["wrong"]
    for user, kind in students.items():
        record = graded[user]
        assert record["status"] == "graded", record
        score, full = record["autograded_score"], record["autograded_max_score"]
        assert full > 0
        assert {"solution": full, "blank": 0.0, "wrong": expected_wrong}[kind] == score, kind
    assert expected_wrong < full


def test_each_student_fetches_only_their_own_feedback(hub, graded, students) -> None:
    for user in students:
        fetched = list((ch.home(user) / ASSIGNMENT / "feedback").glob("*/*.html"))
        assert [p.name for p in fetched] == [f"{ASSIGNMENT}.html"], fetched
        written = hub.course / "feedback" / user / ASSIGNMENT / f"{ASSIGNMENT}.html"
        assert fetched[0].read_bytes() == written.read_bytes()
        assert fetched[0].stat().st_uid == pwd.getpwnam(user).pw_uid
    first, second = hub.students[:2]
    fails_as(hub, first, f"ls {hub.exchange / COURSE / 'feedback'}")
    fails_as(hub, first, f"ls {ch.home(second)}/{ASSIGNMENT}/feedback")


def test_students_cannot_read_the_course_folder(hub, graded) -> None:
    course = hub.course
    source = course / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    for path in (course / "gradebook.db", source):
        assert path.exists()
        fails_as(hub, hub.students[0], f"cat {path}")
    for path in (course, course / "submitted"):
        fails_as(hub, hub.students[0], f"ls {path}")
    owners = {p.stat().st_uid for p in course.rglob("*")}
    assert owners == {pwd.getpwnam(hub.instructor).pw_uid}  # given back after grading


def test_grades_export_as_a_moodle_grading_worksheet(hub, graded, students) -> None:
    # Moodle's grading worksheet, with the hub's user names as Moodle usernames
    roster = hub.course / "worksheet.csv"
    rows = [["Identifier", "Full name", "Email address", "Username"]]
    rows += [
        [f"Participant {100 + k}", f"Student {k}", f"{u}@example.edu", u]
        for k, u in enumerate(students)
    ]
    with roster.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    shutil.chown(roster, hub.instructor)
    export = ["python", "-m", "autograder", "export", ASSIGNMENT, "--format", "moodle"]
    ch.as_user(hub, hub.instructor, [*export, "--roster", roster.name], cwd=hub.course)
    path = hub.course / "exports" / f"{ASSIGNMENT}_moodle.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        worksheet = {row["Identifier"]: row for row in csv.DictReader(handle)}
    assert len(worksheet) == len(students)
    for k, user in enumerate(students):
        row = worksheet[f"Participant {100 + k}"]
        assert float(row["Grade"]) == graded[user]["score"]
        assert float(row["Maximum Grade"]) == graded[user]["max_score"]


def test_stop_removes_accounts_homes_exchange_and_processes(hub, graded) -> None:
    uids = {pwd.getpwnam(u).pw_uid for u in hub.users}
    homes = [ch.home(u) for u in hub.users]
    opened = dict(hub.traverse_granted)
    removed = ch.stop(Path(hub.root))
    assert set(hub.users) <= set(removed)
    assert not any(ch.account_exists(u) for u in hub.users)
    assert not any(h.exists() for h in homes) and not Path(hub.root).exists()
    assert not [p for p in psutil.process_iter(["uids"]) if p.info["uids"].real in uids]
    for folder, mode in opened.items():  # the ACL entry for the hub's group is gone
        assert "system.posix_acl_access" not in os.listxattr(folder)
        assert Path(folder).stat().st_mode & 0o7777 == mode
    with pytest.raises(OSError):
        urllib.request.urlopen(hub.url, timeout=2)
