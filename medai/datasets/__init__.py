"""Seeded synthetic clinical cohorts, in the style of scikit-learn's ``make_*`` generators.

Every generator takes ``n_samples`` first, keyword-only options, and ``random_state``, and
returns a :class:`sklearn.utils.Bunch` whose ``frame`` is a DataFrame and whose ``DESCR``
says what the data imitates, which published figures it is tuned to and where it differs
from reality. Modules are named after the course module that uses them.
"""

from medai.datasets.bias_fairness import (
    FRENCH_AUDIT_GROUPS,
    make_care_programme_triage,
    make_cost_proxy_cohort,
    make_french_care_programme_triage,
    make_pulse_oximetry_cohort,
    make_underrepresented_cohort,
)
from medai.datasets.capstone_audit import make_fracture_audit
from medai.datasets.clinician_in_charge import (
    EXPERIENCE_LEVELS,
    PUBLISHED_ACCURACY,
    make_reader_study,
)
from medai.datasets.data_to_decision import make_fracture_triage_cohort
from medai.datasets.judging_evidence import SCREENING_FEATURES, make_screening_audit
from medai.datasets.protecting_health_data import make_patient_register, make_voter_list
from medai.datasets.where_models_fail import make_hospital_radiographs

__all__ = [
    "EXPERIENCE_LEVELS",
    "FRENCH_AUDIT_GROUPS",
    "PUBLISHED_ACCURACY",
    "SCREENING_FEATURES",
    "make_care_programme_triage",
    "make_cost_proxy_cohort",
    "make_fracture_audit",
    "make_fracture_triage_cohort",
    "make_french_care_programme_triage",
    "make_hospital_radiographs",
    "make_patient_register",
    "make_pulse_oximetry_cohort",
    "make_reader_study",
    "make_screening_audit",
    "make_underrepresented_cohort",
    "make_voter_list",
]
