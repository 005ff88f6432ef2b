"""WSGI entry point: `granian --interface wsgi petajalan.wsgi:application` (docs/deployment.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petajalan.settings")
application = get_wsgi_application()
