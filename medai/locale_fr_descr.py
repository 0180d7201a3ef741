"""The French of the datasets' descriptions (``DESCR``), merged into :mod:`medai.locale_fr`.

Each generator's ``DESCR`` is its docstring without indentation (``_DESCR`` for
:func:`~medai.datasets.make_fracture_triage_cohort`); the English texts below are those
keys, copied, so that ``tests/test_i18n.py`` notices when one changes and its French must
follow. The French keeps every number and every citation of the English; code, column
names, values of the data ("Black", "metropolitan") and the examples stay as they are.
"""

# make_care_programme_triage (medai.datasets.bias_fairness)
_CARE_PROGRAMME_TRIAGE_EN = """\
A cost-trained triage model for a care programme, with the cohort it is audited on.

Draws a cohort with :func:`make_cost_proxy_cohort`, splits it into a training and a
test half, trains the "vendor" model (standardised logistic regression on
``TRIAGE_FEATURES``) to predict the proxy label ``high_cost``, scores every patient,
and flags the ``capacity`` share of the test patients with the highest scores, as a
programme with a fixed number of places would.

Imitates the use of the cost-ranked care-management algorithm studied by Obermeyer et
al. (Science 2019): the model never sees the group, yet it misses more high-need Black
patients, because the bias comes from the label.

Tuned to: the population of :func:`make_cost_proxy_cohort`, with a larger share of
Black patients and a wider access gap by default (see ``black_fraction`` and
``access_factor`` below).

Differs from reality: as :func:`make_cost_proxy_cohort`; the vendor's model is a
logistic regression on seven features, and the programme's places are filled from the
test half only.

Parameters
----------
n_samples : int, default=10_000
    Number of patients, at least 10.
black_fraction : float, default=0.3
    Share of Black patients: higher than in the paper's population, as in a hospital
    serving a more diverse area, so that per-group rates are measured on enough patients.
access_factor : float, default=0.5
    Spending on a Black patient relative to a White patient with the same illnesses.
    Lower than the 0.76 that reproduces the paper's Table 1: this hospital's access gap
    is wider, so that the harm is large enough to measure on a class-sized cohort.
    With 0.76 the gap in missed high-need patients is a few points, same direction.
capacity : float, default=0.15
    Share of patients the programme can enrol, strictly between 0 and 1.
test_size : float, default=0.5
    Share of patients in the test split, strictly between 0 and 1.
random_state : int, numpy.random.Generator or None, default=None
    Seed or generator, for reproducible cohorts.

Returns
-------
sklearn.utils.Bunch
    ``frame`` : the cohort's DataFrame plus ``split`` ("train" or "test"),
    ``risk_score`` (the vendor's predicted probability of high cost) and ``flagged``
    (1 for the test patients the programme enrols; 0 in the training split);
    ``model`` : the fitted scikit-learn pipeline; ``threshold`` : the score cut-off
    that fills the capacity; plus the fields of :func:`make_cost_proxy_cohort`."""
_CARE_PROGRAMME_TRIAGE_FR = """\
Un modèle de tri entraîné sur le coût pour un programme de soins, avec la cohorte sur laquelle on
l'audite.

Tire une cohorte avec :func:`make_cost_proxy_cohort`, la coupe en une moitié
d'entraînement et une moitié de test, entraîne le modèle de «\u202fl'éditeur\u202f» (régression
logistique standardisée sur ``TRIAGE_FEATURES``) à prédire l'étiquette de substitution
``high_cost``, attribue un score à chaque patient et signale la part ``capacity`` des
patients de test aux scores les plus élevés, comme le ferait un programme au nombre de
places fixe.

Imite l'usage de l'algorithme de coordination des soins classant selon le coût étudié par
Obermeyer et al. (Science 2019)\u202f: le modèle ne voit jamais le groupe, et pourtant il manque
davantage de patients noirs à besoin élevé, car le biais vient de l'étiquette.

Ajusté sur\u202f: la population de :func:`make_cost_proxy_cohort`, avec par défaut une part plus
grande de patients noirs et un écart d'accès plus large (voir ``black_fraction`` et
``access_factor`` ci-dessous).

Diffère de la réalité\u202f: comme :func:`make_cost_proxy_cohort`\u202f; le modèle de l'éditeur est
une régression logistique sur sept variables, et les places du programme ne sont pourvues
que dans la moitié de test.

Paramètres
----------
n_samples\u202f: int, 10\u202f000 par défaut
    Nombre de patients, au moins 10.
black_fraction\u202f: float, 0,3 par défaut
    Part des patients noirs\u202f: plus élevée que dans la population de l'article, comme dans
    un hôpital desservant une zone plus diverse, pour que les taux par groupe soient
    mesurés sur assez de patients.
access_factor\u202f: float, 0,5 par défaut
    Dépense pour un patient noir rapportée à celle pour un patient blanc ayant les mêmes
    maladies. Plus basse que les 0,76 qui reproduisent le tableau 1 de l'article\u202f: l'écart
    d'accès de cet hôpital est plus large, pour que le préjudice soit assez grand pour être
    mesuré sur une cohorte de la taille d'une promotion. Avec 0,76, l'écart de patients à
    besoin élevé manqués est de quelques points, dans le même sens.
capacity\u202f: float, 0,15 par défaut
    Part des patients que le programme peut inclure, strictement comprise entre 0 et 1.
test_size\u202f: float, 0,5 par défaut
    Part des patients dans la partie de test, strictement comprise entre 0 et 1.
random_state\u202f: int, numpy.random.Generator ou None, None par défaut
    Graine ou générateur, pour des cohortes reproductibles.

Renvoie
-------
sklearn.utils.Bunch
    ``frame``\u202f: le DataFrame de la cohorte, plus ``split`` ("train" ou "test"),
    ``risk_score`` (la probabilité de coût élevé prédite par l'éditeur) et ``flagged``
    (1 pour les patients de test que le programme inclut\u202f; 0 dans la partie
    d'entraînement)\u202f;
    ``model``\u202f: le pipeline scikit-learn ajusté\u202f; ``threshold``\u202f: le seuil de score
    qui remplit la capacité\u202f; plus les champs de :func:`make_cost_proxy_cohort`."""

# make_cost_proxy_cohort (medai.datasets.bias_fairness)
_COST_PROXY_COHORT_EN = """\
Patients whose future cost is a biased proxy for their health need.

Imitates the population of Obermeyer et al. (Science 2019): a commercial algorithm
ranked patients for a care-management programme by predicted cost. Because less is
spent on Black patients at the same level of illness, cost understates their need.

Tuned to: Table 1 of the paper, with 12.3 % Black patients (6,079 of 49,618); on average
1.90 active chronic illnesses in Black and 1.20 in White patients; mean yearly cost
only about 1.12 times higher in Black patients despite their greater illness burden;
fewer outpatient and more emergency visits in Black patients. As in the paper, the
share of Black patients among the top 3 % ranked by cost is far below their share
among the top 3 % ranked by illness (17.7 % vs 46.5 % in the paper, after its
simulated correction); here the direction holds, the exact figures do not.

Differs from reality: two groups only; illness is a Poisson count with a Gamma
frailty; costs are log-normal with one access factor per group; no insurance,
region, age structure or comorbidity pattern beyond the count.

Parameters
----------
n_samples : int, default=10_000
    Number of patients, at least 10.
black_fraction : float, default=0.123
    Share of Black patients, strictly between 0 and 1.
access_factor : float, default=0.76
    Spending on a Black patient relative to a White patient with the same illnesses
    (also scales outpatient visits), above 0 and at most 1. The default reproduces
    Table 1's ratio of mean costs; lower values widen the access gap, 1 removes it.
random_state : int, numpy.random.Generator or None, default=None
    Seed or generator, for reproducible cohorts.

Returns
-------
sklearn.utils.Bunch
    ``frame`` : DataFrame of shape (n_samples, 13) with columns ``patient_id``,
    ``group`` ("Black" or "White"), the features in ``feature_names`` (``age``,
    ``log_prior_cost``, ``outpatient_visits``, ``emergency_visits``, ``hba1c`` (%),
    ``systolic_bp`` (mmHg), ``creatinine`` (mg/dl)), ``chronic_conditions`` (active
    chronic illnesses next year), ``cost`` (next year's cost, USD), ``high_need``
    (1 if at least 3 chronic illnesses: the clinical target) and ``high_cost`` (1 if
    the cost is among the highest, at the same rate as ``high_need``: the proxy
    label);
    ``feature_names`` : list of str; ``target_name`` : "high_need";
    ``proxy_name`` : "high_cost"; ``group_name`` : "group"; ``DESCR`` : this text."""
