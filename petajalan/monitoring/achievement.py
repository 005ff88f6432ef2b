"""Achievement (capaian) of a realisation against its target, and its colour. Pure: no database.

The rule (domain brief §5b, after PermenPAN-RB 8/2021 on performance management):

- direction **up** (higher is better): capaian = realisation ÷ target × 100;
- direction **down** (lower is better): capaian = (2 − realisation ÷ target) × 100, never below 0;
- direction **keep** (hold the level): capaian = (1 − |realisation − target| ÷ target) × 100, never
  below 0 (holding exactly is 100 %, drifting either way costs the same);
- a target of 0: up → no achievement (nothing to measure against; shown "target 0"); down and keep →
  100 when the realisation is 0 too, else 0;
- no realisation (not reported) → no achievement: the row is grey and leaves the averages.

The value is not capped (a unit that exceeds its target shows, say, 135 %); only the colour is: at or
above the government's green threshold is green, at or above amber is amber, below is red. Roll-ups
average achievements capped at 100 % (weighted), so one row far above target cannot hide others
below it; both the capped and the plain figures are shown where a roll-up is traced to its rows.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

HUNDRED = Decimal(100)
CAP = HUNDRED


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"


def achievement(direction: str, target: Decimal | None, value: Decimal | None) -> Decimal | None:
    """The capaian in percent (2 decimals), or None when it cannot be measured."""
    if value is None or target is None:
        return None
    if target == 0:
        if direction == "up":
            return None
        return HUNDRED if value == 0 else Decimal(0)
    ratio = Decimal(value) / Decimal(target)
    if direction == "down":
        result = (2 - ratio) * HUNDRED
    elif direction == "keep":
        result = (1 - abs(ratio - 1)) * HUNDRED
    else:
        result = ratio * HUNDRED
    result = max(result, Decimal(0))
    return result.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rag(value: Decimal | None, *, green_from: Decimal, amber_from: Decimal) -> Rag:
    """The colour of an achievement (or of a roll-up) under a government's thresholds."""
    if value is None:
        return Rag.GREY
    if value >= green_from:
        return Rag.GREEN
    if value >= amber_from:
        return Rag.AMBER
    return Rag.RED


def absorption(spent: Decimal | None, planned: Decimal | None) -> Decimal | None:
    """Budget absorption in percent (realised ÷ planned), None without a plan."""
    if spent is None or not planned:
        return None
    return (Decimal(spent) / Decimal(planned) * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
