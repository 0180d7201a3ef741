"""The trusted side of grading: test cells run here, never in the student's kernel.

A submission is graded by two processes. The student's kernel (sandboxed) runs the student's
cells and the assignment's own setup cells, and nothing else. This module runs in the
grader's worker, a process the student's code never ran in; for each test cell it executes
the cell's code (visible and hidden parts, as the instructor wrote it) in a `Namespace` where

- the names the assignment's setup cells define (imports, constants, data read from its
  files) come from the checker's own run of those cells, in the instructor's copy of the
  assignment folder;
- every other name (the student's answers) is fetched from the kernel as data: numbers,
  strings, containers, NumPy arrays, pandas objects, decoded by `autograder.codec`, which
  builds plain types only. A student's function, or any object that is not data, is a
  `StudentObject`: calling it sends the arguments to the kernel and brings the result back
  as data;
- builtins are the checker's own, whatever the student defined.

So a test sees only data the student's code returned, judged by code the student's code
never touched; its hidden code never enters the kernel; a verdict is recorded only when the
cell ran to its end here (`Verdict`). The kernel can lie, but a lie is only a wrong answer:
the hidden tests call the student's functions on inputs the kernel has never seen.

The transport (`KernelLink`) is given by the caller: `autograder.execute` sends requests to
the kernel's agent (`autograder.kernel_agent`); the tests use an in-process link.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import os
import pickle
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from . import codec, language

#: error name of a test cell that ran past its time limit (nbgrader's, see nbgrader_config)
TIMEOUT_ENAME = "CellTimeoutError"
NO_MESSAGE = "the check failed without a message: compare your answer with the question"
STUDENT_RAISED = "{call} raised {kind}: {message}"
STUDENT_RAISED_NO_MESSAGE = "{call} raised {kind}"
NOT_DATA = "{what} could not be read as data: {reason}"
TIMED_OUT = "{call} ran past the time limit of this test and was stopped"
KERNEL_GONE = "the notebook's kernel stopped while the test was running"
NO_REPLY = "your notebook did not answer the grader's request for {what}"
CHECKER_FAILED = "the test could not run: {kind}: {message}"
NOT_A = "not a {kind}"

# The course's language (c.Course.language), set by the worker for the notebook it grades:
# the messages above, which a learner reads in the feedback, are written in it.
_language = {"current": language.DEFAULT_LANGUAGE}


def set_language(code: str) -> None:
    """Write the checker's messages in ``code`` ("en" or "fr") from now on."""
    _language["current"] = code


def message(template: str) -> str:
    """One of the checker's messages (a template with fields) in the course's language."""
    return language.text(template, _language["current"])


#: longest message kept from the student's own exception
MAX_STUDENT_MESSAGE = 200
#: longest output a trusted cell may print before the rest is dropped (it is never shown)
MAX_PRINTED = 64 * 1024


class KernelLink(Protocol):
    """Sends one request to the student's kernel and returns its JSON reply."""

    def request(self, payload: bytes, what: str) -> str:
        """The agent's reply to a pickled request (see `kernel_agent.answer`)."""
        ...


class StudentError(Exception):
    """The student's code raised an exception when the checker called it."""


class KernelError(Exception):
    """The kernel could not answer: it timed out, died or sent no reply."""

    def __init__(self, message: str, ename: str = "KernelError") -> None:
        super().__init__(message)
        self.ename = ename


class _NoSuchNameError(Exception):
    """The kernel has no such name."""


@dataclass(frozen=True)
class Verdict:
    """What the checker decided for one test cell: passed, or failed with a message."""

    passed: bool
    ename: str = ""
    message: str = ""
    seconds: float = 0.0


class _Pickler(pickle.Pickler):
    """Pickles a request; a `StudentObject` goes as its handle in the kernel."""

    def persistent_id(self, obj: Any) -> Any:
        if type(obj) is StudentObject:
            return ("handle", object.__getattribute__(obj, "_handle").ident)
        return None


class Student:
    """The student's kernel as the checker sees it: names and calls, answered as data."""

    def __init__(self, link: KernelLink) -> None:
        self.link = link

    def _ask(self, op: str, target: tuple[str, Any], what: str, *args: Any, **kwargs: Any) -> Any:
        buffer = io.BytesIO()
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump((op, target, args, kwargs))
        text = self.link.request(buffer.getvalue(), what)
        try:
            reply = codec.decode_reply(text, self._proxy)
        except codec.DecodeError as exc:
            raise KernelError(
                message(NOT_DATA).format(what=what, reason=exc), "DecodeError"
            ) from None
        if not reply.failed:
            return reply.value
        kind, text = reply.error_type, reply.error_message[:MAX_STUDENT_MESSAGE]
        if op == "get" and kind == "NameError":
            raise _NoSuchNameError(target[1])
        if kind == "KeyboardInterrupt":
            raise KernelError(message(TIMED_OUT).format(call=what), TIMEOUT_ENAME)
        template = STUDENT_RAISED if text else STUDENT_RAISED_NO_MESSAGE
        raise StudentError(message(template).format(call=what, kind=kind, message=text))

    def _proxy(self, handle: codec.Handle) -> StudentObject:
        return StudentObject(self, handle)

    def fetch(self, name: str) -> Any:
        """The value of a name in the notebook (`_NoSuchNameError` if it has none)."""
        return self._ask("get", ("name", name), name)


