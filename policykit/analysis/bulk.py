"""Building large models without cyclic-GC pauses."""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def bulk():
    """No cyclic-GC passes while a large model is built: nothing built here is garbage yet,
    and each pass would walk every object made so far (quadratic in the users)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] > _LARGE:
            # The model lives as long as the command: later passes need not walk it again
            # (each full pass over two million objects costs a second).
            gc.freeze()
        if enabled:
            gc.enable()


_LARGE = 200_000  # objects built inside one bulk() that make it worth freezing them
