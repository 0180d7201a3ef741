"""Seeded synthetic clinical cohorts, in the style of scikit-learn's ``make_*`` generators.

Every generator takes ``n_samples`` first, keyword-only options, and ``random_state``, and
returns a :class:`sklearn.utils.Bunch` whose ``frame`` is a DataFrame and whose ``DESCR``
says what the data imitates, which published figures it is tuned to and where it differs
from reality. Modules are named after the course module that uses them.
"""

from medai.datasets.bias_fairness import (
    make_care_programme_triage,
    make_cost_proxy_cohort,
    make_pulse_oximetry_cohort,
    make_underrepresented_cohort,
)

__all__ = [
    "make_care_programme_triage",
    "make_cost_proxy_cohort",
    "make_pulse_oximetry_cohort",
    "make_underrepresented_cohort",
]
