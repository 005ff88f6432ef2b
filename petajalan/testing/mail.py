"""Reading e-mails that tests receive in ``django.core.mail.outbox``."""

from __future__ import annotations

import re
from typing import Any


def password_link(message: Any) -> str:
    """The path of the set-password link in an invitation or reset e-mail."""
    body = str(message.body)
    match = re.search(r"https?://[^/\s]+(/akun/sandi-baru/\S+)", body)
    assert match, f"no set-password link in: {body}"
    return match.group(1)
