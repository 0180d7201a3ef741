"""Read the student kernel's replies as plain data, in the trusted checker: nothing executes.

`decode` turns the JSON text that `autograder.kernel_agent.encode` writes back into Python,
NumPy and pandas values. It builds only a fixed list of types, each from its parts
(``np.frombuffer`` on a plain dtype, ``pd.DataFrame`` from decoded columns...), checks every
field it reads, and refuses anything else with `DecodeError`. Whatever the kernel sends (it
is untrusted: a student may answer in the agent's place), the result is either plain data or
a `Handle` naming an object left in the kernel. Exact types come back (a ``tuple`` stays a
``tuple``, an ``np.float64`` an ``np.float64``); an object that only imitates a number cannot
be sent, since it would have to be one of these types to be decoded.

Limits: a reply longer than ``MAX_REPLY_CHARS``, nested deeper than ``MAX_DEPTH`` or
holding more than ``MAX_ITEMS`` values is refused.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

#: longest reply read (characters of JSON)
MAX_REPLY_CHARS = 16 * 2**20
#: deepest nesting read
MAX_DEPTH = 64
#: most values (list items, dict entries, array elements of object arrays) read in one reply
MAX_ITEMS = 1_000_000
#: kinds of NumPy dtypes read from raw bytes: booleans, numbers, strings, dates and durations
PLAIN_KINDS = frozenset("biufcUSMm")
#: pandas extension dtypes read from values and a mask
MASKED_DTYPES = frozenset(
    {"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64"}
    | {"Float32", "Float64", "boolean"}
)
STRING_STORAGES = frozenset({"python", "pyarrow"})
CLOSED = frozenset({"left", "right", "both", "neither"})

TOO_LONG = "the value is too large to be read ({size:,} characters of data; at most {limit:,})"
TOO_DEEP = "the value is nested too deeply to be read"
TOO_MANY = "the value holds too many items to be read"
NOT_JSON = "the reply is not data: {reason}"
BAD_FIELD = "the reply is not data: {what}"


class DecodeError(ValueError):
    """The kernel's reply is not data this module reads (the message says what)."""


@dataclass(frozen=True)
class Handle:
    """An object left in the student's kernel, known by its number there.

    ``type_name`` is what the kernel says the object's type is (unverified).
    """

    ident: int
    type_name: str
    is_callable: bool


def _parse(text: Any) -> Any:
    if type(text) is not str:
        raise DecodeError(BAD_FIELD.format(what="a reply must be text"))
    if len(text) > MAX_REPLY_CHARS:
        raise DecodeError(TOO_LONG.format(size=len(text), limit=MAX_REPLY_CHARS))
    try:
        return json.loads(text)
    except RecursionError:
        raise DecodeError(TOO_DEEP) from None
    except ValueError as exc:
        raise DecodeError(NOT_JSON.format(reason=exc)) from None


def decode(text: Any, make_handle: Callable[[Handle], Any] | None = None) -> Any:
    """The value encoded in ``text``, built from plain types only.

    Parameters
    ----------
    text
        JSON text from `autograder.kernel_agent.encode` (any object is refused otherwise).
    make_handle
        Called with each `Handle` found, returning what stands for it (a proxy the checker
        can call); None keeps the `Handle` itself.

    Returns
    -------
    object
        None, bool, int, float, str, bytes, list, tuple, dict, set, frozenset, NumPy
        scalars and arrays, pandas Series, DataFrame, Index, Interval and NA, or handles.

    Raises
    ------
    DecodeError
        If the text is too long, too deep, not JSON, or holds anything else.
    """
    return _Decoder(make_handle or (lambda h: h)).value(_parse(text), 0)


@dataclass(frozen=True)
class Reply:
    """The agent's answer to one request: a value, or the exception the request raised."""

    value: Any = None
    error_type: str = ""
    error_message: str = ""

    @property
    def failed(self) -> bool:
        """True when the request raised an exception in the kernel."""
        return bool(self.error_type)


def decode_reply(text: Any, make_handle: Callable[[Handle], Any] | None = None) -> Reply:
    """The agent's reply (``{"ok": value}`` or ``{"error": {"type", "message"}}``), decoded.

    Raises
    ------
    DecodeError
        If the reply is not one of these two forms, or its value is not data (`decode`).
    """
    tree = _parse(text)
    _need(type(tree) is dict and len(tree) == 1, "a reply")
    if "ok" in tree:
        return Reply(value=_Decoder(make_handle or (lambda h: h)).value(tree["ok"], 0))
    error = tree.get("error")
    _need(type(error) is dict, "a reply")
    kind, message = error.get("type"), error.get("message")
    _need(type(kind) is str and type(message) is str, "an error reply")
    return Reply(error_type=kind[:60] or "Error", error_message=message[:1000])


def _need(condition: bool, what: str) -> None:
    if not condition:
        raise DecodeError(BAD_FIELD.format(what=what))


