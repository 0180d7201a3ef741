"""Certificates without a grading run: the rule, the signature, the key, the wording.

The whole path (grade, then certificates and verify on real submissions) is in
``tests/test_cme.py``; these tests check the pieces in milliseconds.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from autograder import certificates as cert
from autograder import errors, language
from autograder.course import Course

FIELDS = {
    "format": 1,
    "course": "ai-medicine",
    "issuer": "AI in medicine",
    "learner_id": "ann",
    "learner_name": "Ann Martin",
    "module": "data_to_decision",
    "module_title": "1. From data to decision",
    "objectives": ["Explain why", "Build a confusion matrix"],
    "duration_minutes": 145,
    "pre_test": None,
    "post_test": {"score": 7.0, "max_score": 8.0, "percent": 87.5, "submitted": ""},
    "assignment": None,
    "pass_percent": 70.0,
    "issued": "2026-12-05",
    "language": "en",
}
SETTINGS = cert.Settings(70.0, False, Path("k"), "AI in medicine")


def test_the_code_signs_every_field_and_only_the_key_makes_it() -> None:
    key = bytes(range(32))
    code = cert.sign(key, FIELDS)
    assert cert.CODE_PATTERN.match(code)
    assert cert.sign(key, dict(FIELDS)) == code  # the order of the keys does not matter
    for name in ("learner_name", "issued", "duration_minutes"):
        changed = {**FIELDS, name: FIELDS[name] * 2 if name == "duration_minutes" else "x"}
        assert cert.sign(key, changed) != code, name
    assert cert.sign(bytes(32), FIELDS) != code
    assert cert.normalise_code(code.lower().replace("-", " ")) == code


def test_html_and_pdf_are_made_from_the_fields_alone() -> None:
    code = cert.sign(bytes(range(32)), FIELDS)
    page = cert.render_html(FIELDS, code)
    assert page == cert.render_html(dict(FIELDS), code)
    assert "Ann Martin" in page and "not taken" in page and "7 / 8 (88 %)" in page
    assert cert.render_pdf(FIELDS, code) == cert.render_pdf(FIELDS, code)  # byte-reproducible
    french = cert.render_html({**FIELDS, "language": "fr"}, code)
    assert "Attestation de formation" in french and "non passé" in french
    hostile = {**FIELDS, "learner_name": "</script><script>alert(1)</script>"}
    page = cert.render_html(hostile, code)
    assert "<script>alert" not in page  # escaped in the text and in the data block
    assert cert.DATA_BLOCK.search(page) is not None


@pytest.mark.parametrize(
    ("status", "percent", "expected"),
    [
        ("graded", 87.5, ""),
        ("graded", 70.0, ""),
        ("graded", 62.5, "post-test score 62 % is below the pass mark of 70 %"),
        ("tampered", 100.0, errors.CERTIFICATE_POST_STATUS.format(status="tampered")),
        ("timed_out", 100.0, errors.CERTIFICATE_POST_STATUS.format(status="timed_out")),
    ],
)
def test_the_rule(status: str, percent: float, expected: str) -> None:
    post = {"score": 0.0, "max_score": 8.0, "percent": percent, "submitted": ""}
    results = {"post": post, "pre": None, "assignment": None}
    assert cert._reason(results, status, None, SETTINGS) == expected


def test_the_rule_with_the_assignment_required() -> None:
    rule = cert.Settings(70.0, True, Path("k"), "x")
    post = {"score": 8.0, "max_score": 8.0, "percent": 100.0, "submitted": ""}
    done = {"score": 9.0, "max_score": 10.0, "percent": 90.0, "submitted": ""}
    results = {"post": post, "pre": None, "assignment": None}
    assert cert._reason(results, "graded", None, rule) == errors.CERTIFICATE_NO_ASSIGNMENT
    results["assignment"] = done
    waiting = {"needs_manual_grade": True}
    assert cert._reason(results, "graded", waiting, rule) == errors.CERTIFICATE_ASSIGNMENT_MANUAL
    assert cert._reason(results, "graded", {"needs_manual_grade": False}, rule) == ""


def test_the_key_is_created_private_and_a_bad_one_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "signing.key"
    with pytest.raises(errors.AutograderError) as exc:
        cert.read_key(path)
    assert str(exc.value) == errors.NO_CERTIFICATE_KEY.format(path=path)
    key, created = cert.ensure_key(path)
    assert created and len(key) == cert.KEY_BYTES and path.stat().st_mode & 0o077 == 0
    assert (path.parent / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert cert.ensure_key(path) == (key, False)
    path.write_text("not hex\n", encoding="ascii")
    with pytest.raises(errors.AutograderError, match="is not a key this course writes"):
        cert.read_key(path)


def test_the_objectives_are_the_chapters() -> None:
    objectives = cert.module_objectives("protecting_health_data")
    assert len(objectives) == 6
    assert objectives[0] == "Tell pseudonymised from anonymised data, with the GDPR's definitions"
    assert all(not o.endswith(";") and "(" not in o[:3] for o in objectives)


# --- the course's language ------------------------------------------------------------------
FRENCH = {
    **FIELDS,
    "language": "fr",
    "module_title": cert.TITLES_FR["data_to_decision"],
    "objectives": ["Expliquer pourquoi", "Construire une matrice de confusion"],
    "objectives_language": "fr",
    "pre_test": {
        "score": 2.5, "max_score": 8.0, "percent": 31.2, "submitted": "2026-03-01 14:05 UTC"
    },
}  # fmt: skip


def shown(page: str) -> str:
    """The certificate's text as a reader sees it (spaces and U+00A0 squeezed, U+202F kept)."""
    body = page.split("<body>")[1].split("<script")[0]
    return re.sub(r"[ \n\xa0]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_a_french_certificate_writes_numbers_dates_and_punctuation_the_french_way() -> None:
    text = shown(cert.render_html(FRENCH, cert.sign(bytes(range(32)), FRENCH)))
    for french in (
        "Pré-test (diagnostique)\u202f: 2,5 / 8 (31\u202f%), rendu le 1er mars 2026 à 14 h 05 UTC",
        "Post-test\u202f: 7 / 8 (88\u202f%), date non enregistrée (seuil de réussite 70\u202f%)",
        "Délivrée le 5 décembre 2026 par AI in medicine",
        "Code de vérification\u202f: ",
        "verify CODE\u202f: le code",
        "tests notés du cours\u202f; elle",
        "« 1. Des données à la décision »",
        "Objectifs pédagogiques Expliquer pourquoi",  # the chapter's French: no "en anglais"
    ):
        assert french in text, french
    assert not re.search(r"(?<!\u202f)[:;!?%]", text.replace("14 h 05", "")), text
    english_objectives = {**FRENCH, "objectives_language": "en"}
    page = cert.render_html(english_objectives, "X")
    assert "Objectifs pédagogiques (tels que les énonce le chapitre, en anglais)" in page
    assert cert.render_pdf(FRENCH, "X").startswith(b"%PDF")


def test_an_english_certificate_is_worded_as_before() -> None:
    fields = {**FIELDS, "pre_test": FRENCH["pre_test"]}
    text = shown(cert.render_html(fields, "CODE"))
    for english in (
        "Pre-test (diagnostic): 2.5 / 8 (31 %), submitted 2026-03-01 14:05 UTC",
        "Post-test: 7 / 8 (88 %), date not recorded (pass mark 70 %)",
        "Issued on 2026-12-05 by AI in medicine",
        "completed the continuing-education module “1. From data to decision”",
        "Learning objectives Explain why",
        "Verification code: CODE",
    ):
        assert english in text, english


FRENCH_CHAPTER = """\
* - Objectifs pédagogiques
  - À la fin de ce module, vous savez\u202f:
    (1) expliquer pourquoi un modèle se juge sur des données de test, à 95\u202f%\u202f;
    (2) choisir un seuil pour un objectif clinique.
* - Durée
"""


@pytest.fixture
def one_learner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A course folder (the repository's config) whose post-test ann passed (no grading)."""
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(cert.REPO_ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    row = {"score": 7.0, "max_score": 8.0, "timestamp": None, "needs_manual_grade": False}
    monkeypatch.setattr(cert, "check_module", lambda course, module: None)
    monkeypatch.setattr(cert, "_rows", lambda c, aid: {"ann": row} if aid.endswith("_post") else {})
    monkeypatch.setattr(cert, "_statuses", lambda c, aid: {"ann": "graded"})
    monkeypatch.setattr(cert, "_names", lambda c, aid, rows: {"ann": "Ann Martin"})
    return course


def course_in(folder: Path, language: str) -> Course:
    config = folder / "nbgrader_config.py"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('c.Course.language = "en"', f'c.Course.language = "{language}"'))
    return Course.load(folder)


def issued_page(course: Course, **kwargs: str) -> str:
    result = cert.issue(course, "data_to_decision", **kwargs)
    html_path, _, _ = result.issued["ann"]
    return html_path.read_text(encoding="utf-8")


def test_certificates_are_written_in_the_courses_language_by_default(one_learner: Path) -> None:
    english = issued_page(Course.load(one_learner))
    assert '<html lang="en">' in english and "Certificate of completion" in english
    french_course = course_in(one_learner, "fr")
    french = issued_page(french_course)
    assert '<html lang="fr">' in french and "Attestation de formation" in french
    assert "(tels que les énonce le chapitre, en anglais)" in french  # no French chapter here
    assert '<html lang="en">' in issued_page(french_course, language="en")  # asked for


def test_a_french_course_certifies_the_objectives_of_its_french_chapter(
    one_learner: Path,
) -> None:
    (one_learner / "book").mkdir()
    (one_learner / "book" / "data_to_decision.md").write_text(FRENCH_CHAPTER, encoding="utf-8")
    page = issued_page(course_in(one_learner, "fr"))
    data = json.loads(cert.DATA_BLOCK.search(page)["json"])["fields"]
    assert data["objectives"] == [
        "Expliquer pourquoi un modèle se juge sur des données de test, à 95\u202f%",
        "Choisir un seuil pour un objectif clinique",
    ]
    assert data["objectives_language"] == "fr"
    assert "en anglais" not in page and "<li>Choisir un seuil" in page


def test_an_unknown_course_language_stops_the_certificates(one_learner: Path) -> None:
    with pytest.raises(errors.AutograderError) as refused:
        cert.issue(course_in(one_learner, "de"), "data_to_decision")
    assert str(refused.value) == language.UNKNOWN_COURSE_LANGUAGE.format(
        language="de", known="en and fr"
    )
