"""Seeded synthetic clinical cohorts, in the style of scikit-learn's ``make_*`` generators.

Every generator is ``make_x(n_samples, *, options, random_state=None)`` and returns a
:class:`sklearn.utils.Bunch` whose ``frame`` is a DataFrame of ``n_samples`` rows (or, when
the sampled unit has several rows, as a reader reads several cases, of ``n_samples`` units
named by the column ``unit_name``), and whose ``DESCR`` says in three paragraphs what the
data imitate ("Imitates ..."), which published figures they are tuned to ("Tuned to: ...")
and where they differ from reality ("Differs from reality: ..."). One seed gives one frame.
Every argument is checked against the generator's declared constraints before anything is
drawn: an argument outside the range its parameter states raises a ValueError (also a
TypeError) that says what it must be, in one wording for every generator
(``medai.datasets._validation``). ``tests/test_datasets_common.py`` holds every generator to
this contract. Modules are named after the course module that uses them.
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
