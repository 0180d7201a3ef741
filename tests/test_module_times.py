"""The times the course states are the ones counted from its text and code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "module_times.py"


def test_every_stated_time_is_the_counted_one() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, (
        "stated times differ from the count; run `python scripts/module_times.py`:\n"
        + done.stdout
        + done.stderr
    )


def test_the_count_follows_the_stated_rates() -> None:
    sys.path.insert(0, str(SCRIPT.parent))
    import module_times as mt

    assert mt.minutes(0.1) == 5 and mt.minutes(5) == 5 and mt.minutes(5.01) == 10
    assert mt.duration(45) == "45 min" and mt.duration(125) == "2 h 05"
    assert mt.words("(label)=\nRead {doc}`the chapter <x>` and [this](http://a.b).") == 5
    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    for rate in (mt.READING_WPM, mt.WRITING_WPM):
        assert f"{rate} words per minute" in intro  # the page states the rates the count uses
    times = mt.count("data_to_decision")
    assert times.total == times.chapter + times.notebook + times.assignment
    assert times.solution_lines > 10  # the solution's code, counted line by line
