"""The ``petajalan`` console command: manage.py with the settings preset."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petajalan.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([os.path.basename(sys.argv[0]) or "petajalan", *sys.argv[1:]])


if __name__ == "__main__":
    main()
