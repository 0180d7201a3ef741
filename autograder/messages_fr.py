"""The French of every message the grader shows a learner (see :mod:`autograder.language`).

Keys are the English messages exactly as the code writes them; values are their French, as
a French clinician writes it: a narrow no-break space (U+202F) before : ; ? ! and %, the
same ``{fields}`` as the English. ``tests/test_grader_language.py`` checks that every message
a learner can read has its French here, and that every key here is a message of the code:
when an English message changes, its French must be written again.
"""

MESSAGES: dict[str, str] = {
    # --- the results table (feedback_filters) ---
    "Your results, check by check": "Vos résultats, vérification par vérification",
    "Note:": "Remarque\u202f:",
    "Check": "Vérification",
    "Points": "Points",
    "Result": "Résultat",
    "What to look at": "Ce qu'il faut revoir",
    "passed": "réussie",
    "not passed": "non réussie",
    "Explanation:": "Explication\u202f:",
    "the check failed without a message: compare your answer with the question": (
        "la vérification a échoué sans message\u202f: comparez votre réponse à la question"
    ),
    "# (hidden tests ran here: their code is not shown in feedback)": (
        "# (des tests cachés ont été exécutés ici\u202f: leur code n'apparaît pas dans le retour)"
    ),
    # the checker's messages with fields (checker.message)
    "{call} raised {kind}: {message}": "{call} a levé {kind}\u202f: {message}",
    "{call} raised {kind}": "{call} a levé {kind}",
    "{what} could not be read as data: {reason}": (
        "{what} n'a pas pu être lu comme des données\u202f: {reason}"
    ),
    "{call} ran past the time limit of this test and was stopped": (
        "{call} a dépassé le temps limite de cette vérification et a été arrêté"
    ),
    "your notebook did not answer the grader's request for {what}": (
        "votre notebook n'a pas répondu à la demande du correcteur pour {what}"
    ),
    "the test could not run: {kind}: {message}": (
        "la vérification n'a pas pu s'exécuter\u202f: {kind}\u202f: {message}"
    ),
    "not a {kind}": "pas un {kind}",
    # a message of the checker without fields (checker.KERNEL_GONE)
    "the notebook's kernel stopped while the test was running": (
        "le noyau du notebook s'est arrêté pendant la vérification"
    ),
    # --- the page of a submission that could not be graded (feedback) ---
    "not run: see the note above": "non exécutée\u202f: voir la remarque ci-dessus",
    "{notebook} (Score: {score} / {max_score})": "{notebook} (note\u202f: {score} / {max_score})",
    "nothing": "rien",
    "and": "et",
    # --- nbgrader's labels, in the course's template (templates/feedback) ---
    "Score: {score} / {max_score}": "Note\u202f: {score} / {max_score}",
    "(Score: {score} / {max_score})": "(note\u202f: {score} / {max_score})",
    "Late submission penalty (Score: -{penalty})": "Pénalité de retard (note\u202f: −{penalty})",
    "Test cell": "Cellule de test",
    "Coding free-response": "Réponse libre en code",
    "Written response": "Réponse rédigée",
    "Task": "Tâche",
    "Task:": "Tâche\u202f:",
    "Comment": "Commentaire",
    "Comments:": "Commentaires\u202f:",
    "(Top)": "(Haut de page)",
    "Student's answer": "Votre réponse",
    "Student's task": "Votre tâche",
    "Grade cell:": "Cellule notée\u202f:",
    "In [{count}]:": "Entrée [{count}]\u202f:",
    "Out[{count}]:": "Sortie [{count}]\u202f:",
    # --- notes on a submission graded abnormally (errors.STUDENT_STATUS) ---
    (
        "Some of your code ran longer than the time limit ({timeout} seconds per cell, or the "
        "limit for the whole notebook) and was stopped, so the checks that needed it could not "
        "pass. Look for an endless loop or a very slow computation, run your notebook from top "
        "to bottom, and resubmit if allowed."
    ): (
        "Une partie de votre code a dépassé la limite de temps ({timeout} secondes par "
        "cellule, ou la limite du notebook entier) et a été arrêtée\u202f; les vérifications "
        "qui en avaient besoin n'ont donc pas pu réussir. Cherchez une boucle sans fin ou un "
        "calcul très lent, exécutez votre notebook de haut en bas, puis soumettez-le à nouveau "
        "si c'est permis."
    ),
    (
        "A locked cell or a test cell of your notebook was changed or deleted, or your code "
        "changed how the notebook runs its checks. The checks were run in their original form "
        "where they could be, and your instructor will review the notebook. Keep test cells as "
        "they are in the notebook you were given, and do not change how Python runs code."
    ): (
        "Une cellule verrouillée ou une cellule de test de votre notebook a été modifiée ou "
        "supprimée, ou votre code a changé la façon dont le notebook exécute ses "
        "vérifications. Les vérifications ont été exécutées sous leur forme d'origine là où "
        "c'était possible, et votre enseignant examinera le notebook. Laissez les cellules de "
        "test telles qu'elles sont dans le notebook qui vous a été remis, et ne changez pas la "
        "façon dont Python exécute le code."
    ),
    (
        "One of your cells printed far more output than the grader accepts (a print inside a "
        "loop?), so your notebook was stopped and could not be graded automatically. Your "
        "instructor will review it. Print only what you need, and resubmit if allowed."
    ): (
        "L'une de vos cellules a affiché bien plus de texte que le correcteur n'en accepte (un "
        "print dans une boucle\u202f?)\u202f; votre notebook a donc été arrêté et n'a pas pu "
        "être corrigé automatiquement. Votre enseignant l'examinera. N'affichez que ce dont "
        "vous avez besoin, puis soumettez-le à nouveau si c'est permis."
    ),
    (
        "Python stopped while running your notebook (the code ended the process, crashed, or "
        "used too much memory), so it could not be graded automatically. Your instructor will "
        "review it. Restart the kernel and run all cells to find the cell that stops."
    ): (
        "Python s'est arrêté pendant l'exécution de votre notebook (le code a mis fin au "
        "processus, a planté ou a utilisé trop de mémoire)\u202f; il n'a donc pas pu être "
        "corrigé automatiquement. Votre enseignant l'examinera. Redémarrez le noyau et "
        "exécutez toutes les cellules pour trouver celle qui s'arrête."
    ),
    (
        "Your notebook could not be graded automatically because of a problem while running it. "
        "Your instructor will review it. Run all cells from top to bottom to check it runs."
    ): (
        "Votre notebook n'a pas pu être corrigé automatiquement à cause d'un problème pendant "
        "son exécution. Votre enseignant l'examinera. Exécutez toutes les cellules de haut en "
        "bas pour vérifier qu'il fonctionne."
    ),
    (
        "The file you submitted is not a readable Jupyter notebook (it may be damaged, or "
        "another kind of file), so nothing could be run. Open it in Jupyter to check, and "
        "resubmit the .ipynb file if allowed."
    ): (
        "Le fichier que vous avez rendu n'est pas un notebook Jupyter lisible (il est peut-être "
        "endommagé, ou d'un autre type)\u202f; rien n'a donc pu être exécuté. Ouvrez-le dans "
        "Jupyter pour le vérifier, puis soumettez à nouveau le fichier .ipynb si c'est permis."
    ),
    (
        "No notebook named {expected} was found in your submission (found: {found}). Submit "
        "the notebook you were given, under its original name, if you may still resubmit."
    ): (
        "Aucun notebook nommé {expected} n'a été trouvé dans votre rendu (trouvé\u202f: "
        "{found}). Soumettez le notebook qui vous a été remis, sous son nom d'origine, si vous "
        "pouvez encore le soumettre à nouveau."
    ),
    (
        "Your submission could not be graded in the usual way (status: {status}). Your "
        "instructor has been told and will review it."
    ): (
        "Votre rendu n'a pas pu être corrigé de la façon habituelle (statut\u202f: "
        "{status}). Votre enseignant en a été informé et l'examinera."
    ),
    # --- the Moodle worksheet's feedback comments (errors.EXPORT_STUDENT_COMMENT, _MANUAL) ---
    "Graded automatically. Your feedback page explains each check.": (
        "Corrigé automatiquement. Votre page de retour explique chaque vérification."
    ),
    (
        "Graded automatically. Part of your code ran past the time limit and was stopped: "
        "your feedback page says which checks could not pass."
    ): (
        "Corrigé automatiquement. Une partie de votre code a dépassé la limite de temps et a "
        "été arrêtée\u202f: votre page de retour indique les vérifications qui n'ont pas pu "
        "réussir."
    ),
    (
        "Graded automatically with the checks as they were given to you; your instructor "
        "will review your notebook, in which a check was changed or deleted."
    ): (
        "Corrigé automatiquement avec les vérifications telles qu'elles vous ont été "
        "remises\u202f; votre enseignant examinera votre notebook, dans lequel une "
        "vérification a été modifiée ou supprimée."
    ),
    "No submission was received for this assignment.": "Aucun rendu n'a été reçu pour ce devoir.",
    (
        "Your submission did not hold the notebook under its original name, so nothing "
        "could be graded. Ask your instructor whether you may resubmit."
    ): (
        "Votre rendu ne contenait pas le notebook sous son nom d'origine\u202f; rien n'a donc "
        "pu être corrigé. Demandez à votre enseignant si vous pouvez le soumettre à nouveau."
    ),
    (
        "Your file could not be opened as a notebook, so nothing could be graded. Ask your "
        "instructor whether you may resubmit."
    ): (
        "Votre fichier n'a pas pu être ouvert comme un notebook\u202f; rien n'a donc pu être "
        "corrigé. Demandez à votre enseignant si vous pouvez le soumettre à nouveau."
    ),
    (
        "Your notebook could not be graded automatically; your instructor will review it "
        "and this grade may change."
    ): (
        "Votre notebook n'a pas pu être corrigé automatiquement\u202f; votre enseignant "
        "l'examinera et cette note peut changer."
    ),
    "Some answers are still to be graded by your instructor: this grade may change.": (
        "Certaines réponses doivent encore être corrigées par votre enseignant\u202f: cette "
        "note peut changer."
    ),
}
