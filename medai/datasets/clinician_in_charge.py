"""Synthetic reader study for module 6, "The clinician stays in charge".

One generator, :func:`make_reader_study`, stages an automation-bias experiment: radiologists
of three levels of experience read the same cases with an AI suggestion in view, and the
suggestion is deliberately wrong on some of them. The learner measures how often readers
are right when the suggestion is right and when it is wrong, per level of experience.

(The tool's scores for the triage part of the module come from module 1's
:func:`medai.datasets.make_fracture_triage_cohort`: one detector, tuned to a published
meta-analysis, serves both modules.)
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import pandas as pd
from scipy.special import expit, logit
from sklearn.utils import Bunch

from medai.datasets._description import description
from medai.datasets._validation import RANDOM_STATE, Interval, validate_params
from medai.i18n import N_

__all__ = ["EXPERIENCE_LEVELS", "PUBLISHED_ACCURACY", "make_reader_study"]

#: The levels of experience, from least to most experienced (also their sorted order). They
#: are data, in English; figures show them in the notebook's language.
EXPERIENCE_LEVELS = (N_("inexperienced"), N_("moderately experienced"), N_("very experienced"))

#: Share of mammograms given the correct BI-RADS category, by level of experience, when the
#: AI suggestion shown was correct and when it was incorrect (Dratsch et al., Radiology 2023).
PUBLISHED_ACCURACY = pd.DataFrame(
    {"accuracy_ai_correct": [0.797, 0.813, 0.823], "accuracy_ai_wrong": [0.198, 0.248, 0.455]},
    index=pd.Index(EXPERIENCE_LEVELS, name="experience"),
)


def level_parameters() -> pd.DataFrame:
    """Each level's trust in the AI and accuracy without it, implied by the published figures.

    A reader adopts the AI suggestion with probability ``trust``; otherwise they read alone
    and are right with probability ``accuracy_alone``. Then accuracy is
    ``trust + (1 - trust) * accuracy_alone`` when the suggestion is right and
    ``(1 - trust) * accuracy_alone`` when it is wrong; solving for the published pair gives
    ``trust = right - wrong`` and ``accuracy_alone = wrong / (1 - trust)``.

    Returns
    -------
    DataFrame of shape (3, 2)
        Columns ``trust`` and ``accuracy_alone``, indexed by :data:`EXPERIENCE_LEVELS`.
    """
    right = PUBLISHED_ACCURACY["accuracy_ai_correct"]
    wrong = PUBLISHED_ACCURACY["accuracy_ai_wrong"]
    trust = right - wrong
    return pd.DataFrame({"trust": trust, "accuracy_alone": wrong / (1 - trust)})


@validate_params(
    {
        # at least one reader per level of experience
        "n_samples": Interval(Integral, len(EXPERIENCE_LEVELS), None, closed="left"),
        # at least one case with a right suggestion and one with a wrong one
        "n_cases": Interval(Integral, 2, None, closed="left"),
        "wrong_fraction": Interval(Real, 0, 1, closed="neither"),
        "reader_spread": Interval(Real, 0, None, closed="left"),
        "random_state": RANDOM_STATE,
    }
)
def make_reader_study(
    n_samples: int = 27,
    *,
    n_cases: int = 40,
    wrong_fraction: float = 0.3,
    reader_spread: float = 0.3,
    random_state: int | np.random.Generator | None = None,
) -> Bunch:
    """Readers of three levels of experience, each reading every case with an AI suggestion.

    Imitates the design of Dratsch et al. (Radiology 2023), a reader study of automation
    bias: 27 radiologists gave a BI-RADS category to mammograms with a category purportedly
    suggested by an AI system, which was deliberately incorrect on 12 of the 40 mammograms
    of the test set (hence the default ``wrong_fraction`` of 0.3). Every reader reads every
    case; the cases with a wrong suggestion are the same for all readers.

    Tuned to: the study's published accuracies (:data:`PUBLISHED_ACCURACY`), the share of
    correct answers when the suggestion was correct and when it was incorrect, for
    inexperienced (79.7 % and 19.8 %), moderately experienced (81.3 % and 24.8 %) and very
    experienced readers (82.3 % and 45.5 %). Each reader follows the suggestion with a
    probability ("trust") or else reads alone with an accuracy; the two per level are
    solved from the published pair (:func:`level_parameters`), then varied from reader to
    reader on the logit scale (``reader_spread``). Over many readers, each level's
    accuracies come back to the published ones (up to a point or two, from the spread).

    Differs from reality: the cases are interchangeable (no case is harder than another),
    the answer is only right or wrong (a BI-RADS category can be more or less wrong), and
    readers are split evenly between the levels, which the study did not do. The "accuracy
    alone" of each level is implied by the simple follow-or-read model; the study had no
    reading without AI, so it is not a measured figure. The published figures come from
    mammography; the course also uses them for fracture radiographs, an assumption.

    Parameters
    ----------
    n_samples : int, default=27
        Readers, the sampled unit (at least 3), split evenly between the levels in turn
        (reader 1 inexperienced, 2 moderately experienced, 3 very experienced, 4
        inexperienced...). Each reads every case: the frame has ``n_samples * n_cases``
        rows.
    n_cases : int, default=40
        Cases each reader reads, at least 2.
    wrong_fraction : float, default=0.3
        Share of cases with a wrong AI suggestion, strictly between 0 and 1 (rounded to a
        whole number of cases, at least one right and one wrong).
    reader_spread : float, default=0.3
        Standard deviation, on the logit scale, of each reader's trust and accuracy alone
        around their level's, at least 0. 0 makes all readers of a level alike.
    random_state : int, numpy.random.Generator or None, default=None
        Seed of the one random generator used for every draw.

    Returns
    -------
    sklearn.utils.Bunch
        ``frame`` : DataFrame of shape (n_samples * n_cases, 5), one row per reading, with
        ``reader_id`` (str, "R01"...), ``experience`` (one of :data:`EXPERIENCE_LEVELS`),
        ``case_id`` (str, "C01"...), ``ai_correct`` (int, 1 if the AI suggestion was right)
        and ``reader_correct`` (int, 1 if the reader's answer was right);
        ``readers`` : DataFrame, one row per reader with its ``experience``, ``trust`` and
        ``accuracy_alone``; ``published`` : :data:`PUBLISHED_ACCURACY`;
        ``target_name`` : "reader_correct"; ``unit_name`` : "reader_id", the column of
        the sampled unit (a reader has ``n_cases`` rows); ``DESCR`` : this text.

    Examples
    --------
    The study's 27 readers each read its 40 cases:

    >>> study = make_reader_study(27, random_state=0)
    >>> study.frame.shape
    (1080, 5)
    """
    n_readers, n_cases = int(n_samples), int(n_cases)
    rng = np.random.default_rng(random_state)
    n_wrong = min(max(round(wrong_fraction * n_cases), 1), n_cases - 1)
    ai_correct = np.ones(n_cases, dtype=int)
    ai_correct[rng.choice(n_cases, size=n_wrong, replace=False)] = 0

    levels = [EXPERIENCE_LEVELS[i % len(EXPERIENCE_LEVELS)] for i in range(n_readers)]
    params = level_parameters().loc[levels]
    trust = expit(logit(params["trust"].to_numpy()) + rng.normal(0, reader_spread, n_readers))
    alone = expit(
        logit(params["accuracy_alone"].to_numpy()) + rng.normal(0, reader_spread, n_readers)
    )
    # Every reading: the reader follows the suggestion, or reads alone.
    follows = rng.random((n_readers, n_cases)) < trust[:, None]
    right_alone = rng.random((n_readers, n_cases)) < alone[:, None]
    correct = np.where(follows, ai_correct[None, :] == 1, right_alone).astype(int)

    width = len(str(max(n_readers, n_cases)))
    reader_ids = [f"R{i:0{max(width, 2)}d}" for i in range(1, n_readers + 1)]
    case_ids = [f"C{j:0{max(width, 2)}d}" for j in range(1, n_cases + 1)]
    frame = pd.DataFrame(
        {
            "reader_id": np.repeat(reader_ids, n_cases),
            "experience": np.repeat(levels, n_cases),
            "case_id": np.tile(case_ids, n_readers),
            "ai_correct": np.tile(ai_correct, n_readers),
            "reader_correct": correct.ravel(),
        }
    )
    readers = pd.DataFrame(
        {"experience": levels, "trust": trust, "accuracy_alone": alone},
        index=pd.Index(reader_ids, name="reader_id"),
    )
    return Bunch(
        frame=frame,
        readers=readers,
        published=PUBLISHED_ACCURACY.copy(),
        target_name="reader_correct",
        unit_name="reader_id",
        DESCR=description(make_reader_study),
    )
