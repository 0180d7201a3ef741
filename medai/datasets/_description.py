"""A generator's ``DESCR``: its docstring, in the notebook's language."""

from __future__ import annotations

import inspect
from collections.abc import Callable

from medai.i18n import _

__all__ = ["description"]


def description(generator: Callable) -> str:
    """The docstring of ``generator`` without its indentation, in the notebook's language.

    Without indentation, the text is the same whatever Python version compiled it (3.13
    strips docstrings' indentation itself), so that it finds its French in
    :mod:`medai.locale_fr_descr`.
    """
    return _(inspect.cleandoc(generator.__doc__ or ""))
