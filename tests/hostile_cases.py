"""Small files built to knock a loader over (issue 13), generated on the spot: nothing big is
committed. Each maker writes one file into ``folder`` and returns its path. Used by the tests
(tests/test_hostile_readers.py) and by bench/hostile.py, which times them."""
import io
import os
import random
import zipfile
from pathlib import Path

RUN_ON = Path(__file__).parent / "data" / "corpus" / "013_pingtan-2019-concat.txt"

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def html_spans_multiply(folder):
    """200 rows of one <td rowspan=200 colspan=200>, 7 KB (gigabytes before the fix)."""
    rows = "<tr><td rowspan=200 colspan=200>1</td></tr>" * 200
    return _write(folder, "spans.html", "<html><body><table>" + rows + "</table></body></html>")


def html_wide_rows(folder):
    """3,000 rows of <td colspan=200>: quadratic expansion took 58 s before the fix."""
    rows = "<tr><td colspan=200>0</td></tr>" * 3000
    return _write(folder, "wide.html", "<html><body><table>" + rows + "</table></body></html>")


def _docx(parts):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                   'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
                   'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        for name, chunks in parts.items():
            with z.open(name, "w", force_zip64=True) as f:
                for chunk in chunks:
                    f.write(chunk)
    return buf.getvalue()


def _body(inner_chunks):
    yield f'<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>'.encode()
    yield from inner_chunks
    yield b"</w:body></w:document>"


def docx_bomb(folder, mib=1024):
    """1 MB whose document.xml expands to ``mib`` MiB (1 GB: 2.1 GB of memory before the fix)."""
    spaces = b" " * 2 ** 20
    return _write(folder, "bomb.docx", _docx({"word/document.xml": _body(spaces for _ in range(mib))}))


def docx_many_paragraphs(folder):
    """5 million empty paragraphs (4.1 GB of memory before the fix)."""
    block = b"<w:p/>" * 100_000
    return _write(folder, "paragraphs.docx", _docx({"word/document.xml": _body(block for _ in range(50))}))


def docx_grid_span(folder):
    """A table of 100 rows of 50 cells each spanning 200 grid columns (525 MB before the fix)."""
    row = b"<w:tr>" + b'<w:tc><w:tcPr><w:gridSpan w:val="200"/></w:tcPr><w:p/></w:tc>' * 50 + b"</w:tr>"
    table = b"<w:tbl>" + row * 100 + b"</w:tbl>"
    return _write(folder, "gridspan.docx", _docx({"word/document.xml": _body([table])}))


def pdf_many_pages(folder, pages=3000):
    """3,000 pages of text (12 GB and 238 s before the fix)."""
    from reportlab.pdfgen import canvas

    path = os.path.join(folder, "pages.pdf")
    c = canvas.Canvas(path)
    for n in range(pages):
        c.drawString(72, 720, f"Page {n + 1} " + "0 1 2 3 4 5 6 7 8 9 " * 4)
        c.showPage()
    c.save()
    return path


def t4_long_digit_run(folder, digits=400):
    """A real run-on report (corpus 013) with a run of 400 digits in Table 四's place (hours
    before item 1 of the issue was fixed)."""
    rng = random.Random(1)
    run = "".join(rng.choice("0123456789") for _ in range(digits))
    text = RUN_ON.read_text(encoding="utf-8").replace("尚未审结总计000000000000000", "尚未审结总计" + run, 1)
    return _write(folder, "t4run.txt", text)


def narrative_many_claims(folder, claims=40000):
    """640 KB of one paragraph stating 40,000 application counts, no sentence end: each claim read
    the whole text back and forth for its sentence (two minutes before the fix)."""
    text = "2024年度政府信息公开工作年度报告\n一、总体情况\n" + "本机关收到政府信息公开申请3件，" * claims + "\n"
    return _write(folder, "claims.txt", text)


CASES = {"html_spans": html_spans_multiply, "html_wide_rows": html_wide_rows, "docx_bomb": docx_bomb,
         "docx_paragraphs": docx_many_paragraphs, "docx_gridspan": docx_grid_span, "pdf_3000_pages": pdf_many_pages,
         "t4_400_digits": t4_long_digit_run, "narrative_40000_claims": narrative_many_claims}


def _write(folder, name, content):
    path = os.path.join(folder, name)
    with open(path, "wb") as f:
        f.write(content.encode("utf-8") if isinstance(content, str) else content)
    return path
