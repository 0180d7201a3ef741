"""``certificates`` and ``verify``: a module's CME certificates, and checking one.

``python -m autograder certificates MODULE`` writes, for each learner who met the module's
rule, a certificate as HTML and PDF in ``certificates/<module>/``. The rule
(``c.Certificates`` in ``nbgrader_config.py``): the post-test ``<module>_post`` graded, with
a score of at least ``pass_percent`` % of its points, and, when ``require_assignment`` is
set, the module's assignment ``<module>`` graded at that level too, with no answer still
waiting for a hand grade.

A certificate names the learner and the module, lists the module's learning objectives (as
the chapter states them), its duration (the minutes `scripts/module_times.py` counts from
the module's text and code: never another figure), the dates on which the grading path
received the pre-test and the post-test (the gradebook's submission times), the two scores,
and a verification code: an HMAC-SHA256 of all these fields, keyed with the course's secret
key (``c.Certificates.key_file``; created on first use, never to be committed or shared).

A certificate is written in the course's language (``c.Course.language``) unless asked
otherwise: French wording, numbers and dates as a French reader writes them, and the
objectives of the course folder's own chapter (``book/<module>.md``; the repository's when
the course folder has none), which the label says when they are in the other language.

``python -m autograder verify CODE`` looks the code up in the register of issued
certificates (``certificates/register.json``) and checks it against its fields;
``python -m autograder verify FILE`` checks an HTML or PDF certificate: its code must be the
signature of its fields, and the file must be, byte for byte, the one those fields make. Only
the holder of the key can do either, so a certificate is verified by asking the course team.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import importlib.util
import io
import json
import os
import re
import secrets
import sys
import textwrap
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import errors
from . import language as lang
from . import summary as sm
from .course import REPO_ROOT, Course
from .pages import html_page


def _module_times() -> Any:
    """``scripts/module_times.py`` (not a package: loaded from the repository)."""
    spec = importlib.util.spec_from_file_location(
        "module_times", REPO_ROOT / "scripts" / "module_times.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("module_times", module)  # dataclasses look their module up
    spec.loader.exec_module(sys.modules["module_times"])
    return sys.modules["module_times"]


MODULE_TIMES = _module_times()
#: the course's modules that have a CME path, by id, with their titles (module_times's)
MODULES: dict[str, str] = {
    module: title for module, title in MODULE_TIMES.MODULES.items() if module != "capstone_audit"
}
#: the *At a glance* row of the objectives, in either language: a line ending with a colon
#: ("By the end of this module you can:"), then the numbered objectives (1), (2), ...
OBJECTIVES_BLOCK = re.compile(
    r"^  - (?P<intro>[^\n]*):\n(?P<body>[ \t]+\(1\).*?)\n\* - ", re.S | re.M
)
OBJECTIVE = re.compile(r"\((\d+)\)\s*(.*?)(?=\s*\(\d+\)\s|\Z)", re.S)
#: spaces and line breaks (not str.split's: the no-break spaces of French typography stay)
LINE_SPACE = re.compile(r"[ \t\r\n]+")
#: how the English chapters introduce the objectives (any other wording is the French's)
ENGLISH_INTRO = "you can"


def module_objectives(module: str, root: Path = REPO_ROOT) -> list[str]:
    """The learning objectives of a module, as its chapter's *At a glance* table states them.

    Parameters
    ----------
    module
        The module id (``book/<module>.md``).
    root
        The course's repository.

    Returns
    -------
    list of str
        The objectives in order, each one sentence without its number or final semicolon.
    """
    return _objectives_and_language(module, root)[0]


def _objectives_and_language(module: str, root: Path) -> tuple[list[str], str]:
    """`module_objectives`, and the language the chapter states them in."""
    text = (root / "book" / f"{module}.md").read_text(encoding="utf-8")
    found = OBJECTIVES_BLOCK.search(text)
    if found is None:
        raise ValueError(f"book/{module}.md: no learning objectives in its 'At a glance' table")
    language = "en" if found["intro"].rstrip().endswith(ENGLISH_INTRO) else "fr"
    body = LINE_SPACE.sub(" ", found["body"]).strip()
    # French puts U+202F before ";": the objective ends before it
    objectives = [m[2].rstrip(";.").rstrip(" \u202f") for m in OBJECTIVE.finditer(body)]
    objectives = [re.sub(r"\*(.+?)\*", r"\1", o) for o in objectives]  # MyST emphasis
    return [o[0].upper() + o[1:] for o in objectives], language


def chapter_objectives(course: Course, module: str) -> tuple[list[str], str]:
    """The objectives as the course's own chapter states them, and the chapter's language.

    The course folder's ``book/<module>.md`` when it has one (the French course's chapters
    are French), else the repository's (English).
    """
    root = course.root if (course.root / "book" / f"{module}.md").is_file() else REPO_ROOT
    return _objectives_and_language(module, root)


# --- settings and key -----------------------------------------------------------------------
LANGUAGES = ("en", "fr")
CODE_LENGTH = 24  # base32 characters of the signature: 120 bits, in groups of 4
CODE_PATTERN = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){5}$")
KEY_BYTES = 32
FORMAT_VERSION = 1
DATA_ID = "certificate-data"
DATA_BLOCK = re.compile(
    rf'<script type="application/json" id="{DATA_ID}">(?P<json>.*?)</script>', re.S
)
PDF_CODE = re.compile(rb"/Subject \((?P<code>[A-Z2-7-]+)\)")
#: folder of the certificates and of the register, in the course folder
OUTPUT_DIR = "certificates"
REGISTER = "register.json"
#: statuses whose post-test score counts (a tampered or unfinished one is reviewed first)
COUNTED_STATUSES = frozenset({sm.Status.GRADED})
IGNORE_ALL = "# written by python -m autograder: never commit this folder\n*\n"


@dataclass(frozen=True)
class Settings:
    """``c.Certificates`` of ``nbgrader_config.py``."""

    pass_percent: float
    require_assignment: bool
    key_file: Path
    issuer: str

    @classmethod
    def of(cls, course: Course) -> Settings:
        section = course.config.get("Certificates", {})
        value = section.get("pass_percent", 70)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100:
            raise errors.AutograderError(errors.BAD_PASS_PERCENT.format(value=value))
        key_file = Path(section.get("key_file", ".certificates/signing.key")).expanduser()
        return cls(
            pass_percent=float(value),
            require_assignment=bool(section.get("require_assignment", False)),
            key_file=key_file if key_file.is_absolute() else course.root / key_file,
            issuer=str(section.get("issuer", "") or course.course_id or "the course"),
        )


def _ignored_folder(folder: Path) -> None:
    """Create ``folder`` with a ``.gitignore`` that keeps all of it out of git."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.is_file():
        ignore.write_text(IGNORE_ALL, encoding="utf-8")


