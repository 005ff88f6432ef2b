"""Compile one Typst document in a short-lived process.

``python typst_child.py TEMPLATE [--locate LABEL] FONTDIR…``: the JSON data comes on stdin (as
``sys.inputs.data``), the PDF goes to stdout, Typst's diagnostics to stderr with exit status 2.
With ``--locate``, the first line of stdout is the JSON of ``query(LABEL)`` on the same layout
(Typst memoises it: a few milliseconds), then the PDF. Started by ``pdf_render``: the
typst wheel keeps the memoised layout of every compile for the life of the process (about 700 MB
after one city road map, 6 MB after a small one, never released), so a web or worker process
must not compile in-process. This file imports nothing from the project, so it starts in about
30 ms.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typst


def main(argv: list[str]) -> int:
    template, *rest = argv
    label = None
    if rest[:1] == ["--locate"]:
        label, rest = rest[1], rest[2:]
    data = sys.stdin.buffer.read().decode("utf-8")
    path = Path(template)
    try:
        compiler = typst.Compiler(
            str(path), root=str(path.parent), font_paths=rest, sys_inputs={"data": data}
        )
        pdf = compiler.compile()
        located = json.loads(compiler.query(label)) if label else None
    except RuntimeError as exc:  # TypstError carries the diagnostics
        sys.stderr.write(str(exc))
        return 2
    if label is not None:
        sys.stdout.buffer.write(json.dumps(located).encode("ascii") + b"\n")
    sys.stdout.buffer.write(pdf)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
