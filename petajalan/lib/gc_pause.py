"""Pausing Python's cycle collector while a large tree of plain objects is built.

Reading a 6,000-action road map creates ~200,000 tuples, decimals and dataclass objects, none of
them in a reference cycle; each time the allocation count passes the collector's threshold it
walks every live object, which made up a third of ``to_plain`` (0.14 s of 0.40 s). Reference
counting still frees everything as usual; cycles wait for the next collection after the block.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cycle collector inside the block (re-enabled after, if it was on before)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def gc_frozen() -> Iterator[None]:
    """Keep the objects alive when the block starts out of the collector's walks inside it.

    A render reads the plain road map (~200,000 objects at 6,000 actions) from start to end while
    it allocates its own; every full collection the render triggers walked the whole tree again
    (0.10–0.13 s of a city-size export). ``gc.freeze`` moves what exists now to the permanent
    generation; ``gc.unfreeze`` hands it back, so nothing is kept longer than it would have been.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
