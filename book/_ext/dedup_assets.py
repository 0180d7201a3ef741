"""Remove duplicate <script> entries that Sphinx 7.4 emits for inline scripts.

Sphinx 7.4's HTML builder re-initialises its JavaScript list before writing and re-adds the
inline scripts registered by extensions with ``filename=''`` instead of ``None``, so its
duplicate check misses them: sphinx-thebe's ``const THEBE_JS_URL`` is declared twice and
the browser throws "Identifier 'THEBE_JS_URL' has already been declared".
"""


def _dedup_scripts(app, pagename, templatename, context, doctree):
    seen = set()
    unique = []
    for script in context.get("script_files", []):
        key = (
            script.filename or "",
            script.priority,
            tuple(sorted((k, str(v)) for k, v in script.attributes.items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"][:] = unique


def setup(app):
    app.connect("html-page-context", _dedup_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
