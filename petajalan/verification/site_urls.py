"""The verification pages where the site mounts them, as a URL conf of their own.

The root URL conf includes this module, and a seal's address is reversed against it alone: a
sealed export in a fresh process (the command line, a new worker) no longer loads every view and
the API's schemas to print one address in the QR code (0.25–0.3 s, decision 0056 addendum 4).
"""

from django.urls import include, path

urlpatterns = [path("verifikasi/", include("petajalan.verification.urls"))]
