"""The grader's agent inside the student's kernel: it answers the checker's requests as data.

Nothing here is trusted. The grader sends this module's source to the student's kernel
before the student's first cell (as ``sys.modules[MODULE_NAME]``); the trusted checker
(`autograder.checker`, in the grader's own process) then asks it, one request at a time, to

- read a name of the notebook (``get``), call a function (``call``), read an attribute
  (``getattr``), or give ``str``/``repr``/``len``/``list`` of an object;

and the agent answers with JSON text made by `encode`: plain data (numbers, strings, lists,
tuples, dicts, sets, NumPy scalars and arrays, pandas Series, DataFrames and indexes) where
the value is data, and a *handle* (a number standing for the object, kept here) where it is
not (a function, a model, an OpenDP measurement). The checker decodes the text with
`autograder.codec`, which builds only plain types and never executes anything, then judges
with its own code. A student can rewrite this agent or answer in its place: a lie is only a
wrong answer, since the checker's inputs are new to the kernel and its expectations never
enter it.

Requests come as pickles (the trusted side is the one that writes them), so the checker can
send any input: DataFrames, fitted models. Handles travel inside them as persistent ids. A
request travels in a file of the kernel's run folder when there is one (large inputs then
skip IPython's handling of the code), else in the code itself.

The module uses the standard library, and NumPy and pandas when the notebook imported them.
"""

from __future__ import annotations

import base64
import io
import json
import pickle
import sys
from typing import Any

#: name of the agent's module in the kernel's ``sys.modules``
MODULE_NAME = "_autograder_agent"
#: MIME type of the display message that carries each reply
MIME_TYPE = "application/x-autograder-reply+json"
#: deepest nesting encoded (a value nested deeper is an error, not a crash)
MAX_DEPTH = 48
#: longest error message sent back
MAX_MESSAGE = 300

_HANDLES: dict[int, Any] = {}
_USER_NS: dict[str, Any] = {}


def install(user_ns: dict[str, Any]) -> None:
    """Remember the notebook's namespace (called once, before the student's first cell)."""
    global _USER_NS
    _USER_NS = user_ns


def _handle(value: Any) -> dict[str, Any]:
    ident = len(_HANDLES) + 1
    _HANDLES[ident] = value
    kind = type(value)
    return {
        "$": "handle",
        "id": ident,
        "type": f"{getattr(kind, '__module__', '?')}.{getattr(kind, '__qualname__', '?')}",
        "callable": callable(value),
    }


def _numpy_scalar_types() -> set[type]:
    np = sys.modules.get("numpy")
    if np is None:
        return set()
    names = (
        "bool_ int8 int16 int32 int64 uint8 uint16 uint32 uint64 float16 float32 float64 "
        "complex64 complex128 str_ bytes_ datetime64 timedelta64"
    )
    return {getattr(np, name) for name in names.split()}


def _raw(array: Any) -> dict[str, Any]:
    """A NumPy array of a plain dtype, as its bytes."""
    np = sys.modules["numpy"]
    array = np.ascontiguousarray(array)
    return {
        "$": "ndarray",
        "dtype": array.dtype.str,
        "shape": list(array.shape),
        "v": base64.b64encode(array.tobytes()).decode("ascii"),
    }


def _column(values: Any, depth: int) -> Any:
    """The values of a pandas Series or Index, by dtype."""
    np = sys.modules["numpy"]
    pd = sys.modules["pandas"]
    dtype = values.dtype
    if isinstance(dtype, np.dtype):
        return _enc(np.asarray(values), depth)
    if isinstance(dtype, pd.CategoricalDtype):
        cat = pd.Categorical(values)
        return {
            "$": "categorical",
            "categories": _enc(cat.categories, depth + 1),
            "ordered": bool(cat.ordered),
            "codes": _raw(np.asarray(cat.codes)),
        }
    if isinstance(dtype, pd.StringDtype):
        na = "nan" if dtype.na_value is np.nan else "NA"
        items = [None if pd.isna(x) else str(x) for x in values]
        return {"$": "strings", "storage": dtype.storage, "na": na, "v": items}
    if isinstance(dtype, pd.IntervalDtype):
        index = pd.IntervalIndex(values)
        return {
            "$": "intervals",
            "left": _enc(np.asarray(index.left), depth + 1),
            "right": _enc(np.asarray(index.right), depth + 1),
            "closed": index.closed,
        }
    # nullable numbers and booleans (Int64, Float64, boolean): values and a mask
    array = pd.array(values)
    mask = np.asarray(array.isna())
    data = np.asarray(array.to_numpy(dtype=array.dtype.numpy_dtype, na_value=0))
    return {"$": "masked", "dtype": str(dtype), "values": _raw(data), "mask": _raw(mask)}


