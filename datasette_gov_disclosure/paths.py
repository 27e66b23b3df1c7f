"""Where the shipped data lives: inside the installed package, or at the checkout's root."""
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def shipped(name):
    """``rules`` or ``metadata.yml``: the installed copy if there is one, else the checkout's."""
    for candidate in (PACKAGE / name, PACKAGE.parent / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{name} 不在安装包中 / not found in the installed package")
