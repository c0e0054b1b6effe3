"""A build folder written safely: one writer at a time, a commit point, a manifest written last.

* **Lock.** A build or update holds an advisory lock (``fcntl.flock``) on ``.<folder>.lock`` beside
  the output folder for its whole run (an update from reading the old build to writing the new
  one). A second build of the same folder waits for it, or with ``wait=False`` stops at once with
  :class:`BuildLocked`. The lock goes with the process: a killed build frees it.
* **Staging.** Every file is written into ``.<folder>.staging-XXXX`` beside the output folder. The
  staging folder holds its own locked ``.lock`` while its build lives, so the next build removes the
  staging folders of killed builds (and only those).
* **Commit.** Once every file and ``manifest.json`` are complete, the staging folder is renamed
  ``.<folder>.commit`` (the commit point), its files are moved into the output folder, the
  manifest last, and it is removed. A build killed before the commit point leaves the previous
  build as it was; one killed after it is finished by the next build or update of the folder.
* **Durability.** Files and the manifest are flushed to the disk (``fsync``) before the commit point,
  the folders after each rename.
* **Manifest.** ``manifest.json`` names every file the build wrote with its size and SHA-256, the
  counts of reports and networks, and the tool's version. :func:`check_manifest` compares a folder
  with it; ``validate`` and ``update`` refuse a folder whose files differ from it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path

from cio_graph.graph.errors import InputError

__all__ = [
    "MANIFEST",
    "BuildLocked",
    "build_lock",
    "check_manifest",
    "commit",
    "lock_path",
    "new_staging",
    "read_manifest",
    "recover",
    "verify_build",
    "write_manifest",
]

MANIFEST = "manifest.json"
_STAGING = ".staging-"
_COMMIT = ".commit"
_HELD: dict[Path, int] = {}  # lock files this process holds, with how many callers hold each


class BuildLocked(InputError):
    """Another live build holds the output folder's lock (raised only when not waiting)."""


def lock_path(out_dir: Path) -> Path:
    """The lock file of ``out_dir``: ``.<name>.lock`` beside it."""
    out_dir = Path(out_dir).absolute()
    return out_dir.parent / f".{out_dir.name}.lock"


