"""What every explorer of the notebooks shares: how it is displayed."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets


class Explorer:
    """Base of the notebooks' explorers.

    Where a frontend can show widgets (JupyterLab, the notebook), the interactive ``widget``;
    elsewhere (the static book, a console) the current results as HTML and a one-line repr.
    Subclasses build ``self.widget`` and implement :meth:`static_html`.
    """

    widget: widgets.Widget

    def static_html(self) -> str:
        """The current results as an HTML fragment, readable without the widget."""
        raise NotImplementedError

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **kwargs: Any) -> dict:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = repr(self)
        return bundle
