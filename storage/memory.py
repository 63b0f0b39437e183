"""Give the heap pages a step has freed back to the operating system.

glibc keeps freed memory in its arenas (one per thread that allocated, DuckDB's worker
threads included) and returns it only when asked; a process that reads a large table a part
at a time would otherwise keep the high-water mark of every part it ever held. Measured on
the 10,000-file benchmark, publishing held 470 MB after inserting the sentences and 345 MB
once trimmed."""

import ctypes
import ctypes.util
from functools import cache


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None  # glibc only


def release_freed_memory() -> None:
    """malloc_trim(0) where the C library has it (glibc); nothing elsewhere."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