_COST_PROXY_COHORT_FR = """\
Des patients dont le coût futur est un substitut biaisé de leur besoin de soins.

Imite la population d'Obermeyer et al. (Science 2019)\u202f: un algorithme commercial classait
les patients pour un programme de coordination des soins selon leur coût prédit. Comme on
dépense moins pour les patients noirs à niveau de maladie égal, le coût sous-estime leur
besoin.

Ajusté sur\u202f: le tableau 1 de l'article, avec 12,3\u202f% de patients noirs (6\u202f079 sur
49\u202f618)\u202f; en moyenne 1,90 maladie chronique active chez les patients noirs et 1,20 chez
les patients blancs\u202f; un coût annuel moyen seulement environ 1,12 fois plus élevé chez les
patients noirs malgré leur charge de morbidité plus lourde\u202f; moins de consultations externes
et plus de passages aux urgences chez les patients noirs. Comme dans l'article, la part des patients
noirs parmi les 3\u202f% les mieux classés selon le coût est bien inférieure à leur part parmi
les 3\u202f% les mieux classés selon la maladie (17,7\u202f% contre 46,5\u202f% dans l'article,
après sa correction simulée)\u202f; ici le sens de l'écart est reproduit, pas les chiffres exacts.

Diffère de la réalité\u202f: deux groupes seulement\u202f; la maladie est un comptage de Poisson
avec une fragilité gamma\u202f; les coûts suivent une loi log-normale avec un facteur d'accès par
groupe\u202f; ni assurance, ni région, ni structure d'âge, ni profil de comorbidités au-delà du
comptage.

Paramètres
----------
n_samples\u202f: int, 10\u202f000 par défaut
    Nombre de patients, au moins 10.
black_fraction\u202f: float, 0,123 par défaut
    Part des patients noirs, strictement comprise entre 0 et 1.
access_factor\u202f: float, 0,76 par défaut
    Dépense pour un patient noir rapportée à celle pour un patient blanc ayant les mêmes
    maladies (s'applique aussi aux consultations externes), strictement supérieure à 0 et
    au plus 1. La valeur par défaut reproduit le rapport des coûts moyens du tableau 1\u202f;
    des valeurs plus basses creusent l'écart d'accès, 1 le supprime.
random_state\u202f: int, numpy.random.Generator ou None, None par défaut
    Graine ou générateur, pour des cohortes reproductibles.

Renvoie
-------
sklearn.utils.Bunch
    ``frame``\u202f: DataFrame de forme (n_samples, 13) de colonnes ``patient_id``,
    ``group`` ("Black" ou "White"), les variables de ``feature_names`` (``age``,
    ``log_prior_cost``, ``outpatient_visits``, ``emergency_visits``, ``hba1c`` (%),
    ``systolic_bp`` (mmHg), ``creatinine`` (mg/dl)), ``chronic_conditions`` (maladies
    chroniques actives l'année suivante), ``cost`` (coût de l'année suivante, en USD),
    ``high_need`` (1 si au moins 3 maladies chroniques\u202f: la cible clinique) et
    ``high_cost`` (1 si le coût est parmi les plus élevés, au même taux que
    ``high_need``\u202f: l'étiquette de substitution)\u202f;
    ``feature_names``\u202f: list de str\u202f; ``target_name``\u202f: "high_need"\u202f;
    ``proxy_name``\u202f: "high_cost"\u202f; ``group_name``\u202f: "group"\u202f; ``DESCR``\u202f:
    ce texte."""

# make_fracture_audit (medai.datasets.capstone_audit)
_FRACTURE_AUDIT_EN = """\
A vendor's dossier for a fracture-triage tool, and a local cohort to audit it on.

Imitates the adoption decision of a French public hospital group (invented) with three
emergency departments: sites A and B in metropolitan France, site C in an overseas
department. A vendor offers an AI tool that flags fractures on radiographs. Its dossier
claims a sensitivity, specificity and AUC measured on its own case-control validation
set (half fractures, adults aged 18 to 75, digital radiography only), presents the score
as a probability, and sends the images to its cloud. The hospital's retrospective cohort
of consecutive radiographs holds the tool's score and flag, the reference standard, and
the groups French data may lawfully hold: sex, age band, a deprivation quintile (of an
area-level index of the patient's commune of residence, in the manner of the French FDep
index of Rey et al., BMC Public Health 2009, built from census variables), the territory
(metropolitan or overseas), the site and the acquisition device. Ethnic origin is not
recorded: GDPR article 9 and the French law n° 78-17 forbid processing data that reveal
it, save narrow exceptions.

The tool reads a latent signal per radiograph (equal-variance binormal model). A
fracture in osteoporotic bone shows only ``osteoporotic_visibility`` of a clear-cut
fracture's signal, and a radiograph from site B's legacy computed-radiography unit
(``CR-1``) only ``legacy_visibility`` of it. Osteoporosis is commoner with age and in
women, and it raises the risk of a fracture. So locally the tool misses more fractures
than claimed, mostly in the oldest patients (more often women) and on ``CR-1``; the
score, calibrated on a half-fracture set, over-predicts risk at the local prevalence.

Tuned to: nothing published. The vendor's operating point, :data:`THRESHOLD`, is the
score at which a clear-cut fracture is flagged 95 % of the time, leaving about 90 % of
intact bones unflagged (AUC about 0.98); its claim is what a simulated study of 1,200
such radiographs measures there, rounded as a brochure would round it. The group
shares, osteoporosis rates and visibilities are teaching choices, large enough for an
audit of a few thousand radiographs to see them. The mechanisms are the published ones:
a case-control design and a narrow spectrum overestimate accuracy (Lijmer et al., JAMA
1999); a score calibrated at one prevalence is miscalibrated at another (Van
Calster et al., BMC Medicine 2019); acquisition differences between sites shift a
model's performance (Zech et al., PLOS Medicine 2018).

Differs from reality: one latent score stands for the image; the reference standard is
exact; osteoporosis and the device act only through the signal's strength (real
osteoporotic fractures also differ in type and site); the effect sizes are invented,
not measured in any published subgroup analysis; the deprivation quintile is drawn
without a commune, and for overseas patients too, whereas FDep was built for mainland
France only (here an invented index covers every commune, and overseas patients are
drawn more deprived, a teaching choice); the hospital group, the vendor, its product and
dossier are invented.

Parameters
----------
n_samples : int, default=4_000
    Radiographs in the local cohort (one per patient visit), at least 200.
prevalence : float, default=0.15
    Expected share of local radiographs with a fracture, strictly between 0 and 0.5.
osteoporotic_visibility : float, default=0.45
    Share of a clear-cut fracture's signal that a fracture in osteoporotic bone shows,
    above 0 and at most 1; 1 removes the effect.
legacy_visibility : float, default=0.55
    Share of the signal a radiograph from the legacy ``CR-1`` unit shows, above 0 and at
    most 1; 1 removes the effect.
random_state : int, numpy.random.Generator or None, default=None
    Seed or generator. The vendor's study is drawn first, so a seed gives the same
    claim whatever the local options.

Returns
-------
sklearn.utils.Bunch
    ``frame`` : DataFrame of shape (n_samples, 11), the columns of :data:`AUDIT_COLUMNS`:
    ``exam_id`` (str), ``site`` ("A", "B", "C"), ``device`` (a key of :data:`DEVICES`),
    ``territory`` ("metropolitan" or "overseas"), ``sex`` ("F" or "M"), ``age_band``
    (one of :data:`AGE_BANDS`), ``deprivation_quintile`` (int, 1 least to 5 most
    deprived), ``ai_score`` (float in [0, 1], 4 decimals), ``ai_positive`` (1 if
    ``ai_score >= threshold``), ``fracture`` (reference standard, 0/1) and
    ``osteoporosis`` (0/1, the hidden cause; an audit would not have it);
    ``dossier`` : DataFrame of shape (18, 3), columns :data:`DOSSIER_COLUMNS`, every
    value a string; ``claim`` : dict with the vendor's ``sensitivity``,
    ``specificity``, ``auc``, ``prevalence`` and ``n_radiographs``; ``threshold`` :
    float, the vendor's operating point (:data:`THRESHOLD`); ``target_name`` : "fracture";
    ``DESCR`` : this text.

Examples
--------
The dossier states the claim the vendor's study measured:

>>> audit = make_fracture_audit(1_000, random_state=0)
>>> claimed = audit.dossier.set_index("item")["value"]
>>> float(claimed["sensitivity"]) == audit.claim["sensitivity"]
True"""
_FRACTURE_AUDIT_FR = """\
Le dossier d'un éditeur pour un outil de tri des fractures, et une cohorte locale pour l'auditer.

Imite la décision d'adoption d'un groupe hospitalier public français (inventé) doté de
trois services d'urgences\u202f: les sites A et B en France métropolitaine, le site C dans un
département d'outre-mer. Un éditeur propose un outil d'IA qui signale les fractures sur les
radiographies. Son dossier annonce une sensibilité, une spécificité et une AUC mesurées sur
son propre jeu de validation cas-témoins (moitié de fractures, adultes de 18 à 75 ans,
radiographie numérique seulement), présente le score comme une probabilité et envoie les
images vers son cloud. La cohorte rétrospective de radiographies consécutives de l'hôpital
contient le score et le signalement de l'outil, la référence et les groupes que des données
françaises peuvent licitement contenir\u202f: le sexe, la tranche d'âge, un quintile de
défavorisation (d'un indice territorial de la commune de résidence du patient, à la manière
de l'indice français FDep de Rey et al., BMC Public Health 2009, construit à partir de
variables du recensement), le territoire (métropole ou outre-mer), le site et l'appareil
d'acquisition. L'origine ethnique n'est pas enregistrée\u202f: l'article 9 du RGPD et la loi
Informatique et Libertés (loi n° 78-17) interdisent de traiter des données qui la révèlent,
sauf exceptions étroites.

L'outil lit un signal latent par radiographie (modèle binormal à variances égales). Une
fracture sur os ostéoporotique ne montre que ``osteoporotic_visibility`` du signal d'une
fracture évidente, et une radiographie de l'ancien appareil de radiographie numérisée du site
B (``CR-1``) seulement ``legacy_visibility`` de ce signal. L'ostéoporose est plus fréquente
avec l'âge et chez les femmes, et elle augmente le risque de fracture. Localement, l'outil
manque donc plus de fractures qu'annoncé, surtout chez les patients les plus âgés (plus
souvent des femmes) et sur ``CR-1``\u202f; le score, calibré sur un jeu à moitié composé de
fractures, surestime le risque à la prévalence locale.

Ajusté sur\u202f: aucun chiffre publié. Le point de fonctionnement de l'éditeur,
:data:`THRESHOLD`, est le score auquel une fracture évidente est signalée dans 95\u202f% des cas,
ce qui laisse environ 90\u202f% des os intacts non signalés (AUC d'environ 0,98)\u202f; sa
performance annoncée est ce que mesure à ce point une étude simulée de 1\u202f200 radiographies
de ce type, arrondi comme le ferait une brochure. Les parts des groupes, les taux
d'ostéoporose et les visibilités sont des choix pédagogiques, assez marqués pour qu'un audit
de quelques milliers de radiographies les voie. Les mécanismes sont ceux de la
littérature\u202f: un plan cas-témoins et un éventail de cas étroit surestiment la performance
(Lijmer et al., JAMA 1999)\u202f; un score calibré à une prévalence est mal calibré à une autre
(Van Calster et al., BMC Medicine 2019)\u202f; les différences d'acquisition entre sites
modifient la performance d'un modèle (Zech et al., PLOS Medicine 2018).

Diffère de la réalité\u202f: un score latent tient lieu d'image\u202f; la référence est
exacte\u202f; l'ostéoporose et l'appareil n'agissent que par la force du signal (les vraies
fractures ostéoporotiques diffèrent aussi par leur type et leur siège)\u202f; les tailles d'effet
sont inventées, non mesurées dans une analyse de sous-groupe publiée\u202f; le quintile de
défavorisation est tiré sans commune, et aussi pour les patients d'outre-mer, alors que FDep
a été construit pour la seule France métropolitaine (ici, un indice inventé couvre toutes
les communes, et les patients d'outre-mer sont tirés plus défavorisés, un choix
pédagogique)\u202f; le groupe hospitalier, l'éditeur, son produit et son dossier sont inventés.

Paramètres
----------
n_samples\u202f: int, 4\u202f000 par défaut
    Radiographies de la cohorte locale (une par passage de patient), au moins 200.
prevalence\u202f: float, 0,15 par défaut
    Part attendue des radiographies locales avec fracture, strictement comprise entre 0
    et 0,5.
osteoporotic_visibility\u202f: float, 0,45 par défaut
    Part du signal d'une fracture évidente que montre une fracture sur os ostéoporotique,
    strictement supérieure à 0 et au plus 1\u202f; 1 supprime l'effet.
legacy_visibility\u202f: float, 0,55 par défaut
    Part du signal que montre une radiographie de l'ancien appareil ``CR-1``, strictement
    supérieure à 0 et au plus 1\u202f; 1 supprime l'effet.
random_state\u202f: int, numpy.random.Generator ou None, None par défaut
    Graine ou générateur. L'étude de l'éditeur est tirée en premier\u202f: une graine donne la
    même performance annoncée quels que soient les réglages locaux.

Renvoie
-------
sklearn.utils.Bunch
    ``frame``\u202f: DataFrame de forme (n_samples, 11), les colonnes de
    :data:`AUDIT_COLUMNS`\u202f: ``exam_id`` (str), ``site`` ("A", "B", "C"), ``device`` (une
    clé de :data:`DEVICES`), ``territory`` ("metropolitan" ou "overseas"), ``sex`` ("F"
    ou "M"), ``age_band`` (l'une des :data:`AGE_BANDS`), ``deprivation_quintile`` (int,
    de 1, le moins défavorisé, à 5, le plus défavorisé), ``ai_score`` (float dans
    [0\u202f; 1], 4 décimales), ``ai_positive`` (1 si ``ai_score >= threshold``),
    ``fracture`` (référence, 0/1) et ``osteoporosis`` (0/1, la cause cachée\u202f; un audit
    ne l'aurait pas)\u202f;
    ``dossier``\u202f: DataFrame de forme (18, 3), colonnes :data:`DOSSIER_COLUMNS`, chaque
    valeur étant une chaîne\u202f; ``claim``\u202f: dict avec ``sensitivity``, ``specificity``,
    ``auc``, ``prevalence`` et ``n_radiographs`` annoncés par l'éditeur\u202f; ``threshold``\u202f:
    float, le point de fonctionnement de l'éditeur (:data:`THRESHOLD`)\u202f;
    ``target_name``\u202f: "fracture"\u202f; ``DESCR``\u202f: ce texte.

Exemples
--------
Le dossier indique la performance que l'étude de l'éditeur a mesurée\u202f:

>>> audit = make_fracture_audit(1_000, random_state=0)
>>> claimed = audit.dossier.set_index("item")["value"]
>>> float(claimed["sensitivity"]) == audit.claim["sensitivity"]
True"""