def read_key(path: Path) -> bytes:
    """The course's signing key (``AutograderError`` if missing or not a key)."""
    if not path.is_file():
        raise errors.AutograderError(errors.NO_CERTIFICATE_KEY.format(path=path))
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise errors.AutograderError(errors.BAD_CERTIFICATE_KEY.format(path=path, bytes=KEY_BYTES))
    return key


def ensure_key(path: Path) -> tuple[bytes, bool]:
    """The signing key, created (readable by its owner only) when missing; and whether it was."""
    if path.is_file():
        return read_key(path), False
    _ignored_folder(path.parent)
    key = secrets.token_bytes(KEY_BYTES)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
    return key, True


# --- the fields and their signature ---------------------------------------------------------
def canonical(fields: dict[str, Any]) -> bytes:
    """The bytes that are signed: the fields as JSON, keys sorted, no spaces."""
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sign(key: bytes, fields: dict[str, Any]) -> str:
    """The verification code of a certificate: HMAC-SHA256 of its fields, in base32 groups."""
    digest = hmac.new(key, canonical(fields), hashlib.sha256).digest()
    text = base64.b32encode(digest).decode("ascii")[:CODE_LENGTH]
    return "-".join(text[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(text: str) -> str:
    """A code as typed (spaces, lower case, no dashes) in its printed form."""
    plain = re.sub(r"[^A-Za-z2-7]", "", text).upper()
    return "-".join(plain[i : i + 4] for i in range(0, len(plain), 4))


# --- wording (English and French) -----------------------------------------------------------
TITLES_FR = {
    "data_to_decision": "1. Des données à la décision",
    "judging_evidence": "2. Juger les preuves",
    "where_models_fail": "3. Quand les algorithmes échouent",
    "bias_fairness": "4. Biais et équité",
    "protecting_health_data": "5. Protéger les données de santé",
    "clinician_in_charge": "6. Le clinicien reste aux commandes",
}
WORDING = {
    "en": {
        "title": "Certificate of completion",
        "certifies": "This certifies that",
        "completed": "completed the continuing-education module",
        "of": "of the course",
        "objectives": "Learning objectives",
        "objectives_other": "Learning objectives (as the chapter states them, in French)",
        "duration": "Duration of the module",
        "duration_text": "{duration}, counted from its text and code (chapter, hands-on "
        "notebook and graded assignment)",
        "results": "Results",
        "pre": "Pre-test (diagnostic)",
        "post": "Post-test",
        "assignment": "Graded assignment",
        "submitted": "submitted",
        "not_taken": "not taken",
        "not_recorded": "date not recorded",
        "pass_mark": "pass mark {percent} %",
        "issued": "Issued on {date} by {issuer}",
        "code": "Verification code",
        "verify": "The course team verifies a certificate with the command "
        "python -m autograder verify CODE: the code is a keyed signature (HMAC-SHA256) of "
        "every field above, so any change to them shows.",
        "scope": "This certificate records the results of the course's graded tests; it is "
        "not, by itself, an accreditation by a continuing-education body.",
        "score": "{score} / {max_score} ({percent} %)",
        "quoted": "“{text}”",
    },
    "fr": {
        "title": "Attestation de formation",
        "certifies": "Nous attestons que",
        "completed": "a suivi le module de formation continue",
        "of": "du cours",
        "objectives": "Objectifs pédagogiques",
        "objectives_other": "Objectifs pédagogiques (tels que les énonce le chapitre, en anglais)",
        "duration": "Durée du module",
        "duration_text": "{duration}, comptée à partir de son texte et de son code (chapitre, "
        "notebook pratique et devoir noté)",
        "results": "Résultats",
        "pre": "Pré-test (diagnostique)",
        "post": "Post-test",
        "assignment": "Devoir noté",
        "submitted": "rendu le",
        "not_taken": "non passé",
        "not_recorded": "date non enregistrée",
        "pass_mark": "seuil de réussite {percent}\u202f%",
        "issued": "Délivrée le {date} par {issuer}",
        "code": "Code de vérification",
        "verify": "L'équipe pédagogique vérifie une attestation avec la commande "
        "python -m autograder verify CODE\u202f: le code est une signature à clé (HMAC-SHA256) "
        "de tous les champs ci-dessus, si bien que toute modification se voit.",
        "scope": "Cette attestation rend compte des résultats aux tests notés du cours\u202f; "
        "elle ne vaut pas, à elle seule, validation par un organisme de formation continue "
        "(DPC).",
        "score": "{score} / {max_score} ({percent}\u202f%)",
        "quoted": "«\u00a0{text}\u00a0»",
    },
}


#: French month names, for dates as a French reader writes them
MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def written_date(text: str, language: str) -> str:
    """A field's date as the certificate shows it: ``2026-12-05`` in English (as signed),
    ``5 décembre 2026`` in French; a time ``14:05 UTC`` becomes ``à 14 h 05 UTC``."""
    found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}) (UTC))?", text)
    if language == "en" or found is None:
        return text
    year, month, day, hour, minute, zone = found.groups()
    date = f"{'1er' if day == '01' else int(day)} {MONTHS_FR[int(month) - 1]} {year}"
    return f"{date} à {int(hour)} h {minute} {zone}" if hour else date


