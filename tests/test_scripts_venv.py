"""scripts/test and scripts/demo set up their virtual environments with current installers, not
the pip 23.2 / setuptools 65.5 a new venv bundles (both with published advisories) — issue 13
item 16."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The first releases with the advisories fixed: pip 23.3 (CVE-2023-5752), setuptools 70.0 (CVE-2024-6345).
FIXED = {"pip": (23, 3), "setuptools": (70, 0)}


def version(python, package):
    out = subprocess.run([str(python), "-c", f"import importlib.metadata as m; print(m.version('{package}'))"],
                         capture_output=True, text=True, check=True).stdout.strip()
    return tuple(int(part) for part in out.split(".")[:2])


def test_venv_helper_upgrades_pip_and_setuptools(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(["bash", str(ROOT / "scripts" / "venv"), str(venv)], check=True, timeout=600)
    for package, fixed in FIXED.items():
        assert version(venv / "bin" / "python", package) >= fixed, package


def test_test_and_demo_scripts_use_it():
    for script in ("test", "demo"):
        text = (ROOT / "scripts" / script).read_text(encoding="utf-8")
        assert 'bash scripts/venv "$' in text and "python3 -m venv" not in text, script