# make_fracture_triage_cohort (medai.datasets.data_to_decision)
_FRACTURE_TRIAGE_COHORT_EN = """\
Synthetic fracture-triage cohort
--------------------------------

Imitates an emergency department's radiographs, each read by an AI fracture detector that
outputs a score between 0 and 1, and each with a reference diagnosis (``fracture``: 1 if a
fracture is present, as a consensus of musculoskeletal radiologists would establish it).
The radiographs are split at random into a ``validation`` set, on which a decision
threshold is chosen, and a ``test`` set, on which its performance is reported.

**Columns.** ``radiograph_id`` (str), ``split`` ("validation" or "test"), ``ai_score``
(float in [0, 1], rounded to 4 decimals), ``fracture`` (int, 0 or 1).

Tuned to: a systematic review and meta-analysis of AI fracture detection (Kuo et al.,
Radiology 2022; 42 studies), in which the pooled sensitivity and specificity on external
validation sets were both 91 %. The score is drawn so that the same holds here: the latent
reading of a radiograph is normal with unit variance, shifted by ``separation`` (default
2.68) standard deviations when a fracture is present, so that at the threshold where
sensitivity equals specificity, both are Phi(separation / 2), about 91 % (AUC about 0.97).
By default the score is the posterior probability of a fracture given the reading, at the
cohort's prevalence: it is calibrated by construction.

**One detector, several populations.** By default each cohort's score is calibrated at that
cohort's own prevalence, so two cohorts of different prevalences get two different
detectors: the same reading gives a lower score where fractures are rarer. To apply the
*same* detector (the same mapping from reading to score) to another population, pass
``score_prevalence``, the prevalence at which the detector was calibrated (for example 0.2,
the emergency department where it was developed). Then at any threshold the sensitivity and
the specificity are the same in every cohort (up to sampling noise), while the PPV and the
NPV follow each cohort's prevalence, and the score is calibrated only where the prevalence
equals ``score_prevalence``.

Differs from reality: the prevalence (default 20 %) is a teaching choice, not a measured
figure: it varies widely between departments and body regions. Real scores are neither
normal nor calibrated; real fractures differ in how visible they are (subtle
fractures are missed far more often), and performance differs between body regions,
patients and hospitals. There is no image, no patient, no body region and no time here: only
one score and one diagnosis per radiograph, independent of every other radiograph.
"""
_FRACTURE_TRIAGE_COHORT_FR = """\
Cohorte synthétique de tri des fractures
----------------------------------------

Imite les radiographies d'un service d'urgences, chacune lue par un détecteur de fractures
fondé sur l'IA qui donne un score entre 0 et 1, et chacune avec un diagnostic de référence
(``fracture``\u202f: 1 si une fracture est présente, telle qu'un consensus de radiologues
spécialisés en ostéo-articulaire l'établirait). Les radiographies sont réparties au hasard
entre un jeu de ``validation``, sur lequel on choisit un seuil de décision, et un jeu de
``test``, sur lequel on rapporte la performance à ce seuil.

**Colonnes.** ``radiograph_id`` (str), ``split`` («\u202fvalidation\u202f» ou «\u202ftest\u202f»),
``ai_score`` (float dans [0\u202f; 1], arrondi à 4 décimales), ``fracture`` (int, 0 ou 1).

Ajusté sur\u202f: une revue systématique avec méta-analyse de la détection des fractures par
l'IA (Kuo et al., Radiology 2022\u202f; 42 études), où la sensibilité et la spécificité
poolées sur des jeux de validation externe étaient toutes deux de 91\u202f%. Le score est tiré
pour qu'il en soit de même ici\u202f: la lecture latente d'une radiographie suit une loi normale
de variance 1, décalée de ``separation`` écarts-types (2,68 par défaut) en présence d'une
fracture, si bien qu'au seuil où la sensibilité égale la spécificité, toutes deux valent
Phi(separation / 2), environ 91\u202f% (AUC d'environ 0,97). Par défaut, le score est la
probabilité a posteriori d'une fracture sachant la lecture, à la prévalence de la cohorte\u202f:
il est calibré par construction.

**Un détecteur, plusieurs populations.** Par défaut, le score de chaque cohorte est calibré
à la prévalence de cette cohorte\u202f: deux cohortes de prévalences différentes reçoivent donc
deux détecteurs différents, et la même lecture donne un score plus bas là où les fractures
sont plus rares. Pour appliquer le *même* détecteur (la même correspondance entre lecture et
score) à une autre population, passez ``score_prevalence``, la prévalence à laquelle le
détecteur a été calibré (par exemple 0,2, celle du service d'urgences où il a été
développé). Alors, à tout seuil, la sensibilité et la spécificité sont les mêmes dans chaque
cohorte (aux fluctuations d'échantillonnage près), tandis que la VPP et la VPN suivent la
prévalence de chaque cohorte, et le score n'est calibré que là où la prévalence égale
``score_prevalence``.

Diffère de la réalité\u202f: la prévalence (20\u202f% par défaut) est un choix pédagogique, pas un
chiffre mesuré\u202f: elle varie beaucoup d'un service et d'une région anatomique à l'autre.
Les vrais scores ne sont ni normaux ni calibrés\u202f; les vraies fractures sont plus ou moins
visibles (les fractures discrètes sont bien plus souvent manquées), et la performance varie
selon la région anatomique, le patient et l'hôpital. Il n'y a ici ni image, ni patient, ni
région anatomique, ni temps\u202f: seulement un score et un diagnostic par radiographie,
indépendants de toute autre radiographie.
"""

