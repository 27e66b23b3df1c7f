"""A non-editable install carries everything: code, shipped rules and metadata (issue 2)."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).parent / "data" / "seeds" / "001_f7ae2969909213d6.txt"


def test_wheel_parses_from_another_directory(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path / "whl"), str(ROOT)], check=True, capture_output=True)
    wheel = next((tmp_path / "whl").glob("*.whl"))
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [sys.executable, "-c", "import datasette_gov_disclosure as p, datasette_gov_disclosure.paths as s;"
                               "print(p.__file__); print(s.shipped('metadata.yml'))"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True).stdout.split()
    assert all(line.startswith(str(site)) for line in probe), probe
    out = subprocess.run([sys.executable, "-c", "from datasette_gov_disclosure.cli import main; main()",
                          "parse", str(SEED)], cwd=elsewhere, env=env, check=True, capture_output=True, text=True)
    report = json.loads(out.stdout)
    assert (report["agency"], report["year"], report["format"], report["parse_status"]) == \
           ("绿园区人民政府办公室", 2025, "2021", "ok")
    assert len(report["cells"]) == 200