def colon(language: str) -> str:
    """A label's colon: ``": "``, with a narrow no-break space before it in French."""
    return ": " if language == "en" else "\u202f: "


def _result_line(
    words: dict[str, str], label: str, result: dict | None, pass_mark: str, language: str
) -> str:
    if result is None:
        return f"{label}{colon(language)}{words['not_taken']}"
    score = words["score"].format(
        score=lang.points(result["score"], language),
        max_score=lang.points(result["max_score"], language),
        percent=lang.number(result["percent"], language, 0),
    )
    when = words["not_recorded"]
    if result["submitted"]:
        when = f"{words['submitted']} {written_date(result['submitted'], language)}"
    pass_mark = f" ({pass_mark})" if pass_mark else ""
    return f"{label}{colon(language)}{score}, {when}{pass_mark}"


def lines_of(fields: dict[str, Any]) -> dict[str, Any]:
    """The texts a certificate shows, from its fields only (HTML and PDF show the same)."""
    language = fields["language"]
    words = WORDING[language]
    pass_mark = words["pass_mark"].format(percent=lang.points(fields["pass_percent"], language))
    results = [
        _result_line(words, words["pre"], fields["pre_test"], "", language),
        _result_line(words, words["post"], fields["post_test"], pass_mark, language),
    ]
    if fields.get("assignment") is not None:
        line = _result_line(words, words["assignment"], fields["assignment"], pass_mark, language)
        results.append(line)
    duration = MODULE_TIMES.duration(fields["duration_minutes"])
    # a certificate signed before this field existed showed the English chapter's objectives
    same = fields.get("objectives_language", "en") == language
    quoted = words["quoted"].format(text=fields["module_title"])
    return {
        "title": words["title"],
        "learner": fields["learner_name"] or fields["learner_id"],
        "learner_id": fields["learner_id"],
        "certifies": words["certifies"],
        "completed": " ".join([words["completed"], quoted]),
        "course": f"{words['of']} {fields['issuer']}",
        "objectives_label": words["objectives" if same else "objectives_other"],
        "objectives": fields["objectives"],
        "duration_label": words["duration"],
        "duration": words["duration_text"].format(duration=duration),
        "results_label": words["results"],
        "results": results,
        "issued": words["issued"].format(
            date=written_date(fields["issued"], language), issuer=fields["issuer"]
        ),
        "code_label": words["code"],
        "verify": words["verify"],
        "scope": words["scope"],
    }