# make_french_care_programme_triage (medai.datasets.bias_fairness)
_FRENCH_CARE_PROGRAMME_TRIAGE_EN = """\
The care-programme triage of :func:`make_care_programme_triage`, with French groups.

Imitates what a French health record can hold: no ethnic origin (generally not recorded
in France), but sex, age, the commune's deprivation quintile (FDep, an ecological index
built for mainland France by Rey et al., BMC Public Health 2009) and the territory
(mainland France or an overseas department). As in the US case, a vendor's model ranks
patients by predicted cost for a programme with fixed places, and cost understates the
need of patients with less access to care; here those are deprived patients and
patients overseas. The model never sees any group.

Each patient is also individually deprived or not (20 % are), which the record does not
hold: it is returned apart, in ``unrecorded``, so that a notebook can show what an audit
by the area index misses.

Tuned to: three French figures.

- the FDep quintile tells individually deprived patients apart with an AUC of about
  0.70, as French ecological indices do (Bryere et al., BMC Public Health 2017);
- the mean count of chronic illnesses is about 1.7 times higher in FDep quintile 5 than
  in quintile 1 for women and 1.3 times for men: Sante publique France's prevalence
  ratios of treated diabetes in 2012, used as a stand-in for chronic need;
- chronic illnesses are twice as common overseas as in mainland France: the ratio for
  diabetes (Sante publique France, BEH 2023).

Differs from reality: the deprivation and territory effects on illness are ratios
reported for diabetes, applied to every chronic illness; the access factors (spending
per illness 0.4 for deprived and 0.5 for overseas patients, multiplied for deprived
patients overseas) are assumptions, not published figures, chosen wide enough for the
harm to be measured on a class-sized cohort; the illness scale (a mean of 1 chronic
illness for a non-deprived mainland patient, so that about 1 patient in 5 has a high
need, as in the US cohort) and the costs are not French figures; overseas patients are
over-represented (15 % by default, against 3.2 % of the French population in INSEE's
census of 1 January 2016) so that their rates can be measured, they have no FDep
quintile (the index was built for mainland France) and the same share of deprivation as
in mainland France, although poverty is more common overseas; sex has no effect on
access; ages, illnesses and costs follow :func:`make_cost_proxy_cohort`'s models.

Parameters
----------
n_samples : int, default=10_000
    Number of patients, at least 10.
overseas_fraction : float, default=0.15
    Share of patients living in an overseas department, strictly between 0 and 1.
capacity : float, default=0.15
    Share of the test patients the programme can enrol, strictly between 0 and 1.
test_size : float, default=0.5
    Share of patients in the test split, strictly between 0 and 1.
random_state : int, numpy.random.Generator or None, default=None
    Seed or generator, for reproducible cohorts.

Returns
-------
sklearn.utils.Bunch
    ``frame`` : DataFrame of shape (n_samples, 19) with columns ``patient_id``, ``sex``
    ("F" or "M"), ``age_band`` ("18-44", "45-64" or "65+"), ``fdep_quintile`` ("Q1",
    least deprived, to "Q5", most deprived; missing overseas), ``territory``
    ("metropolitan" or "overseas"), ``split``, the features in ``feature_names``,
    ``chronic_conditions``, ``cost``, ``high_need`` (the clinical target),
    ``high_cost`` (the proxy label), ``risk_score`` and ``flagged``, as in
    :func:`make_care_programme_triage`;
    ``unrecorded`` : DataFrame of shape (n_samples, 1), same index, column
    ``individually_deprived`` (0 or 1), which the record does not hold;
    ``audit_groups`` : :data:`FRENCH_AUDIT_GROUPS`; ``model``, ``threshold``,
    ``capacity``, ``feature_names``, ``target_name`` ("high_need"), ``proxy_name``
    ("high_cost"); ``DESCR`` : this text."""
_FRENCH_CARE_PROGRAMME_TRIAGE_FR = """\
Le tri pour un programme de soins de :func:`make_care_programme_triage`, avec des groupes français.

Imite ce que peut contenir un dossier de santé français\u202f: pas d'origine ethnique
(généralement non enregistrée en France), mais le sexe, l'âge, le quintile de défavorisation
de la commune (FDep, un indice écologique construit pour la France métropolitaine par Rey et
al., BMC Public Health 2009) et le territoire (France métropolitaine ou département
d'outre-mer). Comme dans le cas américain, le modèle d'un éditeur classe les patients selon
leur coût prédit pour un programme au nombre de places fixe, et le coût sous-estime le
besoin des patients qui ont moins accès aux soins\u202f; ici, ce sont les patients défavorisés et
les patients d'outre-mer. Le modèle ne voit aucun groupe.

Chaque patient est aussi défavorisé ou non à titre individuel (20\u202f% le sont), ce que le
dossier ne contient pas\u202f: cette information est renvoyée à part, dans ``unrecorded``, pour
qu'un notebook puisse montrer ce que manque un audit fondé sur l'indice territorial.

Ajusté sur\u202f: trois chiffres français.

- le quintile FDep distingue les patients défavorisés à titre individuel avec une AUC
  d'environ 0,70, comme le font les indices écologiques français (Bryère et al., BMC
  Public Health 2017)\u202f;
- le nombre moyen de maladies chroniques est environ 1,7 fois plus élevé dans le quintile
  FDep 5 que dans le quintile 1 chez les femmes, et 1,3 fois chez les hommes\u202f: les rapports
  de prévalence du diabète traité en 2012 publiés par Santé publique France, utilisés comme
  substitut du besoin lié aux maladies chroniques\u202f;
- les maladies chroniques sont deux fois plus fréquentes outre-mer qu'en France
  métropolitaine\u202f: le rapport observé pour le diabète (Santé publique France, BEH 2023).

Diffère de la réalité\u202f: les effets de la défavorisation et du territoire sur la maladie sont
des rapports publiés pour le diabète, appliqués à toute maladie chronique\u202f; les facteurs
d'accès (dépense par maladie de 0,4 pour les patients défavorisés et de 0,5 pour ceux
d'outre-mer, multipliés pour les patients défavorisés d'outre-mer) sont des hypothèses, pas
des chiffres publiés, choisies assez fortes pour que le préjudice puisse être mesuré sur une
cohorte de la taille d'une promotion\u202f; l'échelle de morbidité (en moyenne 1 maladie
chronique pour un patient métropolitain non défavorisé, pour qu'environ 1 patient sur 5 ait
un besoin élevé, comme dans la cohorte américaine) et les coûts ne sont pas des chiffres
français\u202f; les patients d'outre-mer sont surreprésentés (15\u202f% par défaut, contre
3,2\u202f% de la population française au recensement de l'Insee du 1er janvier 2016) pour que leurs
taux puissent être mesurés, ils n'ont pas de quintile FDep (l'indice a été construit pour la
France métropolitaine) et ont la même part de défavorisation qu'en France métropolitaine,
bien que la pauvreté soit plus fréquente outre-mer\u202f; le sexe n'a aucun effet sur l'accès\u202f;
les âges, les maladies et les coûts suivent les modèles de :func:`make_cost_proxy_cohort`.

Paramètres
----------
n_samples\u202f: int, 10\u202f000 par défaut
    Nombre de patients, au moins 10.
overseas_fraction\u202f: float, 0,15 par défaut
    Part des patients vivant dans un département d'outre-mer, strictement comprise entre
    0 et 1.
capacity\u202f: float, 0,15 par défaut
    Part des patients de test que le programme peut inclure, strictement comprise entre
    0 et 1.
test_size\u202f: float, 0,5 par défaut
    Part des patients dans la partie de test, strictement comprise entre 0 et 1.
random_state\u202f: int, numpy.random.Generator ou None, None par défaut
    Graine ou générateur, pour des cohortes reproductibles.

Renvoie
-------
sklearn.utils.Bunch
    ``frame``\u202f: DataFrame de forme (n_samples, 19) de colonnes ``patient_id``, ``sex``
    ("F" ou "M"), ``age_band`` ("18-44", "45-64" ou "65+"), ``fdep_quintile`` ("Q1", le
    moins défavorisé, à "Q5", le plus défavorisé\u202f; manquant outre-mer), ``territory``
    ("metropolitan" ou "overseas"), ``split``, les variables de ``feature_names``,
    ``chronic_conditions``, ``cost``, ``high_need`` (la cible clinique), ``high_cost``
    (l'étiquette de substitution), ``risk_score`` et ``flagged``, comme dans
    :func:`make_care_programme_triage`\u202f;
    ``unrecorded``\u202f: DataFrame de forme (n_samples, 1), même index, colonne
    ``individually_deprived`` (0 ou 1), que le dossier ne contient pas\u202f;
    ``audit_groups``\u202f: :data:`FRENCH_AUDIT_GROUPS`\u202f; ``model``, ``threshold``,
    ``capacity``, ``feature_names``, ``target_name`` ("high_need"), ``proxy_name``
    ("high_cost")\u202f; ``DESCR``\u202f: ce texte."""

