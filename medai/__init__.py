"""Course helpers for the open course on AI in medicine.

Subpackages and modules, one job each:

- :mod:`medai.datasets` -- seeded synthetic clinical cohorts (``make_*``), each documenting
  what it imitates, which published figures it is tuned to and where it differs from reality;
- :mod:`medai.metrics` -- the per-group clinical metrics, as plain ``fn(y_true, y_pred)``
  callables computed with fairlearn's ``MetricFrame``;
- :mod:`medai.plots` -- per-group figures with a colour-blind-safe palette;
- :mod:`medai.widgets` -- ipywidgets explorers used by the hands-on notebooks;
- :mod:`medai.quiz` -- self-check quizzes where every answer gets an explanation.
"""

__version__ = "0.1.0"
