"""Course helpers for the open course on AI in medicine.

Subpackages and modules, one job each:

- :mod:`medai.datasets` -- seeded synthetic clinical cohorts (``make_*``), each documenting
  what it imitates, which published figures it is tuned to and where it differs from reality;
- :mod:`medai.metrics` -- the clinical metrics, as plain ``fn(y_true, y_pred)``
  callables, disaggregated per group with fairlearn's ``MetricFrame``;
- :mod:`medai.privacy` -- k-anonymity, l-diversity, linkage, a differentially private count
  (OpenDP) and membership inference (module 5);
- :mod:`medai.evidence` -- predictive values at a prevalence and confidence intervals
  (module 2);
- :mod:`medai.plots` -- figures in one colour-blind-safe style, with alt text;
- :mod:`medai.widgets` -- ipywidgets explorers used by the hands-on notebooks;
- :mod:`medai.quiz` -- self-check quizzes where every answer gets an explanation;
- :mod:`medai.grading` -- the exact-type checks the assignments' hidden tests use.
"""

__version__ = "0.1.0"