# make_hospital_radiographs (medai.datasets.where_models_fail)
_HOSPITAL_RADIOGRAPHS_EN = """\
Tiny synthetic chest "radiographs" from two hospitals, with a shortcut at one of them.

Imitates the shortcut learning found by Zech et al. (PLOS Medicine 2018): pneumonia
models trained on chest radiographs from several hospitals also learned to recognise
the hospital system and the department, whose disease rates differed, so that they
performed worse on radiographs from other hospitals. Here, at hospital A a bright
square marker in the top-left corner (think of the portable scanner used for the
sicker patients) goes with the disease; at hospital B the marker is on half of the
images whatever the disease. A model that learns the marker scores well at hospital A
and fails at hospital B. Each patient has several images that share the patient's
anatomy, so that a split of the images, rather than of the patients, leaks.

Tuned to: no published figure; the sizes, contrasts and rates are chosen so that the
lessons show on a laptop in a second (a logistic regression on the pixels). The
disease is more common at hospital A (50 % of patients) than at B (30 %), echoing the
very different pneumonia rates of the hospitals in Zech et al., and B's scanner
renders slightly brighter images.

Differs from reality: this is a caricature, not an X-ray. Real radiographs have
hundreds of thousands of pixels, real anatomy, projections, devices, text and
many diseases; real opacities vary in shape, size and place; real shortcuts are
subtler (scanner noise, laterality markers, cropping, the patient's position) and
cannot be switched off by a parameter. Every patient here has the same number of
images, and the label is the truth, whereas real labels come from reports.

A second, *spread* shortcut can be switched on with ``exposure_shortcut``: at hospital
A, every image of a diseased patient is made brighter as a whole (think of an exposure
setting or a post-processing used for the sicker patients). It has no place in the
image, so a map of where the model looks does not point at it.

Parameters
----------
n_samples : int, default=250
    Patients, the sampled unit, over both hospitals (20 to 1,000,000). Each has
    ``images_per_patient`` images: the frame has ``n_samples * images_per_patient``
    rows.
images_per_patient : int, default=4
    Images per patient, from 1 to 20 (all with the patient's label, as in a follow-up
    series).
image_size : int, default=16
    Side of the square images, in pixels, from 12 to 64.
shortcut_strength : float, default=0.9
    How closely the marker follows the disease at hospital A, from 0 (independent,
    on half of the images) to 1 (on every image of a diseased patient and none of the
    others). The marker's probability is ``0.5 + 0.5 * shortcut_strength`` with the
    disease and ``0.5 - 0.5 * shortcut_strength`` without it. Everything else, pixel
    for pixel, is the same whatever the strength, for a given ``random_state``.
external_share : float, default=0.4
    Share of the patients who come from hospital B, strictly between 0 and 1.
opacity : float, default=0.2
    Brightness of the disease's opacity (0-1 grey scale) at its centre, from 0 to 1.
exposure_shortcut : float, default=0.0
    Grey level (0-1 scale, at most 0.5) added to every pixel of the images of diseased
    patients at hospital A only: a shortcut spread over the whole image. 0 (the default)
    leaves every image unchanged; for a given ``random_state``, nothing else changes with it.
random_state : int, numpy.random.Generator or None, default=None
    Seed or generator, for reproducible images.

Returns
-------
sklearn.utils.Bunch
    ``frame`` : DataFrame of shape (n_samples * images_per_patient, 5 + image_size**2)
    with columns ``image_id``, ``patient_id``, ``hospital`` ("A" or "B"), ``disease``
    (0 or 1, the same for all images of a patient), ``marker`` (1 if the marker is
    drawn) and the pixels ``px_<row>_<column>`` (integers 0-255, row by row);
    ``images`` : uint8 array of shape (n_images, image_size, image_size);
    ``feature_names`` : the pixel columns; ``marker_pixels`` : the columns the marker
    covers; ``target_name`` : "disease"; ``group_name`` : "patient_id", the groups of a
    patient-level split; ``unit_name`` : "patient_id", the column of the sampled unit
    (a patient has ``images_per_patient`` rows); ``DESCR`` : this text."""
_HOSPITAL_RADIOGRAPHS_FR = """\
Minuscules «\u202fradiographies\u202f» thoraciques synthétiques de deux hôpitaux, avec un raccourci
dans l'un d'eux.

Imite l'apprentissage par raccourci décrit par Zech et al. (PLOS Medicine 2018)\u202f: des
modèles de détection de la pneumonie entraînés sur des radiographies thoraciques de
plusieurs hôpitaux avaient aussi appris à reconnaître l'établissement et le service, dont
les taux de maladie différaient, si bien qu'ils étaient moins performants sur les
radiographies d'autres hôpitaux. Ici, à l'hôpital A, un marqueur carré brillant dans le coin
supérieur gauche (pensez à l'appareil portable utilisé pour les patients les plus graves)
va avec la maladie\u202f; à l'hôpital B, le marqueur figure sur la moitié des images, quelle que
soit la maladie. Un modèle qui apprend le marqueur obtient de bons scores à l'hôpital A et
échoue à l'hôpital B. Chaque patient a plusieurs images qui partagent son anatomie\u202f: une
répartition des images, plutôt que des patients, entraîne une fuite de données.

Ajusté sur\u202f: aucun chiffre publié\u202f; les tailles, contrastes et taux sont choisis pour que
les leçons apparaissent sur un ordinateur portable en une seconde (une régression
logistique sur les pixels). La maladie est plus fréquente à l'hôpital A (50\u202f% des patients)
qu'à l'hôpital B (30\u202f%), en écho aux taux de pneumonie très différents des hôpitaux de
Zech et al., et l'appareil de B produit des images un peu plus claires.

Diffère de la réalité\u202f: c'est une caricature, pas une radiographie. Les vraies
radiographies ont des centaines de milliers de pixels, une vraie anatomie, des incidences,
des dispositifs, du texte et de nombreuses maladies\u202f; les vraies opacités varient en forme,
en taille et en localisation\u202f; les vrais raccourcis sont plus subtils (bruit de l'appareil,
marqueurs de latéralité, recadrage, position du patient) et ne se désactivent pas par un
paramètre. Chaque patient a ici le même nombre d'images, et l'étiquette est la vérité,
alors que les vraies étiquettes viennent des comptes rendus.

Un second raccourci, *diffus*, s'active avec ``exposure_shortcut``\u202f: à l'hôpital A, chaque
image d'un patient malade est rendue plus claire dans son ensemble (pensez à un réglage
d'exposition ou à un post-traitement utilisé pour les patients les plus graves). Il n'a pas
de place dans l'image\u202f: une carte de l'endroit où le modèle regarde ne le désigne donc pas.

Paramètres
----------
n_samples\u202f: int, 250 par défaut
    Patients, l'unité tirée, sur les deux hôpitaux (de 20 à 1\u202f000\u202f000). Chacun a
    ``images_per_patient`` images\u202f: le tableau a ``n_samples * images_per_patient``
    lignes.
images_per_patient\u202f: int, 4 par défaut
    Images par patient, de 1 à 20 (toutes avec l'étiquette du patient, comme dans une
    série de suivi).
image_size\u202f: int, 16 par défaut
    Côté des images carrées, en pixels, de 12 à 64.
shortcut_strength\u202f: float, 0,9 par défaut
    À quel point le marqueur suit la maladie à l'hôpital A, de 0 (indépendant, sur la
    moitié des images) à 1 (sur chaque image d'un patient malade et sur aucune autre). La
    probabilité du marqueur est ``0.5 + 0.5 * shortcut_strength`` avec la maladie et
    ``0.5 - 0.5 * shortcut_strength`` sans elle. Tout le reste, pixel pour pixel, est
    identique quelle que soit la force, pour un ``random_state`` donné.
external_share\u202f: float, 0,4 par défaut
    Part des patients qui viennent de l'hôpital B, strictement comprise entre 0 et 1.
opacity\u202f: float, 0,2 par défaut
    Luminosité de l'opacité de la maladie (échelle de gris 0-1) en son centre, de 0 à 1.
exposure_shortcut\u202f: float, 0,0 par défaut
    Niveau de gris (échelle 0-1, au plus 0,5) ajouté à chaque pixel des images des
    patients malades de l'hôpital A seulement\u202f: un raccourci diffus sur toute l'image. 0
    (la valeur par défaut) laisse chaque image inchangée\u202f; pour un ``random_state`` donné,
    rien d'autre ne change avec lui.
random_state\u202f: int, numpy.random.Generator ou None, None par défaut
    Graine ou générateur, pour des images reproductibles.

Renvoie
-------
sklearn.utils.Bunch
    ``frame``\u202f: DataFrame de forme (n_samples * images_per_patient, 5 + image_size**2)
    de colonnes ``image_id``, ``patient_id``, ``hospital`` ("A" ou "B"), ``disease``
    (0 ou 1, la même pour toutes les images d'un patient), ``marker`` (1 si le marqueur
    est dessiné) et les pixels ``px_<row>_<column>`` (entiers 0-255, ligne par ligne)\u202f;
    ``images``\u202f: tableau uint8 de forme (n_images, image_size, image_size)\u202f;
    ``feature_names``\u202f: les colonnes des pixels\u202f; ``marker_pixels``\u202f: les colonnes
    que couvre le marqueur\u202f; ``target_name``\u202f: "disease"\u202f; ``group_name``\u202f:
    "patient_id", les groupes d'une répartition par patient\u202f; ``unit_name``\u202f:
    "patient_id", la colonne de l'unité tirée (un patient a ``images_per_patient`` lignes)\u202f;
    ``DESCR``\u202f: ce texte."""

# make_patient_register (medai.datasets.protecting_health_data)
_PATIENT_REGISTER_EN = """\
A pseudonymised hospital register with quasi-identifiers and a diagnosis.

Imitates the kind of table a hospital shares "without names": each patient's name has
been replaced by a random code (a pseudonym), but the postcode, sex and full date of
birth are kept. Sweeney (2000) showed that these three attributes are unique for most
of the US population, so such a table can be linked to any public list that holds them
(in her case, a voter list) and the diagnoses put back on names.

Tuned to: nothing clinical. The quasi-identifiers are the three of Sweeney's study; the
patients are older than the population, and diabetes and heart failure become commoner
with age, so that an age-by-sex analysis has something to find.

Differs from reality: one diagnosis per patient from six; a fictitious district of twelve
postcodes ("99xx0") and 20- to 88-year-olds; no correlation between postcode and health;
names drawn at random from short lists (two patients may share a name).

Parameters
----------
n_samples : int, default=1_500
    Number of patients, at least 10.
random_state : int, numpy.random.Generator or None, default=None
    Seed or generator, for reproducible registers.

Returns
-------
sklearn.utils.Bunch
    ``frame`` : DataFrame of shape (n_samples, 6) with columns ``pseudonym`` (str),
    ``postcode`` (str, 5 digits), ``sex`` ("F" or "M"), ``birth_date`` (str,
    YYYY-MM-DD), ``age`` (int, on 2025-01-01), ``diagnosis`` (str, one of
    :data:`DIAGNOSES`);
    ``identities`` : DataFrame of shape (n_samples, 2), ``pseudonym`` and ``name``: the
    key the hospital keeps apart (it is what makes the data *pseudonymised*);
    ``quasi_identifiers`` : :data:`QUASI_IDENTIFIERS`; ``target_name`` : "diagnosis";
    ``DESCR`` : this text."""