def render_html(fields: dict[str, Any], code: str) -> str:
    """The certificate as one HTML page: what it shows, and its data for `verify FILE`."""
    t = lines_of(fields)
    e = html.escape
    data = json.dumps({"fields": fields, "code": code}, sort_keys=True, ensure_ascii=False)
    # no "<" in the script element: nothing in the data can close it or open another
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    objectives = "".join(f"<li>{e(o)}</li>" for o in t["objectives"])
    results = "".join(f"<li>{e(r)}</li>" for r in t["results"])
    body = CERTIFICATE_BODY.format(
        certifies=e(t["certifies"]),
        learner=e(t["learner"]),
        learner_id=e(t["learner_id"]),
        completed=e(t["completed"]),
        course=e(t["course"]),
        objectives_label=e(t["objectives_label"]),
        objectives=objectives,
        duration_label=e(t["duration_label"]),
        duration=e(t["duration"]),
        results_label=e(t["results_label"]),
        results=results,
        issued=e(t["issued"]),
        code_label=e(t["code_label"]),
        colon=colon(fields["language"]),
        code=e(code),
        verify=e(t["verify"]),
        scope=e(t["scope"]),
        data_id=DATA_ID,
        data=data,
    )
    title = e(t["title"])
    return html_page(
        title,
        body,
        lang=fields["language"],
        head_title=f"{title}: {e(t['learner'])}",
        css=CERTIFICATE_CSS,
    )


#: the certificate's own layout, on the grader's page frame (`pages.html_page`)
CERTIFICATE_CSS = """\
h1 { text-align: center; }
.learner { font-size: 1.5rem; font-weight: bold; text-align: center; margin: 0.5rem 0; }
.centre { text-align: center; }
.code { font-family: ui-monospace, monospace; font-size: 1.2rem; }
@page { size: A4 landscape; margin: 1.5cm; }
"""
CERTIFICATE_BODY = """<p class="centre">{certifies}</p>
<p class="learner">{learner} <span>({learner_id})</span></p>
<p class="centre">{completed}<br>{course}</p>
<h2>{objectives_label}</h2>
<ol>{objectives}</ol>
<h2>{duration_label}</h2>
<p>{duration}</p>
<h2>{results_label}</h2>
<ul>{results}</ul>
<p>{issued}</p>
<p>{code_label}{colon}<span class="code">{code}</span></p>
<p><small>{verify}</small></p>
<p><small>{scope}</small></p>
<script type="application/json" id="{data_id}">{data}</script>"""


