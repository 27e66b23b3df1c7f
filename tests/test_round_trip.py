"""Each seed, written as an HTML page, a DOCX and a PDF with the official merged table headers,
reads back to exactly the cells of its text version."""
import pytest

from conftest import DATA, actual_cells
from datasette_gov_disclosure.load import parse_file
from layouts import blocks, write_docx, write_html, write_pdf

SEEDS = sorted(p.name for p in (DATA / "seeds").glob("*.txt"))
WRITERS = {"html": write_html, "docx": write_docx, "pdf": write_pdf}


def _title(path):
    with open(path, encoding="utf-8") as f:
        return next(line.strip() for line in f if line.strip())


@pytest.fixture(scope="module")
def text_versions():
    return {name: parse_file(str(DATA / "seeds" / name)) for name in SEEDS}


@pytest.mark.parametrize("kind", sorted(WRITERS))
@pytest.mark.parametrize("seed", SEEDS)
def test_round_trip(seed, kind, text_versions, tmp_path):
    original = text_versions[seed]
    assert original.format in ("2019", "2021") and original.cells
    target = tmp_path / f"{seed}.{kind}"
    WRITERS[kind](blocks(original, _title(DATA / "seeds" / seed)), str(target))
    again = parse_file(str(target))
    assert again.reader == kind
    assert again.format == original.format
    assert actual_cells(again) == actual_cells(original)
    assert [s["no"] for s in again.sections] == [s["no"] for s in original.sections]
