"""Course helpers for the open course on AI in medicine.

Subpackages and modules, one job each:

- :mod:`medai.datasets` -- seeded synthetic clinical cohorts (``make_*``), each documenting
  what it imitates, which published figures it is tuned to and where it differs from reality;
- :mod:`medai.metrics` -- the clinical metrics, as plain ``fn(y_true, y_pred)``
  callables, disaggregated per group with fairlearn's ``MetricFrame``;
- :mod:`medai.privacy` -- k-anonymity, l-diversity, linkage, a differentially private count
  (OpenDP) and membership inference (module 5); :mod:`medai.privacy_fallback` is the NumPy
  version of its mechanisms for the browser (JupyterLite), where OpenDP does not load;
- :mod:`medai.evidence` -- predictive values at a prevalence and confidence intervals
  (module 2);
- :mod:`medai.plots` -- figures in one colour-blind-safe style, with alt text;
- :mod:`medai.widgets` -- ipywidgets explorers used by the hands-on notebooks;
- :mod:`medai.teams` -- a radiologist and a tool as a team: misses and reads per policy
  (module 6);
- :mod:`medai.tables` -- tables formatted for reading, in notebooks and in the explorers;
- :mod:`medai.quiz` -- self-check quizzes where every answer gets an explanation;
- :mod:`medai.grading` -- the exact-type checks the assignments' hidden tests use;
- :mod:`medai.i18n` -- the language of everything the helpers show, English or French
  (:func:`set_language`, which every notebook's first cell calls), with its French in
  :mod:`medai.locale_fr`.

Rules every module keeps, each held by a test that finds what it checks rather than
listing it:

- a generator is ``make_x(n_samples, *, options, random_state=None)``, checks its arguments
  with the one validator of ``medai.datasets._validation`` and returns a Bunch whose
  ``DESCR`` says what it imitates, what it is tuned to and where it differs from reality
  (``tests/test_datasets_common.py``);
- an explorer is an ipywidgets container of labelled, keyboard-focusable controls that
  updates in under 100 ms (``tests/test_widgets_common.py``); a figure has a title,
  labelled axes, the course's colours and alt text (``tests/test_plots_common.py``);
- error messages are private constants (``_NAME``) of the module that raises them, asserted
  by the tests; the names the notebooks, assignments and benchmarks import exist
  (``tests/test_public_names.py``);
- the examples in docstrings run (``tests/test_doctests.py``);
- every text shown to a person is wrapped in ``_()`` when it is shown, and has its French,
  typeset as French is (``tests/test_i18n.py``).
"""

__version__ = "0.1.0"

from medai.i18n import set_language  # noqa: E402 -- every notebook's first cell calls it

__all__ = ["set_language"]