def render_pdf(fields: dict[str, Any], code: str) -> bytes:
    """The certificate as a one-page A4 PDF (matplotlib's PDF backend, byte-reproducible)."""
    t = lines_of(fields)
    buffer = io.BytesIO()
    metadata = {
        "Title": f"{t['title']}: {t['learner']}",
        "Subject": code,
        "Creator": "python -m autograder certificates",
        "CreationDate": None,  # no date of writing: the same fields give the same bytes
    }
    certificate_figure(fields, code).savefig(buffer, format="pdf", metadata=metadata)
    return buffer.getvalue()


def certificate_figure(fields: dict[str, Any], code: str) -> Any:
    """The certificate's page as a matplotlib figure (A4 landscape)."""
    from matplotlib.figure import Figure

    t = lines_of(fields)
    fig = Figure(figsize=(11.69, 8.27))  # A4 landscape, in inches
    y = 0.93

    def put(text: str, size: float = 10, weight: str = "normal", centre: bool = False) -> None:
        nonlocal y
        width = 150 if size <= 9 else 120
        for line in textwrap.wrap(text, width=width) or [""]:
            fig.text(
                0.5 if centre else 0.07,
                y,
                line,
                fontsize=size,
                fontweight=weight,
                ha="center" if centre else "left",
                va="top",
            )
            y -= size / 8.27 / 72 * 1.45
        y -= 0.006

    put(t["title"], 22, "bold", centre=True)
    put(t["certifies"], 11, centre=True)
    put(f"{t['learner']} ({t['learner_id']})", 16, "bold", centre=True)
    put(t["completed"], 12, centre=True)
    put(t["course"], 11, centre=True)
    put(t["objectives_label"], 11, "bold")
    for number, objective in enumerate(t["objectives"], start=1):
        put(f"{number}. {objective}", 9)
    put(t["duration_label"], 11, "bold")
    put(t["duration"], 9)
    put(t["results_label"], 11, "bold")
    for line in t["results"]:
        put(line, 9)
    put(t["issued"], 10)
    put(f"{t['code_label']}{colon(fields['language'])}{code}", 12, "bold")
    put(t["verify"], 8)
    put(t["scope"], 8)
    return fig


# --- who gets one ---------------------------------------------------------------------------
def _submitted(timestamp: Any) -> str:
    """A gradebook submission time (UTC) as ``2026-03-01 14:05 UTC``; "" when not recorded."""
    if not isinstance(timestamp, datetime):
        return ""
    moment = timestamp if timestamp.tzinfo else timestamp.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _result(row: dict | None) -> dict | None:
    if row is None:
        return None
    maximum = float(row["max_score"])
    score = float(row["score"])
    return {
        "score": round(score, 2),
        "max_score": round(maximum, 2),
        "percent": round(100 * score / maximum, 1) if maximum else 0.0,
        "submitted": _submitted(row["timestamp"]),
    }


def _rows(course: Course, assignment_id: str) -> dict[str, dict]:
    """Gradebook rows of an assignment by student, or {} if it is not in the gradebook."""
    from .export import gradebook_rows  # export imports the collect step: import it late

    if assignment_id not in course.assignment_ids():
        return {}
    try:
        return {row["student"]: row for row in gradebook_rows(course, assignment_id)}
    except errors.AutograderError:  # not released: nothing graded
        return {}


def _statuses(course: Course, assignment_id: str) -> dict[str, str]:
    path = sm.summary_path(course.autograded_dir, assignment_id)
    if not path.is_file():
        return {}
    return {s.student_id: str(s.status) for s in sm.GradeSummary.read(path).submissions}


def _names(course: Course, assignment_id: str, rows: dict[str, dict]) -> dict[str, str]:
    """Learners' names: the LMS roster collect recorded, else the gradebook's, else none."""
    from .collect import roster_record_path

    names = {
        student: f"{row['first_name'] or ''} {row['last_name'] or ''}".strip()
        for student, row in rows.items()
    }
    record = roster_record_path(course, assignment_id)
    if record.is_file():
        for student, entry in json.loads(record.read_text(encoding="utf-8")).items():
            full = {k.lower(): v for k, v in entry.items()}.get("full name", "")
            if full and student in names:
                names[student] = full
    return names


@dataclass
class CertificatesResult:
    """What ``certificates`` did: files and codes issued, learners left out and why."""

    module: str
    issued: dict[str, tuple[Path, Path, str]] = field(default_factory=dict)
    not_issued: dict[str, str] = field(default_factory=dict)
    key_created: Path | None = None