def _index(index: Any, depth: int) -> dict[str, Any]:
    pd = sys.modules["pandas"]
    kind = type(index)
    if kind is pd.RangeIndex:
        return {
            "$": "range_index",
            "start": int(index.start),
            "stop": int(index.stop),
            "step": int(index.step),
            "name": _enc(index.name, depth + 1),
        }
    if kind is pd.MultiIndex:
        return {
            "$": "multi_index",
            "names": [_enc(name, depth + 1) for name in index.names],
            "levels": [_index(level, depth + 1) for level in index.levels],
            "codes": [_raw(codes) for codes in index.codes],
        }
    return {"$": "index", "values": _column(index, depth + 1), "name": _enc(index.name, depth + 1)}


def _enc(value: Any, depth: int = 0) -> Any:
    """The JSON-able form of a value: data as itself, anything else as a handle."""
    if depth > MAX_DEPTH:
        raise ValueError(f"the value is nested more than {MAX_DEPTH} levels deep")
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is list:
        return [_enc(item, depth + 1) for item in value]
    if kind in (tuple, set, frozenset):
        return {"$": kind.__name__, "v": [_enc(item, depth + 1) for item in value]}
    if kind is dict:
        pairs = [[_enc(k, depth + 1), _enc(v, depth + 1)] for k, v in value.items()]
        return {"$": "dict", "v": pairs}
    if kind is bytes:
        return {"$": "bytes", "v": base64.b64encode(value).decode("ascii")}
    np = sys.modules.get("numpy")
    if np is not None:
        if kind in _numpy_scalar_types():
            return {"$": "scalar", "dtype": value.dtype.str, "v": _raw(np.asarray(value))["v"]}
        if kind is np.ndarray:
            if value.dtype.kind in "biufcUSMm" and value.dtype.names is None:
                return _raw(value)
            if value.dtype == object:
                items = [_enc(item, depth + 1) for item in value.ravel().tolist()]
                return {"$": "objects", "shape": list(value.shape), "v": items}
    pd = sys.modules.get("pandas")
    if pd is not None:
        if kind is pd.Series:
            return {
                "$": "series",
                "name": _enc(value.name, depth + 1),
                "index": _index(value.index, depth + 1),
                "values": _column(value, depth + 1),
            }
        if kind is pd.DataFrame:
            return {
                "$": "frame",
                "index": _index(value.index, depth + 1),
                "columns": _index(value.columns, depth + 1),
                "data": [_column(value.iloc[:, i], depth + 1) for i in range(value.shape[1])],
            }
        if isinstance(value, pd.Index) and kind.__module__.split(".")[0] == "pandas":
            return _index(value, depth)
        if kind is pd.Interval:
            return {
                "$": "interval",
                "left": _enc(value.left, depth + 1),
                "right": _enc(value.right, depth + 1),
                "closed": value.closed,
            }
        if value is pd.NA:
            return {"$": "NA"}
    return _handle(value)


def encode(value: Any) -> str:
    """``value`` as JSON text (see `autograder.codec.decode` for the way back)."""
    return json.dumps(_enc(value))


class _Unpickler(pickle.Unpickler):
    """Unpickles a request; the handles it names are objects of this kernel."""

    def persistent_load(self, pid: Any) -> Any:
        kind, ident = pid
        if kind != "handle" or ident not in _HANDLES:
            raise pickle.UnpicklingError(f"unknown handle {pid!r}")
        return _HANDLES[ident]


def _message(exc: BaseException) -> str:
    try:
        text = str(exc)
    except BaseException:  # a student's exception whose __str__ fails
        text = ""
    return text[:MAX_MESSAGE]


def answer(request: bytes) -> str:
    """The JSON reply to one pickled request ``(op, target, args, kwargs)``."""
    try:
        op, target, args, kwargs = _Unpickler(io.BytesIO(request)).load()
        kind, key = target
        if kind == "name":
            if key not in _USER_NS:
                raise NameError(f"name {key!r} is not defined")
            obj = _USER_NS[key]
        else:
            obj = _HANDLES[key]
        if op == "get":
            value = obj
        elif op == "call":
            value = obj(*args, **kwargs)
        elif op == "getattr":
            value = getattr(obj, args[0])
        elif op == "str":
            value = str(obj)
        elif op == "repr":
            value = repr(obj)
        elif op == "len":
            value = len(obj)
        elif op == "list":
            value = list(obj)
        else:
            raise ValueError(f"unknown request {op!r}")
        return json.dumps({"ok": _enc(value)})
    except BaseException as exc:  # the grader's interrupt included: it is answered too
        return json.dumps({"error": {"type": type(exc).__name__, "message": _message(exc)}})


def _publish(reply: str) -> None:
    from IPython.display import publish_display_data

    publish_display_data({MIME_TYPE: reply})


def serve(request_b64: str) -> None:
    """Answer a request sent in the code itself: the reply goes out as a display message."""
    _publish(answer(base64.b64decode(request_b64)))


def serve_file(path: str) -> None:
    """Answer a request the grader left in a file of the kernel's run folder (then gone)."""
    import contextlib
    import os

    try:
        with open(path, "rb") as request:
            payload = request.read()
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
    _publish(answer(payload))
