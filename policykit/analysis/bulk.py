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
        if enabled:
            gc.enable()