class StudentObject:
    """An object of the student's kernel that is not data: a function, a model...

    It can be called, its attributes read and its methods called, and ``str``, ``repr``,
    ``len`` and ``iter`` taken: each is a request to the kernel, answered as data.
    """

    __slots__ = ("_handle", "_label", "_student")

    def __init__(self, student: Student, handle: codec.Handle, label: str = "") -> None:
        object.__setattr__(self, "_student", student)
        object.__setattr__(self, "_handle", handle)
        object.__setattr__(self, "_label", label or handle.type_name.rsplit(".", 1)[-1])

    def _ask(self, op: str, what: str, *args: Any, **kwargs: Any) -> Any:
        student = object.__getattribute__(self, "_student")
        handle = object.__getattribute__(self, "_handle")
        return student._ask(op, ("handle", handle.ident), what, *args, **kwargs)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._ask("call", f"{self._label}(...)", *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._ask("getattr", f"{self._label}.{name}", name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("objects of the student's notebook are read-only here")

    def __str__(self) -> str:
        return _checked(self._ask("str", f"str({self._label})"), str, "str()")

    def __repr__(self) -> str:
        return _checked(self._ask("repr", f"repr({self._label})"), str, "repr()")

    def __len__(self) -> int:
        return _checked(self._ask("len", f"len({self._label})"), int, "len()")

    def __iter__(self) -> Iterator[Any]:
        return iter(_checked(self._ask("list", f"list({self._label})"), list, "list()"))

    def __reduce__(self) -> Any:
        raise TypeError("an object of the student's notebook cannot be copied")


def _checked(value: Any, kind: type, what: str) -> Any:
    if type(value) is not kind:
        reason = message(NOT_A).format(kind=kind.__name__)
        raise KernelError(message(NOT_DATA).format(what=what, reason=reason))
    return value


class Namespace(dict):
    """The globals of the checker's run of a notebook: its own names, then the student's.

    A name the checker's cells did not define is looked up in the student's kernel on first
    use in a test cell, and kept for that cell only (`forget_student_names`), so each test
    sees the student's state at its place in the notebook. Builtins always win.
    """

    def __init__(self, student: Student) -> None:
        # display() is IPython's; here a setup cell's display shows nothing
        super().__init__(__builtins__=builtins, __name__="__main__", display=_show_nothing)
        self.student = student
        self.fetched: set[str] = set()

    def __missing__(self, name: str) -> Any:
        if name.startswith("__") or hasattr(builtins, name):
            raise KeyError(name)
        try:
            value = self.student.fetch(name)
        except _NoSuchNameError:
            raise KeyError(name) from None
        if type(value) is StudentObject:  # named as in the notebook, in messages
            value = StudentObject(self.student, object.__getattribute__(value, "_handle"), name)
        self[name] = value
        self.fetched.add(name)
        return value

    def forget_student_names(self) -> None:
        """Drop the values fetched from the kernel: the next test fetches them again."""
        for name in self.fetched:
            self.pop(name, None)
        self.fetched.clear()


def _show_nothing(*args: Any, **kwargs: Any) -> None:
    return None


class _Sink(io.TextIOBase):
    """Where a trusted cell's prints go: nowhere, past a bound."""

    def __init__(self) -> None:
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.size += len(text)
        return len(text)


@contextlib.contextmanager
def _in_folder(folder: Path) -> Iterator[None]:
    previous = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


class Checker:
    """Runs one notebook's setup and test cells in the trusted process.

    Parameters
    ----------
    link
        The way to the student's kernel.
    folder
        The instructor's copy of the assignment (the source folder): trusted cells read
        their data files there.
    """

    def __init__(self, link: KernelLink, folder: Path) -> None:
        self.student = Student(link)
        self.namespace = Namespace(self.student)
        self.folder = folder

    def _run(self, source: str, label: str) -> None:
        code = compile(source, f"<{label}>", "exec")
        sink = _Sink()
        with (
            _in_folder(self.folder),
            contextlib.redirect_stdout(sink),
            contextlib.redirect_stderr(sink),
            warnings.catch_warnings(),
        ):
            warnings.simplefilter("ignore")
            exec(code, self.namespace)  # noqa: S102 -- the instructor's own test code

    def run_setup(self, source: str, label: str) -> str | None:
        """Run a setup cell of the assignment here too; the error, if it raised one."""
        self.namespace.forget_student_names()
        try:
            self._run(source, label)
        except Exception as exc:  # the kernel ran it too; a failure here shows in the tests
            return f"{type(exc).__name__}: {exc}"[:300]
        return None

    def run_test(self, source: str, label: str) -> Verdict:
        """Run a test cell: passed only if it ran to its end here."""
        start = time.monotonic()
        self.namespace.forget_student_names()
        try:
            self._run(source, label)
        except AssertionError as exc:
            verdict = Verdict(False, "AssertionError", _text(exc) or NO_MESSAGE)
        except StudentError as exc:
            verdict = Verdict(False, "StudentError", _text(exc))
        except KernelError as exc:
            verdict = Verdict(False, exc.ename, _text(exc))
        except NameError as exc:
            verdict = Verdict(False, "NameError", _text(exc))
        except Exception as exc:  # any other error of the test code, on the student's data
            verdict = Verdict(False, type(exc).__name__, f"{type(exc).__name__}: {_text(exc)}")
        else:
            verdict = Verdict(True)
        seconds = round(time.monotonic() - start, 3)
        return Verdict(verdict.passed, verdict.ename, verdict.message, seconds)


def _text(exc: BaseException) -> str:
    try:
        return str(exc)[:400]
    except Exception:
        return ""


def in_process_link(user_ns: dict[str, Any]) -> KernelLink:
    """A link to an agent in this process (for tests of the checker; never for grading)."""
    from . import kernel_agent

    kernel_agent.install(user_ns)

    class _Local:
        def request(self, payload: bytes, what: str) -> str:
            return kernel_agent.answer(payload)

    return _Local()


__all__ = [
    "Checker",
    "KernelError",
    "KernelLink",
    "Namespace",
    "Student",
    "StudentError",
    "StudentObject",
    "Verdict",
    "in_process_link",
]