_PATIENT_REGISTER_FR = """\
Un registre hospitalier pseudonymisé, avec des quasi-identifiants et un diagnostic.

Imite le genre de tableau qu'un hôpital partage «\u202fsans les noms\u202f»\u202f: le nom de chaque
patient a été remplacé par un code aléatoire (un pseudonyme), mais le code postal, le sexe et la
date de naissance complète sont conservés. Sweeney (2000) a montré que ces trois attributs
sont uniques pour la plus grande partie de la population des États-Unis\u202f: un tel tableau
peut donc être relié à toute liste publique qui les contient (dans son cas, une liste
électorale) et les diagnostics remis sur des noms.

Ajusté sur\u202f: rien de clinique. Les quasi-identifiants sont les trois de l'étude de
Sweeney\u202f; les patients sont plus âgés que la population, et le diabète et l'insuffisance
cardiaque deviennent plus fréquents avec l'âge, pour qu'une analyse par âge et par sexe ait
quelque chose à trouver.

Diffère de la réalité\u202f: un diagnostic par patient parmi six\u202f; un territoire fictif de
douze codes postaux («\u202f99xx0\u202f») et des personnes de 20 à 88 ans\u202f; aucune corrélation
entre code postal et santé\u202f; des noms tirés au hasard dans des listes courtes (deux patients
peuvent porter le même nom).

Paramètres
----------
n_samples\u202f: int, 1\u202f500 par défaut
    Nombre de patients, au moins 10.
random_state\u202f: int, numpy.random.Generator ou None, None par défaut
    Graine ou générateur, pour des registres reproductibles.

Renvoie
-------
sklearn.utils.Bunch
    ``frame``\u202f: DataFrame de forme (n_samples, 6) de colonnes ``pseudonym`` (str),
    ``postcode`` (str, 5 chiffres), ``sex`` ("F" ou "M"), ``birth_date`` (str,
    AAAA-MM-JJ), ``age`` (int, au 2025-01-01), ``diagnosis`` (str, l'un des
    :data:`DIAGNOSES`)\u202f;
    ``identities``\u202f: DataFrame de forme (n_samples, 2), ``pseudonym`` et ``name``\u202f: la
    clé que l'hôpital conserve à part (c'est ce qui rend les données *pseudonymisées*)\u202f;
    ``quasi_identifiers``\u202f: :data:`QUASI_IDENTIFIERS`\u202f; ``target_name``\u202f:
    "diagnosis"\u202f; ``DESCR``\u202f: ce texte."""

# make_pulse_oximetry_cohort (medai.datasets.bias_fairness)
_PULSE_OXIMETRY_COHORT_EN = """\
Paired pulse-oximetry and arterial-blood-gas readings with a measurement bias.

Imitates the paired readings analysed by Sjoding et al. (NEJM 2020): the pulse oximeter
(SpO2) overestimates arterial saturation (SaO2) more in Black than in White patients,
so a normal-looking SpO2 hides hypoxaemia more often in Black patients.

Tuned to: among readings with SpO2 between 92 and 96 %, SaO2 < 88 % (occult
hypoxaemia) in 11.7 % of Black and 3.6 % of White patients' readings (University of
Michigan cohort); the default share of Black patients, 17 %, is that cohort's.

Differs from reality: one reading per simulated patient, an additive Gaussian error of
constant spread, and no dependence on perfusion, device or true saturation level. To
reach the published rates with so simple a model, the offset between groups (about
2.9 points) is larger than the mean bias difference reported in most studies; treat
the rates, not the offset, as the imitated figures.

Parameters
----------
n_samples : int, default=10_000
    Number of readings (one per patient), at least 10.
black_fraction : float, default=0.17
    Share of readings from Black patients, strictly between 0 and 1.
random_state : int, numpy.random.Generator or None, default=None
    Seed or generator, for reproducible cohorts.

Returns
-------
sklearn.utils.Bunch
    ``frame`` : DataFrame of shape (n_samples, 5) with columns ``group`` ("Black" or
    "White"), ``sao2`` (arterial saturation, %, the reference), ``spo2`` (pulse
    oximeter, %, integer), ``hypoxaemia`` (1 if SaO2 < 88 %), ``occult_hypoxaemia``
    (1 if SaO2 < 88 % while SpO2 >= 92 %);
    ``target_name`` : "hypoxaemia"; ``group_name`` : "group"; ``DESCR`` : this text."""
_PULSE_OXIMETRY_COHORT_FR = """\
Mesures appariées d'oxymétrie de pouls et de gaz du sang artériel, avec un biais de mesure.

Imite les mesures appariées analysées par Sjoding et al. (NEJM 2020)\u202f: l'oxymètre de pouls
(SpO2) surestime la saturation artérielle (SaO2) davantage chez les patients noirs que chez
les patients blancs, si bien qu'une SpO2 d'apparence normale cache plus souvent une
hypoxémie chez les patients noirs.

Ajusté sur\u202f: parmi les mesures avec une SpO2 entre 92 et 96\u202f%, une SaO2 < 88\u202f%
(hypoxémie occulte) dans 11,7\u202f% des mesures des patients noirs et 3,6\u202f% de celles des
patients blancs (cohorte de l'université du Michigan)\u202f; la part de patients noirs par défaut,
17\u202f%, est celle de cette cohorte.

Diffère de la réalité\u202f: une mesure par patient simulé, une erreur gaussienne additive de
dispersion constante, et aucune dépendance à la perfusion, à l'appareil ou au niveau réel de
saturation. Pour atteindre les taux publiés avec un modèle aussi simple, l'écart entre
groupes (environ 2,9 points) est plus grand que la différence de biais moyen rapportée par
la plupart des études\u202f: ce sont les taux, et non l'écart, qu'il faut tenir pour les
chiffres imités.

Paramètres
----------
n_samples\u202f: int, 10\u202f000 par défaut
    Nombre de mesures (une par patient), au moins 10.
black_fraction\u202f: float, 0,17 par défaut
    Part des mesures provenant de patients noirs, strictement comprise entre 0 et 1.
random_state\u202f: int, numpy.random.Generator ou None, None par défaut
    Graine ou générateur, pour des cohortes reproductibles.

Renvoie
-------
sklearn.utils.Bunch
    ``frame``\u202f: DataFrame de forme (n_samples, 5) de colonnes ``group`` ("Black" ou
    "White"), ``sao2`` (saturation artérielle, en %, la référence), ``spo2`` (oxymètre
    de pouls, en %, entier), ``hypoxaemia`` (1 si SaO2 < 88\u202f%), ``occult_hypoxaemia``
    (1 si SaO2 < 88\u202f% alors que SpO2 >= 92\u202f%)\u202f;
    ``target_name``\u202f: "hypoxaemia"\u202f; ``group_name``\u202f: "group"\u202f;
    ``DESCR``\u202f: ce texte."""

# make_reader_study (medai.datasets.clinician_in_charge)
_READER_STUDY_EN = """\
Readers of three levels of experience, each reading every case with an AI suggestion.

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
(1080, 5)"""
_READER_STUDY_FR = """\
Des lecteurs de trois niveaux d'expérience, chacun lisant chaque cas avec une suggestion de l'IA.

Imite le protocole de Dratsch et al. (Radiology 2023), une étude de lecteurs sur le biais
d'automatisation\u202f: 27 radiologues attribuaient une catégorie BI-RADS à des mammographies
accompagnées d'une catégorie prétendument suggérée par un système d'IA, délibérément
erronée sur 12 des 40 mammographies du jeu de test (d'où la valeur par défaut de
``wrong_fraction``, 0,3). Chaque lecteur lit chaque cas\u202f; les cas à suggestion erronée sont
les mêmes pour tous les lecteurs.

Ajusté sur\u202f: les exactitudes publiées de l'étude (:data:`PUBLISHED_ACCURACY`), la part de
réponses justes quand la suggestion était exacte et quand elle était erronée, pour les
lecteurs peu expérimentés (79,7\u202f% et 19,8\u202f%), moyennement expérimentés (81,3\u202f% et
24,8\u202f%) et très expérimentés (82,3\u202f% et 45,5\u202f%). Chaque lecteur suit la suggestion
avec une certaine probabilité (la «\u202fconfiance\u202f») ou bien lit seul avec une certaine
exactitude\u202f; ces deux paramètres sont résolus par niveau à partir de la paire publiée
(:func:`level_parameters`), puis varient d'un lecteur à l'autre sur l'échelle logit
(``reader_spread``). Sur de nombreux lecteurs, les exactitudes de chaque niveau retrouvent
les valeurs publiées (à un ou deux points près, du fait de la dispersion).

Diffère de la réalité\u202f: les cas sont interchangeables (aucun n'est plus difficile qu'un
autre), la réponse est seulement juste ou fausse (une catégorie BI-RADS peut être plus ou
moins fausse), et les lecteurs sont répartis à parts égales entre les niveaux, ce que
l'étude n'a pas fait. L'«\u202fexactitude seul\u202f» de chaque niveau découle du modèle simple
suivre-ou-lire\u202f; l'étude ne comportait pas de lecture sans IA\u202f: ce n'est donc pas un
chiffre mesuré. Les chiffres publiés viennent de la mammographie\u202f; le cours les utilise
aussi pour des radiographies de fracture, ce qui est une hypothèse.

Paramètres
----------
n_samples\u202f: int, 27 par défaut
    Lecteurs, l'unité tirée (au moins 3), répartis à parts égales entre les niveaux à tour
    de rôle (lecteur 1 peu expérimenté, 2 moyennement expérimenté, 3 très expérimenté, 4
    peu expérimenté...). Chacun lit chaque cas\u202f: le tableau a ``n_samples * n_cases``
    lignes.
n_cases\u202f: int, 40 par défaut
    Cas lus par chaque lecteur, au moins 2.
wrong_fraction\u202f: float, 0,3 par défaut
    Part des cas avec une suggestion de l'IA erronée, strictement comprise entre 0 et 1
    (arrondie à un nombre entier de cas, avec au moins un cas juste et un cas erroné).
reader_spread\u202f: float, 0,3 par défaut
    Écart-type, sur l'échelle logit, de la confiance et de l'exactitude seul de chaque
    lecteur autour de celles de son niveau, au moins 0. Avec 0, tous les lecteurs d'un
    niveau se ressemblent.
random_state\u202f: int, numpy.random.Generator ou None, None par défaut
    Graine de l'unique générateur aléatoire utilisé pour tous les tirages.

Renvoie
-------
sklearn.utils.Bunch
    ``frame``\u202f: DataFrame de forme (n_samples * n_cases, 5), une ligne par lecture, avec
    ``reader_id`` (str, "R01"...), ``experience`` (l'un des :data:`EXPERIENCE_LEVELS`),
    ``case_id`` (str, "C01"...), ``ai_correct`` (int, 1 si la suggestion de l'IA était
    juste) et ``reader_correct`` (int, 1 si la réponse du lecteur était juste)\u202f;
    ``readers``\u202f: DataFrame, une ligne par lecteur avec son ``experience``, son ``trust``
    et son ``accuracy_alone``\u202f; ``published``\u202f: :data:`PUBLISHED_ACCURACY`\u202f;
    ``target_name``\u202f: "reader_correct"\u202f; ``unit_name``\u202f: "reader_id", la colonne de
    l'unité tirée (un lecteur a ``n_cases`` lignes)\u202f; ``DESCR``\u202f: ce texte.

Exemples
--------
Les 27 lecteurs de l'étude lisent chacun ses 40 cas\u202f:

>>> study = make_reader_study(27, random_state=0)
>>> study.frame.shape
(1080, 5)"""

