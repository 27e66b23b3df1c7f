"""The audit's scratch folder in the system's temporary folder, named after the process that owns it,
so that a later audit can remove the folders of audits that were killed (their clean-up never ran).
"""
import os
import re
import shutil
import tempfile

PREFIX = "gd-audit-"
_OWNED = re.compile(re.escape(PREFIX) + r"(\d+)-")


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_stale():
    """Remove the scratch folders whose owning process is gone; returns their names."""
    removed = []
    folder = tempfile.gettempdir()
    for name in os.listdir(folder):
        owner = _OWNED.match(name)
        path = os.path.join(folder, name)
        if owner and int(owner.group(1)) != os.getpid() and not _alive(int(owner.group(1))) \
                and os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(name)
    return removed


def scratch_folder():
    """A temporary folder for this audit (a context manager), named after this process."""
    return tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-")
