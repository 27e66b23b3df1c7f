"""Word 97–2003 (.doc) files: each seed saved as .doc reads back to the cells of its text
version, merged cells land on the right grid positions, and what is not a readable Word file
(.wps, encrypted, damaged) becomes a failed report saying what it is.

The .doc files in tests/data/doc/ were written by LibreOffice from .docx files made of the
seeds (scripts/make-doc-fixtures); the package itself reads them with olefile alone.
"""
import struct
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, actual_cells
from datasette_gov_disclosure.document import ReadError
from datasette_gov_disclosure.load import parse_bytes, parse_file
from datasette_gov_disclosure.readers import read_bytes, sniff

SEEDS = sorted(p.stem for p in (DATA / "seeds").glob("*.txt"))
MERGED = DATA / "doc" / "merged.doc"


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_written_as_doc_reads_to_the_same_cells(seed):
    original = parse_file(str(DATA / "seeds" / f"{seed}.txt"))
    again = parse_file(str(DATA / "doc" / f"{seed}.doc"))
    assert again.reader == "doc" and again.parse_status == original.parse_status
    assert again.format == original.format
    assert len(actual_cells(original)) > 100
    assert actual_cells(again) == actual_cells(original)
    numbered = lambda report: [s["no"] for s in report.sections if s["no"]]  # noqa: E731 (0 = preamble)
    assert numbered(again) == numbered(original) == [1, 2, 3, 4, 5, 6]


def test_doc_is_chosen_by_content_whatever_the_name():
    data = MERGED.read_bytes()
    assert sniff(data, "report.txt") == "doc"
    assert read_bytes(data, "download.aspx").reader == "doc"


def test_merged_cells_land_on_the_grid():
    """merged.doc (see scripts/make-doc-fixtures): 甲 spans two rows, 乙 three columns, 庚 two
    columns, 壬 two rows and two columns. Copies are origin=False, as in the DOCX reader."""
    doc = read_bytes(MERGED.read_bytes(), "merged.doc")
    assert [b.text for b in doc.blocks if b.kind == "line"] == ["合并单元格", "表后一段。"]
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    grid = [[(c.text, c.origin) for c in row] for row in table.rows]
    assert grid == [
        [("甲", True), ("乙", True), ("乙", False), ("乙", False)],
        [("甲", False), ("丙", True), ("丁", True), ("戊", True)],
        [("己", True), ("庚", True), ("庚", False), ("辛", True)],
        [("壬", True), ("壬", False), ("癸", True), ("子", True)],
        [("壬", False), ("壬", False), ("丑", True), ("寅", True)],
    ]
    assert [b.kind for b in doc.blocks] == ["line", "table", "line"]


# ---------------------------------------------------------------- what is not a readable .doc

def _entry(data, name):
    """Offset of the directory entry of stream ``name`` in an OLE file."""
    at = data.find(name.encode("utf-16-le") + b"\0\0")
    assert at > 0 and at % 128 == 0
    return at


def _rename(data, old, new):
    data = bytearray(data)
    at = _entry(data, old)
    data[at:at + 64] = (new.encode("utf-16-le") + b"\0\0").ljust(64, b"\0")
    struct.pack_into("<H", data, at + 64, 2 * (len(new) + 1))
    return bytes(data)


def _word_stream_offset(data):
    start = struct.unpack_from("<I", data, _entry(data, "WordDocument") + 116)[0]
    offset = 512 * (start + 1)
    assert data[offset:offset + 2] == b"\xec\xa5"  # the FIB's wIdent
    return offset


def _failed(data, name):
    report = parse_bytes(data, name)
    assert report.parse_status == "failed"
    assert "\n" not in report.parse_error
    return report.parse_error


def test_wps_file_fails_saying_it_is_wps():
    data = _rename(MERGED.read_bytes(), "WordDocument", "CONTENTS")
    assert "WPS 文字（.wps）" in _failed(data, "报告.wps")
    assert "WPS" in _failed(b"\x01\x02WPS binary" + bytes(range(256)) * 4, "报告.wps")


def test_other_office_files_fail_saying_what_they_are():
    data = MERGED.read_bytes()
    assert "Excel" in _failed(_rename(data, "WordDocument", "Workbook"), "x.doc")
    encrypted_package = _rename(_rename(data, "WordDocument", "EncryptionInfo"), "1Table", "EncryptedPackage")
    assert "加密" in _failed(encrypted_package, "x.docx")


def test_encrypted_doc_fails_saying_it_is_encrypted():
    data = bytearray(MERGED.read_bytes())
    flags_at = _word_stream_offset(data) + 10
    struct.pack_into("<H", data, flags_at, struct.unpack_from("<H", data, flags_at)[0] | 0x0100)  # fEncrypted
    assert "加密" in _failed(bytes(data), "x.doc")


def test_word95_file_fails_saying_so():
    data = bytearray(MERGED.read_bytes())
    struct.pack_into("<H", data, _word_stream_offset(data) + 2, 0x0065)  # nFib of Word 6
    assert "Word 95" in _failed(bytes(data), "x.doc")


def test_damaged_doc_fails_in_one_line():
    data = MERGED.read_bytes()
    huge = bytearray(data)
    struct.pack_into("<I", huge, _entry(huge, "WordDocument") + 120, 0x7FFFFFF0)  # declared stream size
    assert "损坏" in _failed(bytes(huge), "x.doc")
    assert _failed(data[:3000], "x.doc")
    looping = bytearray(data)  # the WordDocument stream's sector chain points at itself
    start = struct.unpack_from("<I", looping, _entry(looping, "WordDocument") + 116)[0]
    fat_sector = struct.unpack_from("<I", looping, 76)[0]  # the first FAT sector (header DIFAT[0])
    struct.pack_into("<I", looping, 512 * (fat_sector + 1) + 4 * start, start)
    began = time.perf_counter()
    report = parse_bytes(bytes(looping), "x.doc")
    assert report.parse_status == "failed" and time.perf_counter() - began < 5


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_corrupted_doc_is_a_read_error_or_a_document(data):
    """Bytes overwritten anywhere in a real .doc: a Document or a one-line ReadError, never
    another exception."""
    raw = bytearray(MERGED.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 4))
        raw[at:at + 4] = data.draw(st.binary(min_size=4, max_size=4))
    try:
        doc = read_bytes(bytes(raw), "x.doc")
    except ReadError as e:
        assert "\n" not in str(e)
    else:
        assert doc.reader == "doc"
