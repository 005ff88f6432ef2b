"""The ``petajalan`` console command: manage.py with the settings preset."""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    from petajalan import warm

    if warm.wanted(sys.argv, os.environ):  # a document export: a warm process (petajalan/warm.py)
        code = warm.run(sys.argv)
        if code is not None:
            sys.exit(code)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petajalan.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line([os.path.basename(sys.argv[0]) or "petajalan", *sys.argv[1:]])
    finally:
        # The interpreter's exit walks every object Django and the command left (~100,000) in
        # several full collections: 0.08 s of each command. Frozen, they are only freed by
        # reference counting; atexit handlers still run and open files are still closed.
        gc.freeze()


if __name__ == "__main__":
    main()
