"""Compile one Typst document in a short-lived process: ``python typst_child.py TEMPLATE FONTDIR…``.

The JSON data comes on stdin (as ``sys.inputs.data``), the PDF goes to stdout, Typst's
diagnostics to stderr with exit status 2. Run by ``pdf_render.compile_pdf``: the typst wheel keeps
the memoised layout of every compile for the life of the process (about 700 MB after one city
road map, 6 MB after a small one, never released), so a web or worker process must not compile
in-process. This file imports nothing from the project, so it starts in about 30 ms.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typst


def main(argv: list[str]) -> int:
    template, *font_paths = argv
    data = sys.stdin.buffer.read().decode("utf-8")
    try:
        pdf: bytes = typst.compile(  # type: ignore[misc]
            Path(template).read_bytes(), sys_inputs={"data": data}, font_paths=font_paths
        )
    except RuntimeError as exc:  # TypstError carries the diagnostics
        sys.stderr.write(str(exc))
        return 2
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