def check_module(course: Course, module: str) -> None:
    """``AutograderError`` unless ``module`` has a CME path whose post-test was graded."""
    if module not in MODULES:
        raise errors.AutograderError(
            errors.UNKNOWN_CME_MODULE.format(module=module, known=", ".join(MODULES))
        )
    post = f"{module}_post"
    graded = sm.summary_path(course.autograded_dir, post).is_file() and _rows(course, post)
    if not graded:
        raise errors.AutograderError(errors.NO_POST_TEST_GRADED.format(module=module, post=post))


def certificate_fields(
    course: Course,
    module: str,
    student: str,
    name: str,
    results: dict[str, dict | None],
    settings: Settings,
    language: str,
    issued: str,
) -> dict[str, Any]:
    """Every field a certificate shows and its code signs."""
    title = MODULES[module] if language == "en" else TITLES_FR[module]
    objectives, objectives_language = chapter_objectives(course, module)
    return {
        "format": FORMAT_VERSION,
        "course": course.course_id,
        "issuer": settings.issuer,
        "learner_id": student,
        "learner_name": name,
        "module": module,
        "module_title": title,
        "objectives": objectives,
        "objectives_language": objectives_language,
        "duration_minutes": MODULE_TIMES.count(module).total,
        "pre_test": results["pre"],
        "post_test": results["post"],
        "assignment": results["assignment"] if settings.require_assignment else None,
        "pass_percent": settings.pass_percent,
        "issued": issued,
        "language": language,
    }


def issue(
    course: Course, module: str, language: str | None = None, today: datetime | None = None
) -> CertificatesResult:
    """Write the certificates of every learner who met the module's rule.

    Parameters
    ----------
    course
        The course.
    module
        A module id with a CME path (`MODULES`).
    language
        ``en`` or ``fr``: the certificate's wording; default the course's language
        (``c.Course.language``, see `autograder.language`).
    today
        The date of issue (default: now, UTC).

    Returns
    -------
    CertificatesResult
        The certificates written, with their codes, and the learners left out, with why.
    """
    if language is None:
        language = lang.course_language(course.config)
    if language not in LANGUAGES:
        raise errors.AutograderError(
            errors.UNKNOWN_LANGUAGE.format(language=language, known=", ".join(LANGUAGES))
        )
    check_module(course, module)
    settings = Settings.of(course)
    key, created = ensure_key(settings.key_file)
    result = CertificatesResult(module, key_created=settings.key_file if created else None)
    post_id = f"{module}_post"
    post, pre, assignment = (
        _rows(course, post_id),
        _rows(course, f"{module}_pre"),
        _rows(course, module),
    )
    statuses = _statuses(course, post_id)
    names = _names(course, post_id, post)
    issued = (today or datetime.now(UTC)).strftime("%Y-%m-%d")
    out = course.root / OUTPUT_DIR
    _ignored_folder(out)
    register_path = out / REGISTER
    register = _read_register(register_path)
    for student in sorted(post):
        results = {
            "post": _result(post[student]),
            "pre": _result(pre.get(student)),
            "assignment": _result(assignment.get(student)),
        }
        reason = _reason(results, statuses.get(student), assignment.get(student), settings)
        if reason:
            result.not_issued[student] = reason
            continue
        fields = certificate_fields(
            course, module, student, names.get(student, ""), results, settings, language, issued
        )
        code = sign(key, fields)
        folder = out / module
        folder.mkdir(parents=True, exist_ok=True)
        html_path, pdf_path = folder / f"{student}.html", folder / f"{student}.pdf"
        html_path.write_text(render_html(fields, code), encoding="utf-8")
        pdf_path.write_bytes(render_pdf(fields, code))
        register[code] = fields
        result.issued[student] = (html_path, pdf_path, code)
    _write_register(register_path, register)
    return result


