"""The scan that flags answer cells for the instructor's review (`autograder.cheats`)."""

from __future__ import annotations

import pytest

from autograder.cheats import scan_source

HONEST = """
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

%matplotlib inline
total = 0
for value in [1, 2, 3]:
    total += value
frame = pd.DataFrame({"x": [1, 2]})
frame["y"] = frame["x"] * 2
np.random.seed(0)
auc = roc_auc_score([0, 1], [0.2, 0.8])
"""


def test_honest_code_is_not_flagged() -> None:
    assert scan_source(HONEST) == []


@pytest.mark.parametrize(
    ("code", "flag"),
    [
        ("import numpy as np\nnp.isclose = lambda *a, **k: True", "module 'np' (np.isclose)"),
        ("get_ipython().showtraceback = None", "get_ipython() (get_ipython().showtraceback)"),
        (
            "get_ipython().input_transformers_post.append(lambda lines: ['pass'])",
            "uses the IPython shell (get_ipython().input_transformers_post)",
        ),
        ("ip = get_ipython()\nip.ast_transformers.append(None)", "ip.ast_transformers"),
        ("abs = lambda x: 0", "redefines the builtin 'abs'"),
        ("def isinstance(*args):\n    return True", "redefines the builtin 'isinstance'"),
        ("class A:\n    def __eq__(self, other):\n        return True", "defines __eq__"),
        ("import sys\nsys.modules['math'] = object()", "module 'sys' (sys.modules['math'])"),
        ("import builtins\nbuiltins.open = None", "module 'builtins' (builtins.open)"),
        ("__builtins__ = {}", "replaces __builtins__"),
        ("import os\nos.chdir('/tmp')", "changes the working folder (os.chdir)"),
        ("import os as o\no.chdir('/tmp')", "changes the working folder (os.chdir)"),
        ("import sys\nsys.settrace(print)", "tracing hook (sys.settrace)"),
        ("exec('x = 1')", "calls exec()"),
        ("import ctypes", "imports ctypes"),
        ("import numpy\nsetattr(numpy, 'isclose', None)", "calls setattr on 'numpy'"),
        ("import _autograder_agent", "refers to the grader's agent"),
    ],
)
def test_cheating_code_is_flagged(code: str, flag: str) -> None:
    found = scan_source(code)
    assert any(flag in note for note in found), found


def test_unparsable_code_is_not_flagged() -> None:
    assert scan_source("def broken(:\n") == []