@contextlib.contextmanager
def build_lock(out_dir: Path, *, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock of ``out_dir`` (re-entrant within a process); on taking it, :func:`recover` the folder.

    ``wait=False``: :class:`BuildLocked` at once when another process holds it; else ``on_wait`` is told
    (a sentence naming the holder) before waiting for it.
    """
    path = lock_path(out_dir)
    if path in _HELD:
        _HELD[path] += 1
        try:
            yield
        finally:
            _HELD[path] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            if not wait:
                raise BuildLocked(
                    str(out_dir),
                    None,
                    f"another build (process {holder}) is writing this folder; "
                    "wait for it to finish, or run again without --no-wait",
                ) from None
            if on_wait is not None:
                on_wait(f"waiting for another build (process {holder}) to finish writing {out_dir}")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        _HELD[path] = 1
        try:
            recover(Path(out_dir))
            yield
        finally:
            del _HELD[path]
    finally:
        os.close(fd)  # closing the last descriptor frees the lock


def _holds_lock(path: Path) -> bool:
    """Whether a live process holds ``path`` locked (False when the file is gone)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def recover(out_dir: Path) -> None:
    """Finish a committed build of ``out_dir`` that was stopped while moving its files, and remove the
    staging folders of killed builds (those whose ``.lock`` no live process holds). Call with the lock held."""
    out_dir = Path(out_dir).absolute()
    committed = out_dir.parent / f".{out_dir.name}{_COMMIT}"
    if committed.is_dir():
        if (committed / MANIFEST).is_file():
            _move_in(committed, out_dir)
        shutil.rmtree(committed, ignore_errors=True)
    if out_dir.parent.is_dir():
        for stale in sorted(out_dir.parent.glob(f".{out_dir.name}{_STAGING}*")):
            if stale.is_dir() and not _holds_lock(stale / ".lock"):
                shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def new_staging(out_dir: Path) -> Iterator[Path]:
    """A fresh staging folder beside ``out_dir``, locked while in use and removed afterwards."""
    out_dir = Path(out_dir).absolute()
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}{_STAGING}", dir=out_dir.parent))
    fd = os.open(staging / ".lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield staging
    finally:
        os.close(fd)
        shutil.rmtree(staging, ignore_errors=True)


def _sha256(path: Path, *, sync: bool = False) -> str:
    """The file's SHA-256; ``sync``: its data flushed to the disk first (it survives a power cut)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        if sync:
            os.fsync(stream.fileno())
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the renames into it) to the disk."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_manifest(folder: Path, names: list[str], reports: int, networks: int) -> Path:
    """``manifest.json`` in ``folder``: each of ``names`` with its size and SHA-256, the counts, the version."""
    files = [
        {"name": name, "size": (folder / name).stat().st_size, "sha256": _sha256(folder / name, sync=True)}
        for name in sorted(names)
    ]
    manifest = {
        "tool": "cio-graph",
        "version": metadata.version("cio-graph"),
        "reports": reports,
        "networks": networks,
        "files": files,
    }
    path = folder / MANIFEST
    with path.open("w", encoding="utf-8") as stream:
        stream.write(json.dumps(manifest, indent=1) + "\n")
        stream.flush()
        os.fsync(stream.fileno())
    _sync_folder(folder)
    return path


def read_manifest(folder: Path) -> dict:
    """The manifest of a build folder; InputError when missing or not a manifest."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise InputError(
            str(path), None, "no manifest: expected a complete cio-graph build folder (written last by cio-graph build)"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = manifest["files"]
        if not all(
            isinstance(f["name"], str) and isinstance(f["size"], int) and isinstance(f["sha256"], str) for f in files
        ) or not isinstance(manifest["networks"], int):
            raise TypeError("bad entry")
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(
            str(path), None, f"expected a build manifest (JSON with files, sizes, SHA-256): {error}"
        ) from None
    return manifest


def check_manifest(folder: Path, names: list[str] | None = None) -> list[str]:
    """What differs between ``folder`` and its manifest, one line per file (``[]``: all match).

    ``names``: check only these files of the manifest.
    """
    folder = Path(folder)
    problems = []
    for entry in read_manifest(folder)["files"]:
        if names is not None and entry["name"] not in names:
            continue
        path = folder / entry["name"]
        if not path.is_file():
            problems.append(f"{path}: missing (listed in {MANIFEST})")
        elif path.stat().st_size != entry["size"]:
            problems.append(f"{path}: {path.stat().st_size:,} bytes, {MANIFEST} says {entry['size']:,}")
        elif _sha256(path) != entry["sha256"]:
            problems.append(f"{path}: content differs from {MANIFEST} (SHA-256)")
    return problems


def verify_build(folder: Path) -> dict:
    """The manifest of ``folder`` when every file it lists matches; InputError naming the first that does not."""
    manifest = read_manifest(folder)
    problems = check_manifest(folder)
    if problems:
        raise InputError(
            problems[0].split(": ", 1)[0],
            None,
            problems[0].split(": ", 1)[1] + "; the build is damaged or incomplete: rebuild it with cio-graph build",
        )
    return manifest


def _move_in(source: Path, out_dir: Path) -> None:
    """Move the files of ``source`` listed in its manifest into ``out_dir``, the manifest last."""
    names = [entry["name"] for entry in read_manifest(source)["files"]]
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in [*names, MANIFEST]:
        if (source / name).exists():  # files moved before an interruption are already in place
            os.replace(source / name, out_dir / name)
    _sync_folder(out_dir)


def commit(staging: Path, out_dir: Path) -> list[Path]:
    """Make the build in ``staging`` (its manifest written) the build of ``out_dir``; returns the files."""
    out_dir = Path(out_dir).absolute()
    committed = out_dir.parent / f".{out_dir.name}{_COMMIT}"
    names = [entry["name"] for entry in read_manifest(staging)["files"]]
    os.replace(staging, committed)  # the commit point
    _sync_folder(committed.parent)
    staging.mkdir()  # an empty folder for the staging context to remove
    _move_in(committed, out_dir)
    shutil.rmtree(committed, ignore_errors=True)
    return [out_dir / name for name in [*names, MANIFEST]]
