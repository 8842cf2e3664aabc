"""The last good content, kept on disk: a process that starts while the files are broken (a
worker restart, a deploy, a HUP after a bad edit) serves it instead of refusing to start.

A snapshot is a copy of exactly the bytes that were validated (Content.files), in a folder named
after the content's version, so loading it again gives the same content and the same version.
Each copy is written under a draft name and renamed into place whole; a small pointer file,
replaced atomically, names the newest copy and the content folder it was taken from. Whoever
loads a snapshot validates it like any content folder, so a damaged copy is never served."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from .model import Content

POINTER = "current.json"
KEEP = 2  # copies kept: the newest, and the one before for a process still reading it


def save(content: Content, folder: Path, root: str | os.PathLike[str]) -> Path:
    """Keep `content` (loaded from `root`) as the last good content in `folder`."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / content.version
    if not target.is_dir():
        draft = Path(tempfile.mkdtemp(dir=folder, prefix=".draft-"))
        try:
            for name, raw in content.files.items():
                path = draft / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(raw)
            with contextlib.suppress(OSError):  # another process renamed it into place first
                draft.rename(target)
        finally:
            shutil.rmtree(draft, ignore_errors=True)
    pointer = {"version": content.version, "root": os.path.abspath(root)}
    _write_atomically(folder / POINTER, json.dumps(pointer).encode())
    _prune(folder, keep=content.version)
    return target


def find(folder: Path, root: str | os.PathLike[str]) -> Path | None:
    """The newest snapshot of the content folder `root`, or None if there is none."""
    try:
        pointer = json.loads((folder / POINTER).read_bytes())
        version, saved_from = str(pointer["version"]), str(pointer["root"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    path = folder / version
    if saved_from != os.path.abspath(root) or "/" in version or not path.is_dir():
        return None
    return path


def _write_atomically(path: Path, data: bytes) -> None:
    fd, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(draft, path)
    except BaseException:
        os.unlink(draft)
        raise


def _prune(folder: Path, keep: str) -> None:
    """Leave the newest copies, and drafts a process that died while writing left behind."""
    now = time.time()
    copies = []
    for path in folder.iterdir():
        modified = _mtime(path)
        if path.name.startswith(".draft-") and now - modified > 3600:
            shutil.rmtree(path, ignore_errors=True)
        elif path.is_dir() and not path.name.startswith("."):
            copies.append((path.name == keep, modified, path))
    copies.sort(key=lambda copy: copy[:2], reverse=True)
    for _, _, old in copies[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile by another process pruning
        return 0.0