# make_screening_audit (medai.datasets.judging_evidence)
_SCREENING_AUDIT_EN = """\
A vendor's claim for an AI screening tool, and a local cohort to audit it on.

Imitates the gap between a vendor's validation and local use in opportunistic screening
with radiology AI: a tool that looks for vertebral fractures on CT scans done for other
reasons. The vendor develops and tests its model on an *enriched* set (30 % fractures by
default) of *clear-cut* fractures, and publishes the sensitivity, specificity and AUC
measured there. The hospital's cohort has a lower prevalence (4 % by default) and a
wider spectrum: a share of its fractures are subtle. Its reference standard (the
``fracture`` column) is taken as exact.

Tuned to: nothing published. The vendor's operating point is the threshold that finds
94 % of its own test fractures; its claim (sensitivity, specificity, AUC) is whatever the
simulated development study measures, rounded as a brochure would round it. The
mechanisms are the published ones: a case-control design and a narrow spectrum
overestimate accuracy (spectrum bias; Lijmer et al., JAMA 1999), and a model fitted
where the condition is common over-predicts risk where it is rare, so it needs local
recalibration (Van Calster et al., BMC Medicine 2019).

Differs from reality: three invented image measurements stand for the image; the model
is a logistic regression; the fracture is the only finding; there is no reader, no
missing image and no change over time. The numbers are illustrative only.

Parameters
----------
n_samples : int, default=2_500
    Patients in the local cohort, at least 100.
prevalence : float, default=0.04
    Share of local patients with a fracture, strictly between 0 and 1.
subtle_fraction : float, default=0.4
    Share of local fractures that are subtle (show 40 % of the clear-cut signal), from 0
    to 1.
development_prevalence : float, default=0.3
    Share of fractures in the vendor's development study, strictly between 0 and 1.
vendor_random_state : int, numpy.random.Generator or None, default=None
    Seed or generator of the vendor's development study alone. None draws it from
    ``random_state``. :data:`VENDOR_SEED` gives the course's vendor and its claim,
    :data:`VENDOR_CLAIM`, with a local cohort drawn from ``random_state``: one vendor,
    several hospitals.
random_state : int, numpy.random.Generator or None, default=None
    Seed or generator, for reproducible cohorts. Without ``vendor_random_state``, the
    vendor's development study is drawn first, so the same seed gives the same model
    and claim at any local setting.

Returns
-------
sklearn.utils.Bunch
    ``frame`` : DataFrame of shape (n_samples, 8) with columns ``patient_id``, the three
    measurements of :data:`SCREENING_FEATURES`, ``ai_score`` (the vendor's risk score,
    0-1, 4 decimals), ``ai_positive`` (1 if ``ai_score >= threshold``), ``fracture``
    (reference standard, 0/1) and ``subtle`` (1 for a subtle fracture);
    ``claim`` : dict with the vendor's ``sensitivity``, ``specificity``, ``auc``,
    ``prevalence`` and ``n_patients``; ``threshold`` : float, the vendor's operating
    point; ``model`` : the vendor's fitted scikit-learn pipeline (``predict_proba`` on
    ``frame[feature_names]`` gives ``ai_score`` before rounding); ``feature_names``;
    ``target_name`` : "fracture"; ``DESCR`` : this text.

Examples
--------
The course's vendor, whatever the hospital:

>>> audit = make_screening_audit(500, vendor_random_state=VENDOR_SEED, random_state=1)
>>> audit.claim == dict(VENDOR_CLAIM)
True"""
_SCREENING_AUDIT_FR = """\
La performance annoncée par un éditeur pour un outil de dépistage par IA, et une cohorte locale
pour l'auditer.

Imite l'écart entre la validation d'un éditeur et l'usage local dans le dépistage
opportuniste par IA en radiologie\u202f: un outil qui recherche les fractures vertébrales sur des
scanners réalisés pour d'autres raisons. L'éditeur développe et teste son modèle sur un jeu
*enrichi* (30\u202f% de fractures par défaut) de fractures *évidentes*, et publie la sensibilité,
la spécificité et l'AUC mesurées sur ce jeu. La cohorte de l'hôpital a une prévalence plus
faible (4\u202f% par défaut) et un éventail de cas plus large\u202f: une partie de ses fractures
sont discrètes. Sa référence (la colonne ``fracture``) est tenue pour exacte.

Ajusté sur\u202f: aucun chiffre publié. Le point de fonctionnement de l'éditeur est le seuil qui
trouve 94\u202f% de ses propres fractures de test\u202f; sa performance annoncée (sensibilité,
spécificité, AUC) est ce que mesure l'étude de développement simulée, arrondi comme le
ferait une brochure. Les mécanismes sont ceux de la littérature\u202f: un plan cas-témoins et un
éventail de cas étroit surestiment la performance (biais de spectre\u202f; Lijmer et al., JAMA
1999), et un modèle ajusté là où la maladie est fréquente surestime le risque là où elle est
rare, d'où la nécessité d'une recalibration locale (Van Calster et al., BMC Medicine 2019).

Diffère de la réalité\u202f: trois mesures d'image inventées tiennent lieu d'image\u202f; le modèle
est une régression logistique\u202f; la fracture est la seule anomalie\u202f; il n'y a ni lecteur,
ni image manquante, ni évolution dans le temps. Les chiffres sont purement illustratifs.

Paramètres
----------
n_samples\u202f: int, 2\u202f500 par défaut
    Patients de la cohorte locale, au moins 100.
prevalence\u202f: float, 0,04 par défaut
    Part des patients locaux ayant une fracture, strictement comprise entre 0 et 1.
subtle_fraction\u202f: float, 0,4 par défaut
    Part des fractures locales qui sont discrètes (elles montrent 40\u202f% du signal d'une
    fracture évidente), de 0 à 1.
development_prevalence\u202f: float, 0,3 par défaut
    Part des fractures dans l'étude de développement de l'éditeur, strictement comprise
    entre 0 et 1.
vendor_random_state\u202f: int, numpy.random.Generator ou None, None par défaut
    Graine ou générateur de la seule étude de développement de l'éditeur. None la tire de
    ``random_state``. :data:`VENDOR_SEED` donne l'éditeur du cours et sa performance
    annoncée, :data:`VENDOR_CLAIM`, avec une cohorte locale tirée de ``random_state``\u202f: un
    éditeur, plusieurs hôpitaux.
random_state\u202f: int, numpy.random.Generator ou None, None par défaut
    Graine ou générateur, pour des cohortes reproductibles. Sans ``vendor_random_state``,
    l'étude de développement de l'éditeur est tirée en premier\u202f: la même graine donne le
    même modèle et la même performance annoncée quels que soient les réglages locaux.

Renvoie
-------
sklearn.utils.Bunch
    ``frame``\u202f: DataFrame de forme (n_samples, 8), de colonnes ``patient_id``, les trois
    mesures de :data:`SCREENING_FEATURES`, ``ai_score`` (le score de risque de l'éditeur,
    0-1, 4 décimales), ``ai_positive`` (1 si ``ai_score >= threshold``), ``fracture``
    (référence, 0/1) et ``subtle`` (1 pour une fracture discrète)\u202f;
    ``claim``\u202f: dict avec ``sensitivity``, ``specificity``, ``auc``, ``prevalence`` et
    ``n_patients`` annoncés par l'éditeur\u202f; ``threshold``\u202f: float, le point de
    fonctionnement de l'éditeur\u202f; ``model``\u202f: le pipeline scikit-learn ajusté de l'éditeur
    (``predict_proba`` sur ``frame[feature_names]`` donne ``ai_score`` avant arrondi)\u202f;
    ``feature_names``\u202f; ``target_name``\u202f: "fracture"\u202f; ``DESCR``\u202f: ce texte.

Exemples
--------
L'éditeur du cours, quel que soit l'hôpital\u202f:

>>> audit = make_screening_audit(500, vendor_random_state=VENDOR_SEED, random_state=1)
>>> audit.claim == dict(VENDOR_CLAIM)
True"""

