"""``python -m translation``: the French catalogues and the French source tree.

python -m translation update                 # catalogues in line with the English files
python -m translation check                  # what is missing, fuzzy or fails parity
python -m translation export PATH [--todo]   # a catalogue as text, for a translator
python -m translation import FILE            # a translator's text back into its catalogue
python -m translation build DIR              # the French source tree (a book and a course)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from translation import catalogues, edition
from translation.check import problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m translation", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update", help="catalogues in line with the English files")
    check = commands.add_parser("check", help="list what is missing, fuzzy or fails parity")
    check.add_argument("paths", nargs="*", help="only these English files")
    export = commands.add_parser("export", help="a catalogue as plain text")
    export.add_argument("path", type=Path, help="the English file, e.g. book/intro.md")
    export.add_argument("--todo", action="store_true", help="only units still to translate")
    imported = commands.add_parser("import", help="a translator's text into its catalogue")
    imported.add_argument("file", type=Path)
    build = commands.add_parser("build", help="write the French source tree")
    build.add_argument("destination", type=Path)
    build.add_argument("--allow-missing", action="store_true", help="English where no French")
    args = parser.parse_args(argv)

    if args.command == "update":
        for source in catalogues.translated_files():
            todo, fuzzy = catalogues.update(source)
            if todo or fuzzy:
                print(f"{source}: {todo} to translate, {fuzzy} fuzzy")
        return 0
    if args.command == "check":
        found = problems(paths=args.paths or None)
        print("\n".join(found) or "Every unit is translated and keeps its English's parity.")
        return 1 if found else 0
    if args.command == "export":
        sys.stdout.write(catalogues.export_text(args.path, only_todo=args.todo))
        return 0
    if args.command == "import":
        source, count = catalogues.import_text(args.file.read_text(encoding="utf-8"))
        print(f"{source}: {count} unit(s) stored")
        found = problems(paths=[str(source)])
        print("\n".join(found) or "Every unit of this file is translated and keeps parity.")
        return 0
    try:
        written = edition.build(args.destination, allow_missing=args.allow_missing)
    except edition.MissingTranslationError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"The French edition's sources: {len(written)} files in {args.destination}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
