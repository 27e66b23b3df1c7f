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
    numbered = lambda report: [s["no"] for s in report.sections if s["no"]]  # noqa: E731 (0 = preamble)
    assert numbered(again) == numbered(original)


@pytest.mark.parametrize("seed", SEEDS)
def test_borderless_pdf_tables_read_as_text_lines(seed, text_versions, tmp_path):
    """Without ruling lines pdfplumber finds no table: rows come out as "label 0 0 0" lines,
    long labels wrapped onto the next line, group labels in front. Every cell reads back,
    except that an empty cell leaves nothing on the page, so it can only be missing."""
    original = text_versions[seed]
    target = tmp_path / f"{seed}.pdf"
    write_pdf(blocks(original, _title(DATA / "seeds" / seed)), str(target), ruled=False)
    want = {k: (("missing", None) if v == ("blank", None) and raw == "" else v)
            for (k, v), raw in zip(actual_cells(original).items(), _raws(original))}
    assert actual_cells(parse_file(str(target))) == want


def _raws(report):
    return [c["raw"] for c in report.cells]