def _reason(
    results: dict[str, dict | None], status: str | None, assignment_row: dict | None, s: Settings
) -> str:
    """Why a learner gets no certificate ("" when they get one)."""
    if status is not None and status not in COUNTED_STATUSES:
        return errors.CERTIFICATE_POST_STATUS.format(status=status)
    post = results["post"]
    if post is None or post["percent"] < s.pass_percent:
        percent = post["percent"] if post else 0.0
        return errors.CERTIFICATE_BELOW_PASS.format(
            what="post-test", percent=percent, pass_percent=s.pass_percent
        )
    if s.require_assignment:
        graded = results["assignment"]
        if graded is None:
            return errors.CERTIFICATE_NO_ASSIGNMENT
        if assignment_row is not None and assignment_row["needs_manual_grade"]:
            return errors.CERTIFICATE_ASSIGNMENT_MANUAL
        if graded["percent"] < s.pass_percent:
            return errors.CERTIFICATE_BELOW_PASS.format(
                what="assignment", percent=graded["percent"], pass_percent=s.pass_percent
            )
    return ""


def _read_register(path: Path) -> dict[str, dict]:
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _write_register(path: Path, register: dict[str, dict]) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(
        json.dumps(register, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    os.replace(partial, path)


# --- verification ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    """Whether a certificate is genuine and unaltered, and the sentence that says so."""

    genuine: bool
    message: str


def _genuine(fields: dict[str, Any], code: str) -> Verdict:
    return Verdict(
        True,
        errors.VERIFY_GENUINE.format(
            issuer=fields["issuer"],
            learner=fields["learner_name"] or fields["learner_id"],
            learner_id=fields["learner_id"],
            module=fields["module_title"],
            issued=fields["issued"],
            post=fields["post_test"]["percent"],
            code=code,
        ),
    )


def verify(course: Course, target: str) -> Verdict:
    """Check a certificate: a code (looked up in the register) or an HTML or PDF file.

    Parameters
    ----------
    course
        The course that issued it (its key and register).
    target
        A verification code, or the path of a certificate file.

    Returns
    -------
    Verdict
        Genuine and unaltered, or not, with the reason.
    """
    key = read_key(Settings.of(course).key_file)
    register_path = course.root / OUTPUT_DIR / REGISTER
    path = Path(target)
    if path.is_file():
        data = path.read_bytes()
        if data.startswith(b"%PDF"):
            return _verify_pdf(key, data, path, register_path)
        return _verify_html(key, data, path)
    code = normalise_code(target)
    if not CODE_PATTERN.match(code):
        raise errors.AutograderError(errors.VERIFY_NOTHING.format(target=target))
    fields = _read_register(register_path).get(code)
    if fields is None:
        return Verdict(False, errors.VERIFY_UNKNOWN_CODE.format(code=code, register=register_path))
    if not hmac.compare_digest(sign(key, fields), code):
        return Verdict(False, errors.VERIFY_ALTERED_REGISTER.format(code=code))
    return _genuine(fields, code)


def _verify_html(key: bytes, data: bytes, path: Path) -> Verdict:
    found = DATA_BLOCK.search(data.decode("utf-8", errors="replace"))
    try:
        record = json.loads(found["json"]) if found else None
        fields, code = record["fields"], str(record["code"])
    except (ValueError, TypeError, KeyError):
        record = None
    if record is None:
        return Verdict(False, errors.VERIFY_NOT_A_CERTIFICATE.format(path=path))
    if not hmac.compare_digest(sign(key, fields), code):
        return Verdict(False, errors.VERIFY_BAD_SIGNATURE.format(code=code))
    try:
        remade = render_html(fields, code).encode("utf-8")
    except (KeyError, TypeError, ValueError):  # fields this version cannot show
        remade = b""
    if remade != data:
        return Verdict(False, errors.VERIFY_ALTERED_FILE.format(code=code))
    return _genuine(fields, code)


def _verify_pdf(key: bytes, data: bytes, path: Path, register_path: Path) -> Verdict:
    found = PDF_CODE.search(data)
    if found is None:
        return Verdict(False, errors.VERIFY_NOT_A_CERTIFICATE.format(path=path))
    code = found["code"].decode("ascii")
    fields = _read_register(register_path).get(code)
    if fields is None:
        return Verdict(False, errors.VERIFY_UNKNOWN_CODE.format(code=code, register=register_path))
    if not hmac.compare_digest(sign(key, fields), code):
        return Verdict(False, errors.VERIFY_ALTERED_REGISTER.format(code=code))
    if render_pdf(fields, code) != data:
        return Verdict(False, errors.VERIFY_ALTERED_FILE.format(code=code))
    return _genuine(fields, code)
