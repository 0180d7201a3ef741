"""Copy each submission's ``submission_secret.txt`` next to its feedback, for nbgrader.

    python /path/to/hub/keep_submission_secrets.py ASSIGNMENT_ID   # in the course folder

``nbgrader submit`` writes a random secret with each submission; ``nbgrader collect`` brings
it to ``submitted/<student>/<id>/``, and ``nbgrader release_feedback`` names each feedback
file in the exchange by a hash of it (only the student, who has the secret, finds their
file). ``python -m autograder grade`` keeps only the notebooks and ``timestamp.txt`` of a
submission, so ``feedback/<student>/<id>/`` lacks the secret and release_feedback stops
with FileNotFoundError. Run this between ``autograder feedback`` and ``nbgrader
release_feedback``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SECRET = "submission_secret.txt"
#: what nbgrader submit writes (secrets.token_hex(64)); the file is in the student's hands
#: until collect, so anything else is not copied
SECRET_FORM = re.compile(r"[0-9a-f]{128}")


def keep_secrets(course: Path, assignment_id: str) -> list[str]:
    """Copy the secrets; return the students whose feedback got one."""
    done = []
    for submitted in sorted((course / "submitted").glob(f"*/{assignment_id}/{SECRET}")):
        student = submitted.parent.parent.name
        feedback = course / "feedback" / student / assignment_id
        secret = submitted.read_text(encoding="ascii", errors="replace")
        if feedback.is_dir() and SECRET_FORM.fullmatch(secret):
            (feedback / SECRET).write_text(secret, encoding="ascii")
            done.append(student)
    return done


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    students = keep_secrets(Path.cwd(), sys.argv[1])
    print(f"submission secrets kept for {len(students)} student(s): {', '.join(students)}")
