"""Certificates without a grading run: the rule, the signature, the key, the wording.

The whole path (grade, then certificates and verify on real submissions) is in
``tests/test_cme.py``; these tests check the pieces in milliseconds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder import certificates as cert
from autograder import errors

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