def _field(node: dict, key: str, kind: type) -> Any:
    value = node.get(key)
    _need(type(value) is kind, f"field {key!r}")
    return value


class _Decoder:
    def __init__(self, make_handle: Callable[[Handle], Any]) -> None:
        self.make_handle = make_handle
        self.items = 0

    def count(self, n: int) -> None:
        self.items += n
        if self.items > MAX_ITEMS:
            raise DecodeError(TOO_MANY)

    def value(self, node: Any, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise DecodeError(TOO_DEEP)
        if node is None or type(node) in (bool, int, float, str):
            return node
        if type(node) is list:
            self.count(len(node))
            return [self.value(item, depth + 1) for item in node]
        _need(type(node) is dict and type(node.get("$")) is str, "an unknown kind of value")
        tag = node["$"]
        method = getattr(self, f"tag_{tag}", None)
        _need(method is not None, f"an unknown kind of value {tag[:40]!r}")
        return method(node, depth + 1)

    def items_of(self, node: dict, depth: int) -> list:
        items = _field(node, "v", list)
        self.count(len(items))
        return [self.value(item, depth + 1) for item in items]

    # --- Python ---------------------------------------------------------------------------
    def tag_tuple(self, node: dict, depth: int) -> tuple:
        return tuple(self.items_of(node, depth))

    def tag_set(self, node: dict, depth: int) -> set:
        return set(self._hashables(node, depth))

    def tag_frozenset(self, node: dict, depth: int) -> frozenset:
        return frozenset(self._hashables(node, depth))

    def _hashables(self, node: dict, depth: int) -> list:
        items = self.items_of(node, depth)
        for item in items:
            _need(_hashable(item), "an unhashable item in a set")
        return items

    def tag_dict(self, node: dict, depth: int) -> dict:
        pairs = _field(node, "v", list)
        self.count(len(pairs))
        out = {}
        for pair in pairs:
            _need(type(pair) is list and len(pair) == 2, "a dict entry")
            key = self.value(pair[0], depth + 1)
            _need(_hashable(key), "an unhashable dict key")
            out[key] = self.value(pair[1], depth + 1)
        return out

    def tag_bytes(self, node: dict, depth: int) -> bytes:
        return _b64(_field(node, "v", str))

    def tag_handle(self, node: dict, depth: int) -> Any:
        handle = Handle(
            ident=_field(node, "id", int),
            type_name=_field(node, "type", str)[:200],
            is_callable=_field(node, "callable", bool),
        )
        return self.make_handle(handle)

    # --- NumPy ----------------------------------------------------------------------------
    def tag_ndarray(self, node: dict, depth: int) -> np.ndarray:
        dtype = _plain_dtype(_field(node, "dtype", str))
        shape = _field(node, "shape", list)
        _need(all(type(n) is int and n >= 0 for n in shape) and len(shape) <= 32, "an array shape")
        data = _b64(_field(node, "v", str))
        size = math.prod(shape)
        _need(size * dtype.itemsize == len(data), "an array whose data do not match its shape")
        self.count(size // 64)
        return np.frombuffer(data, dtype=dtype).reshape(shape).copy()

    def tag_scalar(self, node: dict, depth: int) -> Any:
        dtype = _plain_dtype(_field(node, "dtype", str))
        data = _b64(_field(node, "v", str))
        _need(len(data) == dtype.itemsize, "a NumPy number")
        return np.frombuffer(data, dtype=dtype)[0]

    def tag_objects(self, node: dict, depth: int) -> np.ndarray:
        shape = _field(node, "shape", list)
        _need(all(type(n) is int and n >= 0 for n in shape) and len(shape) <= 32, "an array shape")
        items = self.items_of(node, depth)
        _need(math.prod(shape) == len(items), "an array whose items do not match its shape")
        out = np.empty(len(items), dtype=object)
        for i, item in enumerate(items):  # item by item: a list item must stay one object
            out[i] = item
        return out.reshape(shape)

    # --- pandas ---------------------------------------------------------------------------
    def column(self, node: Any, depth: int) -> Any:
        """The values of a Series or Index: an array or a pandas extension array."""
        _need(type(node) is dict, "column values")
        tag = node.get("$")
        if tag in ("ndarray", "objects"):
            return self.value(node, depth)
        if tag == "categorical":
            categories = self.index(node.get("categories"), depth + 1)
            codes = self.value(node.get("codes"), depth + 1)
            _need(isinstance(codes, np.ndarray) and codes.dtype.kind == "i", "category codes")
            _need(bool(((codes >= -1) & (codes < len(categories))).all()), "category codes")
            ordered = _field(node, "ordered", bool)
            return pd.Categorical.from_codes(codes, categories=categories, ordered=ordered)
        if tag == "strings":
            storage = _field(node, "storage", str)
            _need(storage in STRING_STORAGES, "a string storage")
            na = np.nan if node.get("na") == "nan" else pd.NA
            items = _field(node, "v", list)
            self.count(len(items))
            _need(all(item is None or type(item) is str for item in items), "strings")
            return pd.array(items, dtype=pd.StringDtype(storage=storage, na_value=na))
        if tag == "intervals":
            left = self.value(node.get("left"), depth + 1)
            right = self.value(node.get("right"), depth + 1)
            closed = node.get("closed")
            _need(closed in CLOSED, "interval sides")
            _need(isinstance(left, np.ndarray) and isinstance(right, np.ndarray), "intervals")
            return pd.arrays.IntervalArray.from_arrays(left, right, closed=closed)
        if tag == "masked":
            dtype = node.get("dtype")
            _need(dtype in MASKED_DTYPES, "a nullable dtype")
            values = self.value(node.get("values"), depth + 1)
            mask = self.value(node.get("mask"), depth + 1)
            _need(isinstance(values, np.ndarray) and isinstance(mask, np.ndarray), "masked values")
            _need(mask.dtype == bool and mask.shape == values.shape, "a mask")
            items = [None if m else v for v, m in zip(values.tolist(), mask.tolist(), strict=True)]
            return pd.array(items, dtype=dtype)
        raise DecodeError(BAD_FIELD.format(what="column values"))

    def index(self, node: Any, depth: int) -> pd.Index:
        _need(type(node) is dict, "an index")
        tag = node.get("$")
        name = self.value(node.get("name"), depth + 1) if tag != "multi_index" else None
        _need(name is None or _hashable(name), "an index name")
        if tag == "range_index":
            start, stop, step = (_field(node, key, int) for key in ("start", "stop", "step"))
            _need(step != 0, "an index step")
            return pd.RangeIndex(start, stop, step, name=name)
        if tag == "index":
            return pd.Index(self.column(node.get("values"), depth + 1), name=name)
        if tag == "multi_index":
            levels = [self.index(level, depth + 1) for level in _field(node, "levels", list)]
            codes = [self.value(c, depth + 1) for c in _field(node, "codes", list)]
            names = [self.value(n, depth + 1) for n in _field(node, "names", list)]
            _need(len(levels) == len(codes) == len(names) >= 1, "a multi-index")
            for level, code in zip(levels, codes, strict=True):
                _need(isinstance(code, np.ndarray) and code.dtype.kind == "i", "index codes")
                _need(bool(((code >= -1) & (code < len(level))).all()), "index codes")
            _need(len({len(c) for c in codes}) == 1, "index codes")
            return pd.MultiIndex(levels=levels, codes=codes, names=names)
        raise DecodeError(BAD_FIELD.format(what="an index"))

    def tag_series(self, node: dict, depth: int) -> pd.Series:
        index = self.index(node.get("index"), depth)
        values = self.column(node.get("values"), depth)
        _need(len(values) == len(index), "a Series whose index does not match its values")
        name = self.value(node.get("name"), depth)
        _need(name is None or _hashable(name), "a Series name")
        return pd.Series(values, index=index, name=name, copy=False)

    def tag_frame(self, node: dict, depth: int) -> pd.DataFrame:
        index = self.index(node.get("index"), depth)
        columns = self.index(node.get("columns"), depth)
        data = [self.column(column, depth) for column in _field(node, "data", list)]
        _need(len(data) == len(columns), "a DataFrame whose columns do not match its data")
        _need(all(len(values) == len(index) for values in data), "DataFrame columns")
        frame = pd.DataFrame(
            {i: pd.Series(values, index=index, copy=False) for i, values in enumerate(data)},
            index=index,
        )
        frame.columns = columns
        return frame

    def tag_range_index(self, node: dict, depth: int) -> pd.Index:
        return self.index(node, depth)

    tag_index = tag_range_index
    tag_multi_index = tag_range_index

    def tag_interval(self, node: dict, depth: int) -> pd.Interval:
        left = self.value(node.get("left"), depth)
        right = self.value(node.get("right"), depth)
        closed = node.get("closed")
        _need(closed in CLOSED, "interval sides")
        _need(all(_is_number(x) for x in (left, right)), "interval bounds")
        return pd.Interval(left, right, closed=closed)

    def tag_NA(self, node: dict, depth: int) -> Any:  # noqa: N802 -- the tag's name
        return pd.NA


def _is_number(value: Any) -> bool:
    return type(value) in (int, float) or isinstance(value, np.number)


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _b64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise DecodeError(BAD_FIELD.format(what="base64 data")) from None


def _plain_dtype(text: str) -> np.dtype:
    _need(len(text) <= 16, "a dtype")
    try:
        dtype = np.dtype(text)
    except TypeError:
        raise DecodeError(BAD_FIELD.format(what=f"a dtype {text!r}")) from None
    _need(dtype.kind in PLAIN_KINDS and dtype.names is None and dtype.subdtype is None, "a dtype")
    _need(dtype.itemsize > 0, "a dtype")
    return dtype
