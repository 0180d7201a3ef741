"""The one HTML page frame of the grader's pages: feedback, class report, certificates.

Each page is self-contained (no script, font or image fetched from anywhere), readable on a
phone, with the course's table and alert styles.
"""

from __future__ import annotations

BASE_CSS = """\
body { font-family: system-ui, sans-serif; max-width: 56rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #111; }
img { max-width: 100%; height: auto; display: block; margin: 1rem 0; }
table { border-collapse: collapse; margin-bottom: 1rem; }
th, td { border: 1px solid #767676; padding: 0.3rem 0.6rem; text-align: left; }
[role=alert] { border-left: 4px solid #D55E00; padding: 0.5rem 1rem; background: #fff4ec; }
"""

_FRAME = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{head_title}</title>
<style>
{css}</style>
</head>
<body>
<h1>{title}</h1>
{body}
</body>
</html>
"""


def html_page(
    title: str, body: str, *, lang: str = "en", head_title: str | None = None, css: str = ""
) -> str:
    """A whole page around ``body``.

    Parameters
    ----------
    title
        The page's heading, already escaped.
    body
        The HTML under the heading (its texts already escaped).
    lang
        The page's language.
    head_title
        The browser tab's title, already escaped (default: ``title``).
    css
        Rules added after the base style.
    """
    return _FRAME.format(
        lang=lang,
        head_title=head_title if head_title is not None else title,
        css=BASE_CSS + css,
        title=title,
        body=body,
    )