# make_underrepresented_cohort (medai.datasets.bias_fairness)
_UNDERREPRESENTED_COHORT_EN = """\
A diagnostic cohort in which one group is rare and the disease shows differently.

Imitates representation bias as described for medical imaging classifiers trained on
data dominated by one group (Larrazabal et al., PNAS 2020): a model fitted to the pooled
data learns how the disease shows in the majority and performs worse in the group that
was rare in training, even with no intent and no group variable.

Two markers are measured. In the majority the disease raises ``marker_a`` by 2 standard
deviations; in the minority it raises ``marker_b`` by ``2 * presentation_shift`` and
``marker_a`` by ``2 * (1 - presentation_shift)`` standard deviations. The share of the
minority (``minority_fraction``) and the prevalence of the disease (``prevalence``, the
same in both groups) are reproduced by the draw.

Tuned to: no published effect size; the sizes are chosen so that the gap shows on a few
thousand patients.

Differs from reality: a caricature. Real differences in presentation are partial and
many-dimensional, and real datasets also differ in label quality and acquisition
between groups.

Parameters
----------
n_samples : int, default=5_000
    Number of patients, at least 10.
minority_fraction : float, default=0.05
    Share of patients in the under-represented group, strictly between 0 and 1.
presentation_shift : float, default=1.0
    How differently the disease shows in the minority, from 0 (the same) to 1.
prevalence : float, default=0.3
    Share of patients with the disease, in both groups, strictly between 0 and 1.
random_state : int, numpy.random.Generator or None, default=None
    Seed or generator, for reproducible cohorts.

Returns
-------
sklearn.utils.Bunch
    ``frame`` : DataFrame of shape (n_samples, 4) with columns ``group``
    ("majority" or "minority"), ``marker_a``, ``marker_b`` and ``disease`` (0 or 1);
    ``feature_names`` : ["marker_a", "marker_b"]; ``target_name`` : "disease";
    ``group_name`` : "group"; ``DESCR`` : this text."""
_UNDERREPRESENTED_COHORT_FR = """\
Une cohorte diagnostique dans laquelle un groupe est rare et la maladie se présente autrement.

Imite le biais de représentation décrit pour des classifieurs d'imagerie médicale entraînés
sur des données dominées par un groupe (Larrazabal et al., PNAS 2020)\u202f: un modèle ajusté
sur les données regroupées apprend comment la maladie se présente dans la majorité et est
moins performant dans le groupe qui était rare à l'entraînement, même sans intention ni
variable de groupe.

Deux marqueurs sont mesurés. Dans la majorité, la maladie augmente ``marker_a`` de 2
écarts-types\u202f; dans la minorité, elle augmente ``marker_b`` de ``2 * presentation_shift``
et ``marker_a`` de ``2 * (1 - presentation_shift)`` écarts-types. La part de la minorité
(``minority_fraction``) et la prévalence de la maladie (``prevalence``, la même dans les
deux groupes) sont reproduites par le tirage.

Ajusté sur\u202f: aucune taille d'effet publiée\u202f; les tailles sont choisies pour que l'écart
apparaisse sur quelques milliers de patients.

Diffère de la réalité\u202f: une caricature. Les vraies différences de présentation sont
partielles et multidimensionnelles, et les vrais jeux de données diffèrent aussi entre
groupes par la qualité des étiquettes et l'acquisition.

Paramètres
----------
n_samples\u202f: int, 5\u202f000 par défaut
    Nombre de patients, au moins 10.
minority_fraction\u202f: float, 0,05 par défaut
    Part des patients du groupe sous-représenté, strictement comprise entre 0 et 1.
presentation_shift\u202f: float, 1,0 par défaut
    À quel point la maladie se présente autrement dans la minorité, de 0 (de la même
    façon) à 1.
prevalence\u202f: float, 0,3 par défaut
    Part des patients malades, dans les deux groupes, strictement comprise entre 0 et 1.
random_state\u202f: int, numpy.random.Generator ou None, None par défaut
    Graine ou générateur, pour des cohortes reproductibles.

Renvoie
-------
sklearn.utils.Bunch
    ``frame``\u202f: DataFrame de forme (n_samples, 4) de colonnes ``group``
    ("majority" ou "minority"), ``marker_a``, ``marker_b`` et ``disease`` (0 ou 1)\u202f;
    ``feature_names``\u202f: ["marker_a", "marker_b"]\u202f; ``target_name``\u202f: "disease"\u202f;
    ``group_name``\u202f: "group"\u202f; ``DESCR``\u202f: ce texte."""

# make_voter_list (medai.datasets.protecting_health_data)
_VOTER_LIST_EN = """\
A public list of residents with names and quasi-identifiers (an electoral roll).

Imitates the voter list Sweeney (2000) bought for a few dollars and linked, on postcode,
sex and date of birth, to hospital discharge data released without names. Here a share
``coverage`` of the register's patients are on the list under their real names; the
other people on the list are residents of the same district who were not in hospital.

Tuned to: nothing published; the coverage is a teaching choice (not everyone is
registered to vote).

Differs from reality: the list and the register agree exactly on every value (no typos,
no moves); real linkage must cope with errors, which lowers its yield but not its risk.

Parameters
----------
n_samples : int, default=4_000
    Number of people on the list, at least 10 and at least the register's patients on
    the list.
register : sklearn.utils.Bunch
    A register made by :func:`make_patient_register` (its ``frame`` and ``identities``).
coverage : float, default=0.6
    Share of the register's patients who are on the list, above 0 and at most 1.
random_state : int, numpy.random.Generator or None, default=None
    Seed or generator, for reproducible lists.

Returns
-------
sklearn.utils.Bunch
    ``frame`` : DataFrame of shape (n_samples, 4) with columns ``name``, ``postcode``,
    ``sex``, ``birth_date`` (as in the register), rows in random order;
    ``quasi_identifiers`` : :data:`QUASI_IDENTIFIERS`; ``DESCR`` : this text.

Raises
------
TypeError
    If ``register`` is not what :func:`make_patient_register` returns.
ValueError
    If the list is too short for the register's patients it holds."""
_VOTER_LIST_FR = """\
Une liste publique de résidents, avec leurs noms et leurs quasi-identifiants (une liste électorale).

Imite la liste électorale que Sweeney (2000) a achetée pour quelques dollars et reliée, par
le code postal, le sexe et la date de naissance, à des données de sortie d'hospitalisation
publiées sans les noms. Ici, une part ``coverage`` des patients du registre figurent sur la
liste sous leur vrai nom\u202f; les autres personnes de la liste sont des résidents du même
territoire qui n'ont pas été hospitalisés.

Ajusté sur\u202f: aucun chiffre publié\u202f; la couverture est un choix pédagogique (tout le monde
n'est pas inscrit sur les listes électorales).

Diffère de la réalité\u202f: la liste et le registre concordent exactement sur chaque valeur (ni
faute de frappe, ni déménagement)\u202f; une vraie attaque par recoupement doit composer avec
des erreurs, ce qui réduit son rendement mais pas son risque.

Paramètres
----------
n_samples\u202f: int, 4\u202f000 par défaut
    Nombre de personnes sur la liste, au moins 10 et au moins le nombre de patients du
    registre présents sur la liste.
register\u202f: sklearn.utils.Bunch
    Un registre créé par :func:`make_patient_register` (son ``frame`` et ses
    ``identities``).
coverage\u202f: float, 0,6 par défaut
    Part des patients du registre qui figurent sur la liste, strictement supérieure à 0
    et au plus 1.
random_state\u202f: int, numpy.random.Generator ou None, None par défaut
    Graine ou générateur, pour des listes reproductibles.

Renvoie
-------
sklearn.utils.Bunch
    ``frame``\u202f: DataFrame de forme (n_samples, 4) de colonnes ``name``, ``postcode``,
    ``sex``, ``birth_date`` (comme dans le registre), lignes dans un ordre aléatoire\u202f;
    ``quasi_identifiers``\u202f: :data:`QUASI_IDENTIFIERS`\u202f; ``DESCR``\u202f: ce texte.

Lève
----
TypeError
    Si ``register`` n'est pas ce que renvoie :func:`make_patient_register`.
ValueError
    Si la liste est trop courte pour les patients du registre qu'elle contient."""

DESCRIPTIONS: dict[str, str] = {
    _CARE_PROGRAMME_TRIAGE_EN: _CARE_PROGRAMME_TRIAGE_FR,
    _COST_PROXY_COHORT_EN: _COST_PROXY_COHORT_FR,
    _FRACTURE_AUDIT_EN: _FRACTURE_AUDIT_FR,
    _FRACTURE_TRIAGE_COHORT_EN: _FRACTURE_TRIAGE_COHORT_FR,
    _FRENCH_CARE_PROGRAMME_TRIAGE_EN: _FRENCH_CARE_PROGRAMME_TRIAGE_FR,
    _HOSPITAL_RADIOGRAPHS_EN: _HOSPITAL_RADIOGRAPHS_FR,
    _PATIENT_REGISTER_EN: _PATIENT_REGISTER_FR,
    _PULSE_OXIMETRY_COHORT_EN: _PULSE_OXIMETRY_COHORT_FR,
    _READER_STUDY_EN: _READER_STUDY_FR,
    _SCREENING_AUDIT_EN: _SCREENING_AUDIT_FR,
    _UNDERREPRESENTED_COHORT_EN: _UNDERREPRESENTED_COHORT_FR,
    _VOTER_LIST_EN: _VOTER_LIST_FR,
}
