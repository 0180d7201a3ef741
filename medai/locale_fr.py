"""The French of every message the helpers show (see :mod:`medai.i18n`).

Keys are the English messages exactly as the code wraps them in ``_()``; values are their
French, as a French clinician writes it (decimal comma, a narrow no-break space U+202F,
written ``\\u202f``, before %, ; : ! and ?, inside « » and between the thousands of a
number). ``tests/test_i18n.py`` checks that the two sides match: no wrapped message without
its French, no French without its message, the same ``{fields}`` on both sides, and that
typography. The terms are those of the course's glossary (``book/glossary.md``). The
datasets' descriptions, long texts, are in :mod:`medai.locale_fr_descr`.
"""

from medai.locale_fr_descr import DESCRIPTIONS

MESSAGES: dict[str, str] = {
    # medai.datasets._validation
    "None, an integer of at least 0 or a numpy.random.Generator": (
        "None, un entier positif ou nul ou un numpy.random.Generator"
    ),
    "an integer": "un entier",
    "a number": "un nombre",
    " or ": " ou ",
    "{kind} from {low} to {high}": "{kind} de {low} à {high}",
    "{name} must be {allowed}. Got {value!r}.": (
        "{name} doit être {allowed}. Valeur reçue\u202f: {value!r}."
    ),
    "{kind} strictly between {low} and {high}": "{kind} strictement compris entre {low} et {high}",
    "{kind} of at least {low}": "{kind} supérieur ou égal à {low}",
    "{kind} above {low}": "{kind} strictement supérieur à {low}",
    "{kind} of at least {low} and below {high}": (
        "{kind} supérieur ou égal à {low} et strictement inférieur à {high}"
    ),
    "{kind} above {low} and at most {high}": (
        "{kind} strictement supérieur à {low} et inférieur ou égal à {high}"
    ),
    "{kind} of at most {high}": "{kind} inférieur ou égal à {high}",
    "{kind} below {high}": "{kind} strictement inférieur à {high}",
    # medai.datasets.capstone_audit
    "FxTriage 2 (an invented product)": "FxTriage 2 (un produit inventé)",
    (
        "Detection of fractures on the radiographs of adults (18 years and over) seen in an "
        "emergency department. The tool marks suspected fractures for the physician, who reads "
        "every radiograph; it does not replace that reading."
    ): (
        "Détection des fractures sur les radiographies d'adultes (18 ans et plus) vus aux "
        "urgences. L'outil signale les fractures suspectées au médecin, qui lit chaque "
        "radiographie\u202f; il ne remplace pas cette lecture."
    ),
    "CE marked, class IIa medical device under Regulation (EU) 2017/745": (
        "Marquage CE, dispositif médical de classe IIa au titre du règlement (UE) 2017/745"
    ),
    (
        "A score between 0 and 1, presented as the probability of a fracture; radiographs at or "
        "above the threshold are flagged"
    ): (
        "Un score entre 0 et 1, présenté comme la probabilité d'une fracture\u202f; les "
        "radiographies dont le score atteint le seuil sont signalées"
    ),
    (
        "Retrospective; radiographs with and without a fracture selected separately "
        "(case-control), at two hospitals outside France"
    ): (
        "Rétrospective\u202f; radiographies avec et sans fracture sélectionnées séparément "
        "(cas-témoins), dans deux hôpitaux hors de France"
    ),
    "Adults aged 18 to 75; radiographs from digital radiography (DR) systems only": (
        "Adultes de 18 à 75 ans\u202f; radiographies d'appareils de radiographie numérique (DR) "
        "uniquement"
    ),
    "Consensus of two musculoskeletal radiologists": (
        "Consensus de deux radiologues spécialisés en ostéo-articulaire"
    ),
    "Not reported": "Non communiqués",
    (
        "Each radiograph in DICOM format, with the patient's name removed but the hospital's "
        "patient number, age and sex kept"
    ): (
        "Chaque radiographie au format DICOM, sans le nom du patient mais avec son numéro de "
        "patient à l'hôpital, son âge et son sexe"
    ),
    (
        "The vendor's platform on a public cloud, in a data centre in the European Union; the "
        "result returns to the hospital's imaging system"
    ): (
        "La plateforme de l'éditeur sur un cloud public, dans un centre de données de l'Union "
        "européenne\u202f; le résultat revient dans le système d'imagerie de l'hôpital"
    ),
    "Health-data hosting (HDS) certification of the host: application in progress": (
        "Certification hébergeur de données de santé (HDS) de l'hébergeur\u202f: demande en cours"
    ),
    (
        "Radiographs kept 30 days by the vendor and used to improve the product unless the "
        "hospital objects"
    ): (
        "Radiographies conservées 30 jours par l'éditeur et utilisées pour améliorer le produit, "
        "sauf opposition de l'hôpital"
    ),
    # medai.datasets.clinician_in_charge
    "inexperienced": "peu expérimentés",
    "moderately experienced": "moyennement expérimentés",
    "very experienced": "très expérimentés",
    # medai.datasets.protecting_health_data
    "register must be the Bunch returned by make_patient_register.": (
        "register doit être le Bunch renvoyé par make_patient_register."
    ),
    "n_samples must be at least the number of register patients on the list": (
        "n_samples doit être au moins égal au nombre de patients du registre présents sur la liste"
    ),
    "({n_listed}), got {n_samples!r}.": "({n_listed})\u202f; valeur reçue\u202f: {n_samples!r}.",
    # medai.evidence
    "Total": "Total",
    "Disease": "Malades",
    "No disease": "Non malades",
    "Test positive": "Test positif",
    "Test negative": "Test négatif",
    "y_true and y_prob must have the same length.": (
        "y_true et y_prob doivent avoir la même longueur."
    ),
    "y_true must contain only 0 and 1.": "y_true ne doit contenir que des 0 et des 1.",
    "y_prob must hold probabilities between 0 and 1.": (
        "y_prob doit contenir des probabilités comprises entre 0 et 1."
    ),
    'The interval method must be "exact" (Clopper-Pearson) or "wilson".': (
        "La méthode de l'intervalle doit être «\u202fexact\u202f» (Clopper-Pearson) ou "
        "«\u202fwilson\u202f»."
    ),
    "An interval is (low, high) with 0 <= low <= high <= 1.": (
        "Un intervalle est un couple (low, high) avec 0 <= low <= high <= 1."
    ),
    "n_bins must be a whole number of at least 2.": (
        "n_bins doit être un nombre entier supérieur ou égal à 2."
    ),
    "successes and trials must be whole numbers with 0 <= successes <= trials, trials > 0.": (
        "successes et trials doivent être des nombres entiers avec 0 <= successes <= trials et "
        "trials > 0."
    ),
    "Got {successes!r} of {trials!r}.": "Valeurs reçues\u202f: {successes!r} sur {trials!r}.",
    "Sensitivity, specificity and prevalence must lie between 0 and 1.": (
        "La sensibilité, la spécificité et la prévalence doivent être comprises entre 0 et 1."
    ),
    "Got {name}={value!r}.": "Valeur reçue\u202f: {name}={value!r}.",
    # medai.grading
    "{name} must be a number (a float), not {kind}": (
        "{name} doit être un nombre (un float), pas un objet de type {kind}"
    ),
    "{name} must be a finite number, not {value}": "{name} doit être un nombre fini, pas {value}",
    "{name} must be a whole number (an int), not {kind}": (
        "{name} doit être un nombre entier (un int), pas un objet de type {kind}"
    ),
    "{name} must be True or False (a bool), not {kind}": (
        "{name} doit valoir True ou False (un bool), pas un objet de type {kind}"
    ),
    "NaN or infinity": "NaN ou l'infini",
    "{name} must hold {expected} values, not {length}": (
        "{name} doit contenir {expected} valeurs, pas {length}"
    ),
    "{name} must be a {expected}, not {kind}": (
        "{name} doit être de type {expected}, pas de type {kind}"
    ),
    "{name} must hold numbers only, not {kind}": (
        "{name} ne doit contenir que des nombres, pas un objet de type {kind}"
    ),
    "{name} differs from the value computed from the data": (
        "{name} diffère de la valeur calculée à partir des données"
    ),
    "{kind} of {dtype}": "{kind} de {dtype}",
    "each value of {name}": "chaque valeur de {name}",
    # medai.i18n
    "Got {value}.": "Valeur reçue\u202f: {value}.",
    "Got {value!r}.": "Valeur reçue\u202f: {value!r}.",
    # medai.plots.clinician_in_charge
    "AI suggestion correct": "Suggestion de l'IA exacte",
    "AI suggestion wrong": "Suggestion de l'IA erronée",
    "The tool decides at the ends; a radiologist reads the middle": (
        "L'outil tranche aux extrémités\u202f; un radiologue lit le milieu"
    ),
    "AI score (0–1)": "Score de l'IA (0–1)",
    "The table needs the columns ['accuracy_ai_correct', 'accuracy_ai_wrong'].": (
        "Le tableau doit avoir les colonnes ['accuracy_ai_correct', 'accuracy_ai_wrong']."
    ),
    "Reader's experience": "Expérience du lecteur",
    "Readings with the right answer (%)": "Lectures avec la bonne réponse (%)",
    "Accuracy when the AI is right and when it is wrong": (
        "Exactitude quand l'IA a raison et quand elle se trompe"
    ),
    "There are no policies to plot.": "Il n'y a aucune organisation à représenter.",
    "Radiographs a radiologist reads, per 1,000": (
        "Radiographies lues par un radiologue, pour 1\u202f000"
    ),
    "Fractures missed, per 1,000 radiographs": "Fractures manquées, pour 1\u202f000 radiographies",
    "What each human–AI policy costs and misses": (
        "Ce que coûte et ce que manque chaque organisation humain–IA"
    ),
    "Rule out below {low}": "Exclusion sous {low}",
    "Flag at or above {high}": "Signalement à partir de {high}",
    "Read by a radiologist ({n_read} of {n})": "Lues par un radiologue ({n_read} sur {n})",
    "Published figure": "Chiffre publié",
    "{policy}: {reads} reads, {missed} missed": (
        "{policy}\u202f: {reads} lectures, {missed} manquées"
    ),
    # medai.plots.data_to_decision
    "y_true must contain patients both with (1) and without (0) the condition.": (
        "y_true doit contenir des patients avec (1) et sans (0) la maladie."
    ),
    "AI score (0–1); flagged when at or above the threshold": (
        "Score de l'IA (0–1)\u202f; signalé à partir du seuil"
    ),
    "Number of patients": "Nombre de patients",
    "Scores with and without the condition": "Scores avec et sans la maladie",
    "ROC curve and the operating point": "Courbe ROC et point de fonctionnement",
    "threshold must lie between 0 and 1.": "threshold doit être compris entre 0 et 1.",
    "Threshold {threshold}": "Seuil {threshold}",
    "AI score (AUC = {auc})": "Score de l'IA (AUC = {auc})",
    # medai.plots.groups
    "y_true, the scores or predictions, and groups must have the same length.": (
        "y_true, les scores ou les prédictions et groups doivent avoir la même longueur."
    ),
    "Chance (AUC = 0.50)": "Hasard (AUC = 0,50)",
    "False-positive rate (1 − specificity; proportion, 0–1)": (
        "Taux de faux positifs (1 − spécificité\u202f; proportion, 0–1)"
    ),
    "Sensitivity (true-positive rate; proportion, 0–1)": (
        "Sensibilité (taux de vrais positifs\u202f; proportion, 0–1)"
    ),
    "False-negative rate\n(missed cases)": "Taux de faux négatifs\n(cas manqués)",
    "False-positive rate\n(false alarms)": "Taux de faux positifs\n(fausses alertes)",
    "There are no patients to plot.": "Il n'y a aucun patient à représenter.",
    "ROC curve by group": "Courbe ROC par groupe",
    "Perfect calibration": "Calibration parfaite",
    "Mean predicted risk (probability, 0–1)": "Risque prédit moyen (probabilité, 0–1)",
    "Observed frequency of the condition (proportion, 0–1)": (
        "Fréquence observée de la maladie (proportion, 0–1)"
    ),
    "Calibration by group (reliability diagram)": "Calibration par groupe (diagramme de fiabilité)",
    "Type of error": "Type d'erreur",
    "Error rate (% of patients with / without the condition)": (
        "Taux d'erreur (% des patients avec / sans la maladie)"
    ),
    "Error rates by group": "Taux d'erreur par groupe",
    "Group": "Groupe",
    "{group} (AUC = {auc}, n = {n})": "{group} (AUC = {auc}, n = {n})",
    "A group has patients of only one outcome class, so its ROC curve is undefined.": (
        "Un groupe n'a de patients que d'une seule classe d'issue\u202f: sa courbe ROC n'est pas "
        "définie."
    ),
    "(group {name!r})": "(groupe {name!r})",
    # medai.plots.judging_evidence
    "screening": "dépistage",
    "specialist clinic": "consultation spécialisée",
    "PPV": "VPP",
    "NPV": "VPN",
    "Prevalence (log scale)": "Prévalence (échelle logarithmique)",
    "Predictive value (proportion, 0–1)": "Valeur prédictive (proportion, 0–1)",
    "Sensitivity {sensitivity}, specificity {specificity}: PPV and NPV by prevalence": (
        "Sensibilité {sensitivity}, spécificité {specificity}\u202f: VPP et VPN selon la prévalence"
    ),
    # medai.plots.style
    "; ": "\u202f; ",
    "Bar chart": "Diagramme en barres",
    "Histogram": "Histogramme",
    "Image": "Image",
    "Line chart": "Graphique en courbes",
    "{kind}: {title}.": "{kind}\u202f: {title}.",
    "untitled": "sans titre",
    "Horizontal axis: {label}.": "Axe horizontal\u202f: {label}.",
    "Vertical axis: {label}.": "Axe vertical\u202f: {label}.",
    "Colour scale: {label}.": "Échelle de couleurs\u202f: {label}.",
    "Groups: {groups}.": "Groupes\u202f: {groups}.",
    "{label}: {values}": "{label}\u202f: {values}",
    "Reference: {references} (dotted grey line).": (
        "Référence\u202f: {references} (ligne grise pointillée)."
    ),
    # medai.plots.where_models_fail
    "Importance": "Importance",
    "images must be an array of shape (n_images, height, width).": (
        "images doit être un tableau de forme (n_images, height, width)."
    ),
    "There must be one title per image.": "Il faut un titre par image.",
    "values must hold a square image: side x side values, or a (side, side) array.": (
        "values doit contenir une image carrée\u202f: side x side valeurs, ou un tableau (side, "
        "side)."
    ),
    "Column (pixel)": "Colonne (pixel)",
    "Row (pixel)": "Ligne (pixel)",
    "train_scores and test_scores must have one row per training size.": (
        "train_scores et test_scores doivent avoir une ligne par taille d'entraînement."
    ),
    "Training": "Entraînement",
    "Validation (held-out patients)": "Validation (patients mis de côté)",
    "Training images": "Images d'entraînement",
    "block must be an integer from 1 to the side of the image.": (
        "block doit être un entier de 1 au côté de l'image."
    ),
    "background must hold one value per pixel, like a row of X.": (
        "background doit contenir une valeur par pixel, comme une ligne de X."
    ),
    "Where the model looks": "Où le modèle regarde",
    "Learning curve": "Courbe d'apprentissage",
    "{curve} (last: {score_name} {score})": "{curve} (dernier point\u202f: {score_name} {score})",
    # medai.privacy
    (
        "In the browser (JupyterLite) OpenDP is not available: this cell uses the course's NumPy "
        "version of the same mechanism. On the course's server it uses OpenDP."
    ): (
        "Dans le navigateur (JupyterLite), OpenDP n'est pas disponible\u202f: cette cellule "
        "utilise la version NumPy du même mécanisme écrite pour le cours. Sur le serveur du cours, "
        "elle utilise OpenDP."
    ),
    "Give at least one quasi-identifier column.": (
        "Indiquez au moins une colonne quasi-identifiante."
    ),
    "The table has no rows: k and l are not defined for an empty release.": (
        "Le tableau n'a aucune ligne\u202f: k et l ne sont pas définis pour une publication vide."
    ),
    "This cell uses OpenDP {version}.": "Cette cellule utilise OpenDP {version}.",
    "Give at least one category, with no repeats.": (
        "Indiquez au moins une catégorie, sans doublon."
    ),
    "noisy count": "comptage bruité",
    "The width of an age band must be a positive integer (in years).": (
        "La largeur d'une tranche d'âge doit être un entier positif (en années)."
    ),
    "The number of postcode digits to keep must be an integer from 0 to 5.": (
        "Le nombre de chiffres du code postal à garder doit être un entier de 0 à 5."
    ),
    "k must be an integer of at least 1.": "k doit être un entier supérieur ou égal à 1.",
    "Every value must be one of the categories; these are not:": (
        "Chaque valeur doit être l'une des catégories\u202f; celles-ci ne le sont pas\u202f:"
    ),
    "The prior must be a probability strictly between 0 and 1.": (
        "La probabilité a priori doit être strictement comprise entre 0 et 1."
    ),
    "epsilon must be a positive number.": "epsilon doit être un nombre strictement positif.",
    "Column not in the table:": "Colonne absente du tableau\u202f:",
    "{missing}; the columns are {columns}.": "{missing}\u202f; les colonnes sont {columns}.",
    # medai.privacy_fallback
    "Give at least one measurement to compose.": "Indiquez au moins une mesure à composer.",
    "The noise scale must be a positive number.": (
        "L'échelle du bruit doit être un nombre strictement positif."
    ),
    "alpha, the share of releases allowed past the bound, must lie in (0, 1].": (
        "alpha, la part des publications autorisées au-delà de la borne, doit appartenir à "
        "]0\u202f; 1]."
    ),
    "d_in, the number of people added or removed, must be a non-negative integer.": (
        "d_in, le nombre de personnes ajoutées ou retirées, doit être un entier positif ou nul."
    ),
    # medai.quiz
    "Self-check": "Autoévaluation",
    "✓ Correct.": "✓ Exact.",
    "✗ Not quite.": "✗ Pas tout à fait.",
    "A question needs a prompt.": "Une question doit avoir un énoncé.",
    "A quiz needs at least one question.": "Un quiz doit avoir au moins une question.",
    "Every item of a quiz must be a Question.": "Chaque élément d'un quiz doit être une Question.",
    "Try another answer.": "Essayez une autre réponse.",
    "You chose “{option}”.": "Vous avez choisi «\u202f{option}\u202f».",
    "Answer": "Réponse",
    "Check": "Vérifier",
    "Choose an answer first: Tab to the options, then use the arrow keys.": (
        "Choisissez d'abord une réponse\u202f: Tab jusqu'aux options, puis les flèches."
    ),
    "Answer: {answer}": "Réponse\u202f: {answer}",
    "A question needs at least two options.": "Une question doit avoir au moins deux options.",
    "The answer must be the index of one of the options (0 for the first).": (
        "La réponse doit être l'indice de l'une des options (0 pour la première)."
    ),
    "There is no question with this index (0 for the first).": (
        "Aucune question n'a cet indice (0 pour la première)."
    ),
    "The choice must be the index of one of the options (0 for the first).": (
        "Le choix doit être l'indice de l'une des options (0 pour la première)."
    ),
    "Score: {score} of {total} correct ({checked} checked).": (
        "Score\u202f: {score} sur {total} justes ({checked} vérifiées)."
    ),
    "Show the answer": "Afficher la réponse",
    "A question needs exactly one explanation per option.": (
        "Une question doit avoir exactement une explication par option."
    ),
    "Got {options} options and {explanations} explanations.": (
        "Reçu\u202f: {options} options et {explanations} explications."
    ),
    "Check your answer to question {number}": "Vérifier votre réponse à la question {number}",
    "Question {number} of {total}.": "Question {number} sur {total}.",
    "(correct):": "(exacte)\u202f:",
    "(not correct):": "(inexacte)\u202f:",
    # medai.tables
    "{low} to {high}": "{low} à {high}",
    'by must be "column" or "row".': ("by doit valoir «\u202fcolumn\u202f» ou «\u202frow\u202f»."),
    # medai.teams
    "Radiologist alone: every radiograph is read, no tool.": (
        "Radiologue seul\u202f: chaque radiographie est lue, sans outil."
    ),
    "Tool alone: flagged when the score is at or above the threshold; no read.": (
        "Outil seul\u202f: signalement quand le score atteint le seuil\u202f; aucune lecture."
    ),
    (
        "AI as second reader: every radiograph is read; positive if the radiologist or the tool "
        "flags it."
    ): (
        "IA en second lecteur\u202f: chaque radiographie est lue\u202f; positive si le radiologue "
        "ou l'outil la signale."
    ),
    (
        "Triage (rule-out): radiographs scored below the threshold are reported normal unread; the "
        "others are read."
    ): (
        "Tri (exclusion)\u202f: les radiographies dont le score est sous le seuil sont déclarées "
        "normales sans lecture\u202f; les autres sont lues."
    ),
    (
        "Deferral band: below 'low' the tool rules out, at or above 'high' it flags, in between a "
        "radiologist reads."
    ): (
        "Zone de renvoi\u202f: sous «\u202flow\u202f», l'outil exclut\u202f; à partir de "
        "«\u202fhigh\u202f», il signale\u202f; entre les deux, un radiologue lit."
    ),
    (
        "Concurrent reading: the radiologist sees the tool's output and adopts it with probability "
        "'trust'."
    ): (
        "Lecture concomitante\u202f: le radiologue voit la sortie de l'outil et l'adopte avec la "
        "probabilité «\u202ftrust\u202f»."
    ),
    "must lie between 0 and 1.": "doit être compris entre 0 et 1.",
    "low must not be above high.": "low ne doit pas dépasser high.",
    "Got low={low!r}, high={high!r}.": "Valeurs reçues\u202f: low={low!r}, high={high!r}.",
    "Unknown policy.": "Organisation inconnue.",
    "Got {policy!r}; the policies are {policies}.": (
        "Valeur reçue\u202f: {policy!r}\u202f; les organisations sont {policies}."
    ),
    # medai.widgets.calibration
    "Give at least one score, as a mapping of name to predicted probabilities.": (
        "Donnez au moins un score, sous la forme d'un dictionnaire nom → probabilités prédites."
    ),
    "Score": "Score",
    "Number of bins": "Nombre de classes",
    "Predicted risk (bin)": "Risque prédit (classe)",
    "Patients": "Patients",
    "Mean predicted risk": "Risque prédit moyen",
    "Observed rate": "Taux observé",
    "the score over-predicts the risk on average": "le score surestime le risque en moyenne",
    "the score under-predicts the risk on average": "le score sous-estime le risque en moyenne",
    "the score matches the risk on average": "le score correspond au risque en moyenne",
    (
        "<p><strong>Brier score {brier}</strong> (lower is better). Mean predicted risk "
        "{predicted}, observed rate {observed}: calibration-in-the-large {gap} percentage points, "
        "{verdict}.</p>"
    ): (
        "<p><strong>Score de Brier {brier}</strong> (plus il est bas, mieux c'est). Risque prédit "
        "moyen {predicted}, taux observé {observed}\u202f: calibration globale de {gap} (en points "
        "de pourcentage), {verdict}.</p>"
    ),
    (
        "<p><strong>Is the score a probability?</strong> Pick a version of the score and a number "
        "of bins. Points on the dotted diagonal mean that predicted and observed risks agree. Use "
        "Tab to reach a control and the arrow keys to change it.</p>"
    ): (
        "<p><strong>Le score est-il une probabilité\u202f?</strong> Choisissez une version du "
        "score et un nombre de classes. Des points sur la diagonale pointillée signifient que "
        "risques prédits et observés concordent. Utilisez Tab pour atteindre une commande et les "
        "flèches pour la modifier.</p>"
    ),
    "Reliability diagram of {score} with {n} non-empty bins: {bins}.": (
        "Diagramme de fiabilité de {score} avec {n} classes non vides\u202f: {bins}."
    ),
    "The number of bins must be a whole number from 2 to 20.": (
        "Le nombre de classes doit être un nombre entier de 2 à 20."
    ),
    "predicted {predicted}, observed {observed}": "prédit {predicted}, observé {observed}",
    "Reliability diagram: {score}": "Diagramme de fiabilité\u202f: {score}",
    "Reliability table, {n} bins (empty bins left out)": (
        "Tableau de fiabilité, {n} classes (classes vides omises)"
    ),
    "Unknown score name.": "Nom de score inconnu.",
    "Got {name!r}; the scores are {names}.": (
        "Valeur reçue\u202f: {name!r}\u202f; les scores sont {names}."
    ),
    # medai.widgets.group_thresholds
    "Equal opportunity (equal sensitivity: equal miss rates)": (
        "Égalité des chances (même sensibilité\u202f: mêmes taux de cas manqués)"
    ),
    "Equalised odds (equal miss rates and equal false-alarm rates)": (
        "Égalité des taux d'erreur (mêmes taux de cas manqués et mêmes taux de fausses alertes)"
    ),
    "Predictive parity (equal PPV: equal shares of wrong flags)": (
        "Parité prédictive (même VPP\u202f: mêmes parts de signalements à tort)"
    ),
    "Demographic parity (equal selection rates)": "Parité démographique (mêmes taux de sélection)",
    "Sensitivity": "Sensibilité",
    "False-negative rate (missed cases)": "Taux de faux négatifs (cas manqués)",
    "False-positive rate (false alarms)": "Taux de faux positifs (fausses alertes)",
    "Selection rate": "Taux de sélection",
    "miss rate (false-negative rate)": "taux de cas manqués (taux de faux négatifs)",
    "false-alarm rate (false-positive rate)": "taux de fausses alertes (taux de faux positifs)",
    "share of wrong flags (1 - PPV)": "part des signalements à tort (1 - VPP)",
    "selection rate": "taux de sélection",
    "✓ holds": "✓ respecté",
    "✗ does not hold": "✗ non respecté",
    "y_true, y_score and groups must have the same length.": (
        "y_true, y_score et groups doivent avoir la même longueur."
    ),
    "y_score must be a risk score between 0 and 1.": (
        "y_score doit être un score de risque compris entre 0 et 1."
    ),
    "The explorer needs patients from at least two groups.": (
        "L'explorateur a besoin de patients d'au moins deux groupes."
    ),
    "Same threshold for all groups": "Même seuil pour tous les groupes",
    "Tie the sliders together: moving one moves them all": (
        "Lier les curseurs\u202f: en déplacer un les déplace tous"
    ),
    "Threshold": "Seuil",
    "Per-group results at the current thresholds": "Résultats par groupe aux seuils actuels",
    (
        "<p>A criterion holds when the lowest group's rate is at least {ratio} times the highest "
        "group's (within a factor {ratio}-{inverse}).</p>"
    ): (
        "<p>Un critère est respecté quand le taux du groupe le plus bas atteint au moins {ratio} "
        "fois celui du groupe le plus haut (à un facteur {ratio}-{inverse} près).</p>"
    ),
    "<li><strong>{criterion}: {verdict}</strong> ({details}).</li>": (
        "<li><strong>{criterion}\u202f: {verdict}</strong> ({details}).</li>"
    ),
    (
        "Most missed cases: group <strong>{group}</strong>, where {rate} of patients with the "
        "condition are not flagged."
    ): (
        "Le plus de cas manqués\u202f: groupe <strong>{group}</strong>, où {rate} des patients "
        "malades ne sont pas signalés."
    ),
    (
        "<p><strong>Decision threshold per group.</strong> A patient is flagged when their risk "
        "score is at or above the threshold. Use Tab to reach a slider and the arrow keys to move "
        "it.</p>"
    ): (
        "<p><strong>Seuil de décision par groupe.</strong> Un patient est signalé quand son score "
        "de risque atteint le seuil. Utilisez Tab pour atteindre un curseur et les flèches pour le "
        "déplacer.</p>"
    ),
    "Thresholds must lie between 0 and 1.": "Les seuils doivent être compris entre 0 et 1.",
    "n_flags must be a whole number between 0 and the number of patients.": (
        "n_flags doit être un nombre entier compris entre 0 et le nombre de patients."
    ),
    "min_ratio must lie strictly between 0 and 1.": (
        "min_ratio doit être strictement compris entre 0 et 1."
    ),
    "{group} threshold": "Seuil {group}",
    "Decision threshold for group {group}": "Seuil de décision du groupe {group}",
    "{rate} {values}, ratio {ratio}": "{rate} {values}, rapport {ratio}",
    "Unknown group name.": "Nom de groupe inconnu.",
    "Got {unknown}; the groups are {groups}.": (
        "Valeurs reçues\u202f: {unknown}\u202f; les groupes sont {groups}."
    ),
    "Every group needs at least one patient with the condition.": (
        "Chaque groupe doit compter au moins un patient malade."
    ),
    "Group {name!r} has none.": "Le groupe {name!r} n'en a aucun.",
    " vs ": " contre ",
    # medai.widgets.human_ai_team
    "Radiologist alone": "Radiologue seul",
    "Tool alone": "Outil seul",
    "AI as second reader": "IA en second lecteur",
    "Triage (rule-out)": "Tri (exclusion)",
    "Deferral band": "Zone de renvoi",
    "Concurrent reading": "Lecture concomitante",
    "Radiologist's sensitivity": "Sensibilité du radiologue",
    "without the tool": "sans l'outil",
    "Radiologist's specificity": "Spécificité du radiologue",
    "Tool's threshold": "Seuil de l'outil",
    "the tool flags at or above it": "l'outil signale à partir de ce seuil",
    "Rule out below": "Exclure sous",
    "the tool rules out below this score": "l'outil exclut sous ce score",
    "Flag at or above": "Signaler à partir de",
    "the tool flags at or above this score": "l'outil signale à partir de ce score",
    "Trust in the tool": "Confiance dans l'outil",
    "probability of adopting the tool's call": "probabilité d'adopter l'avis de l'outil",
    "Policy": "Organisation",
    "Per 1,000 radiographs like these ({share} with a {condition})": (
        "Pour 1\u202f000 radiographies comme celles-ci ({share} avec {condition})"
    ),
    (
        "<p>Compared with the radiologist alone, this team misses {misses} and saves "
        "<strong>{saved} reads</strong> per 1,000 radiographs.</p>"
    ): (
        "<p>Par rapport au radiologue seul, cette équipe manque {misses} et économise "
        "<strong>{saved} lectures</strong> pour 1\u202f000 radiographies.</p>"
    ),
    (
        "<p><strong>Who reads what?</strong> Choose how the radiologist and the tool work "
        "together, then move the thresholds. Use Tab to reach a control and the arrow keys to "
        "change it.</p>"
    ): (
        "<p><strong>Qui lit quoi\u202f?</strong> Choisissez comment le radiologue et l'outil "
        "travaillent ensemble, puis déplacez les seuils. Utilisez Tab pour atteindre une commande "
        "et les flèches pour la modifier.</p>"
    ),
    "<strong>{n} more {condition}s</strong>": "<strong>{n} cas de {condition} de plus</strong>",
    "<strong>{n} fewer {condition}s</strong>": "<strong>{n} cas de {condition} de moins</strong>",
    "Unknown control.": "Commande inconnue.",
    "This team: {policy}": "Cette équipe\u202f: {policy}",
    "Tool alone (threshold {threshold})": "Outil seul (seuil {threshold})",
    "False alarms": "Fausses alertes",
    "Radiologist reads": "Lectures du radiologue",
    "Missed {condition}s": "Cas de {condition} manqués",
    # medai.widgets.prevalence
    "Custom (use the prevalence slider)": "Personnalisé (curseur de prévalence)",
    "Screening (1 in 100)": "Dépistage (1 sur 100)",
    "General hospital (1 in 20)": "Hôpital général (1 sur 20)",
    "Specialist clinic (1 in 3)": "Consultation spécialisée (1 sur 3)",
    "Setting": "Contexte",
    "Prevalence": "Prévalence",
    (
        "<p><strong>PPV {ppv}</strong>: of {positives} positive results, {true_pos} are true. "
        "<strong>NPV {npv}</strong>: of {negatives} negative results, {false_neg} miss the "
        "disease.</p>"
    ): (
        "<p><strong>VPP {ppv}</strong>\u202f: sur {positives} résultats positifs, {true_pos} sont "
        "vrais. <strong>VPN {npv}</strong>\u202f: sur {negatives} résultats négatifs, {false_neg} "
        "manquent la maladie.</p>"
    ),
    (
        "<p><strong>One test, several settings.</strong> Choose a setting or move the prevalence; "
        "sensitivity and specificity stay fixed unless you move them. Use Tab to reach a control "
        "and the arrow keys to change it.</p>"
    ): (
        "<p><strong>Un test, plusieurs contextes.</strong> Choisissez un contexte ou déplacez la "
        "prévalence\u202f; la sensibilité et la spécificité restent fixes tant que vous ne les "
        "déplacez pas. Utilisez Tab pour atteindre une commande et les flèches pour la "
        "modifier.</p>"
    ),
    "The prevalence must lie between 0.001 and 0.9.": (
        "La prévalence doit être comprise entre 0,001 et 0,9."
    ),
    "Specificity": "Spécificité",
    "Of {population} patients at a prevalence of {prevalence}": (
        "Sur {population} patients, à une prévalence de {prevalence}"
    ),
    "Sensitivity and specificity must lie between 0.5 and 1.": (
        "La sensibilité et la spécificité doivent être comprises entre 0,5 et 1."
    ),
    "Unknown setting.": "Contexte inconnu.",
    "Got {name!r}; the settings are {settings}.": (
        "Valeur reçue\u202f: {name!r}\u202f; les contextes sont {settings}."
    ),
    # medai.widgets.privacy_budget
    "Give at least one count to release, as a mapping of label to true count.": (
        "Donnez au moins un comptage à publier, sous la forme d'un dictionnaire libellé → vrai "
        "comptage."
    ),
    "Privacy budget ε": "Budget de confidentialité ε",
    "Smaller epsilon: more privacy, more noise": (
        "Epsilon plus petit\u202f: plus de confidentialité, plus de bruit"
    ),
    (
        "<p>ε = {epsilon}: noise scale {scale} (the mechanism certifies a privacy loss of "
        "{certified}). One patient more or less changes the probability of any release by at most "
        "a factor e<sup>ε</sup> = {factor}.</p>"
    ): (
        "<p>ε = {epsilon}\u202f: échelle du bruit {scale} (le mécanisme certifie une perte de "
        "confidentialité de {certified}). Un patient de plus ou de moins change la probabilité de "
        "toute publication d'un facteur e<sup>ε</sup> = {factor} au plus.</p>"
    ),
    (
        "<p>The {n} releases of each count below are about the same patients: publishing them all "
        "would spend {n} × ε = {budget}, not ε.</p>"
    ): (
        "<p>Les {n} publications de chaque comptage ci-dessous portent sur les mêmes "
        "patients\u202f: les publier toutes dépenserait {n} × ε = {budget}, et non ε.</p>"
    ),
    "Counts released with the Laplace mechanism": "Comptages publiés avec le mécanisme de Laplace",
    (
        "<p><strong>Privacy budget.</strong> Each count is released with the Laplace mechanism at "
        "the chosen ε. Use Tab to reach the slider and the arrow keys to move it.</p>"
    ): (
        "<p><strong>Budget de confidentialité.</strong> Chaque comptage est publié avec le "
        "mécanisme de Laplace au ε choisi. Utilisez Tab pour atteindre le curseur et les flèches "
        "pour le déplacer.</p>"
    ),
    "release {number}": "publication {number}",
    "Query": "Requête",
    "True count": "Vrai comptage",
    "95 % of releases within": "95\u202f% des publications à moins de",
    "Relative": "Relatif",
    "Releases": "Publications",
    "A count must be a non-negative integer.": "Un comptage doit être un entier positif ou nul.",
    "epsilon must lie between the slider's minimum and maximum.": (
        "epsilon doit être compris entre le minimum et le maximum du curseur."
    ),
    "Got {epsilon!r}; the range is {low}-{high}.": (
        "Valeur reçue\u202f: {epsilon!r}\u202f; l'intervalle est {low}-{high}."
    ),
    # medai.widgets.shortcut
    "Shortcut strength at hospital A": "Force du raccourci à l'hôpital A",
    (
        "Map of the model's absolute coefficient per pixel, {side} by {side} pixels. The largest "
        "is at row {row}, column {column}; {share} of the total weight sits on the 4 marker pixels "
        "of the top-left corner."
    ): (
        "Carte de la valeur absolue du coefficient du modèle par pixel, {side} pixels sur {side}. "
        "Le plus grand est en ligne {row}, colonne {column}\u202f; {share} du poids total porte "
        "sur les 4 pixels du marqueur, dans le coin supérieur gauche."
    ),
    (
        "The marker matches the label on {agreement} of hospital A's images. {share} of the "
        "model's weight sits on the marker's 4 pixels (out of {n_pixels})."
    ): (
        "Le marqueur concorde avec l'étiquette sur {agreement} des images de l'hôpital A. {share} "
        "du poids du modèle porte sur les 4 pixels du marqueur (sur {n_pixels})."
    ),
    "Same model, two hospitals": "Même modèle, deux hôpitaux",
    "Validation": "Validation",
    "Hospital A, held-out patients (internal)": "Hôpital A, patients mis de côté (interne)",
    "Hospital B (external)": "Hôpital B (externe)",
    "The AUC differs by {drop} between the hospitals.": (
        "L'AUC diffère de {drop} entre les hôpitaux."
    ),
    (
        "<p><strong>How strongly does the scanner's marker follow the disease at hospital "
        "A?</strong> 0: not at all; 1: every diseased patient's image has it and no other. Use Tab "
        "to reach the slider and the arrow keys to move it.</p>"
    ): (
        "<p><strong>À quel point le marqueur de l'appareil suit-il la maladie à l'hôpital "
        "A\u202f?</strong> 0\u202f: pas du tout\u202f; 1\u202f: toutes les images des patients "
        "malades le portent, et aucune autre. Utilisez Tab pour atteindre le curseur et les "
        "flèches pour le déplacer.</p>"
    ),
    (
        "<p>Where the model looks: the size of its coefficient on each pixel (bright yellow = "
        "large). The top-left corner is where the marker is stamped.</p>"
    ): (
        "<p>Où le modèle regarde\u202f: la taille de son coefficient sur chaque pixel (jaune vif = "
        "grand). Le marqueur est apposé dans le coin supérieur gauche.</p>"
    ),
    "The AUC falls by {drop} at hospital B: the model learned the shortcut.": (
        "L'AUC chute de {drop} à l'hôpital B\u202f: le modèle a appris le raccourci."
    ),
    "Shortcut strengths must be distinct values between 0 and 1.": (
        "Les forces du raccourci doivent être des valeurs distinctes comprises entre 0 et 1."
    ),
    "This shortcut strength was not precomputed.": (
        "Cette force du raccourci n'a pas été précalculée."
    ),
    "Got {strength}; choose from {strengths}.": (
        "Valeur reçue\u202f: {strength}\u202f; choisissez parmi {strengths}."
    ),
    # medai.widgets.threshold
    "Operating point": "Point de fonctionnement",
    "y_true and y_score must have the same length.": (
        "y_true et y_score doivent avoir la même longueur."
    ),
    "y_true must contain patients both with and without the condition.": (
        "y_true doit contenir des patients malades et des patients non malades."
    ),
    "y_score must be a score between 0 and 1.": "y_score doit être un score compris entre 0 et 1.",
    "Decision threshold: patients at or above it are flagged": (
        "Seuil de décision\u202f: les patients qui l'atteignent sont signalés"
    ),
    (
        "ROC curve of the AI score (AUC {auc}) with the operating point of threshold {threshold} "
        "at false-positive rate {fpr} and sensitivity {tpr}."
    ): (
        "Courbe ROC du score de l'IA (AUC {auc}) avec le point de fonctionnement du seuil "
        "{threshold}, à un taux de faux positifs de {fpr} et une sensibilité de {tpr}."
    ),
    "Reference diagnosis": "Diagnostic de référence",
    "Flagged": "Signalés",
    "Not flagged": "Non signalés",
    (
        "<p>Per 1,000 patients like these ({prevalence} with a {condition}): <strong>{missed} "
        "missed {condition}s</strong> and <strong>{false_alarms} false alarms</strong>, {flagged} "
        "flagged.</p>"
    ): (
        "<p>Pour 1\u202f000 patients comme ceux-ci ({prevalence} avec {condition})\u202f: "
        "<strong>{missed} cas de {condition} manqués</strong> et <strong>{false_alarms} fausses "
        "alertes</strong>, {flagged} signalés.</p>"
    ),
    "The threshold must lie between 0 and 1.": "Le seuil doit être compris entre 0 et 1.",
    "Confusion matrix, threshold {threshold} ({n} patients)": (
        "Matrice de confusion, seuil {threshold} ({n} patients)"
    ),
    (
        "<p><strong>Decision threshold.</strong> A patient is flagged as '{condition}' when the AI "
        "score is at or above the threshold. Use Tab to reach the slider and the arrow keys to "
        "move it.</p>"
    ): (
        "<p><strong>Seuil de décision.</strong> Un patient est signalé «\u202f{condition}\u202f» "
        "quand le score de l'IA atteint le seuil. Utilisez Tab pour atteindre le curseur et les "
        "flèches pour le déplacer.</p>"
    ),
    "{n} true positives": "{n} vrais positifs",
    "{n} false negatives (missed)": "{n} faux négatifs (manqués)",
    "No {condition}": "Sans {condition}",
    "{n} false positives": "{n} faux positifs",
    "{n} true negatives": "{n} vrais négatifs",
    "{label}: {value}": "{label}\u202f: {value}",
}

MESSAGES.update(DESCRIPTIONS)
