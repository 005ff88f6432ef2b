"""Shapes of Indonesian government identifiers (validated by shape, never by catalogue)."""

from __future__ import annotations

import re

# NIP: 18 digits = birth date (8) + appointment year-month (6) + sex (1) + serial (3).
_NIP_RE = re.compile(r"^\d{18}$")
# Permendagri 90/2019 unit code, e.g. 4.01.0.00.0.00.01.0000 (urusan.bidang.urusan.bidang.
# urusan.bidang.unit.sub-unit). Digits only, dot-separated, groups 1-2-1-2-1-2-2-4.
_UNIT_CODE_RE = re.compile(r"^\d\.\d{2}\.\d\.\d{2}\.\d\.\d{2}\.\d{2}\.\d{4}$")
# Sub-kegiatan budget code: urusan X, bidang X.XX (X.XX for support programmes), program PP,
# kegiatan L.KK, sub-kegiatan SS or SSSS, e.g. 1.02.02.2.01.0001 or X.XX.01.2.01.01.
_SUBACTIVITY_RE = re.compile(r"^(\d|X)\.(\d{2}|XX)\.\d{2}\.\d\.\d{2}\.(\d{2}|\d{4})$")


def normalise_nip(value: str) -> str:
    """Drop the spaces and dots people type between NIP groups."""
    return re.sub(r"[\s.]", "", value or "")


def is_valid_nip(value: str) -> bool:
    """True for 18 digits whose first eight form a plausible birth date."""
    nip = normalise_nip(value)
    if not _NIP_RE.match(nip):
        return False
    year, month, day = int(nip[0:4]), int(nip[4:6]), int(nip[6:8])
    return 1940 <= year <= 2015 and 1 <= month <= 12 and 1 <= day <= 31


def format_nip(value: str) -> str:
    """Group an NIP 8-6-1-3 as printed under a signature: 19600910 198003 1 003."""
    nip = normalise_nip(value)
    if len(nip) != 18:
        return value
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def is_valid_unit_code(value: str) -> bool:
    """True for the Permendagri 90/2019 unit-code shape, e.g. 4.01.0.00.0.00.01.0000."""
    return bool(_UNIT_CODE_RE.match((value or "").strip()))


def is_valid_subactivity_code(value: str) -> bool:
    """True for the Permendagri 90/2019 sub-kegiatan shape, e.g. 1.02.02.2.01.0001."""
    return bool(_SUBACTIVITY_RE.match((value or "").strip().upper()))
