"""The reader's output: what a file says, with no idea of annual reports.

A ``Document`` is an ordered list of blocks. A ``line`` block is one line of running text
(plain-text files are nothing but lines); a ``table`` block is a grid whose merged cells
have been expanded, each copy of a merged cell marked ``origin=False`` so that a value
spanning two columns is read once.
"""
from dataclasses import dataclass, field
from typing import List, Optional


class ReadError(Exception):
    """The file cannot be read as a document; the message is shown to the user."""


@dataclass
class Cell:
    text: str
    line: int = 0
    origin: bool = True


@dataclass
class Block:
    kind: str  # "line" | "table"
    line: int = 0
    text: str = ""
    rows: Optional[List[List[Cell]]] = None


@dataclass
class Document:
    blocks: List[Block]
    reader: str = "text"
    encoding: Optional[str] = None
    meta: dict = field(default_factory=dict)  # e.g. {"published_on": "2026-01-20", "title": …}

    def text(self):
        """All text in reading order, one block (or table row) per line."""
        out = []
        for block in self.blocks:
            if block.kind == "line":
                out.append(block.text)
            else:
                for row in block.rows:
                    out.append(" | ".join(c.text for c in row if c.origin))
        return "\n".join(out)

    def map_text(self, fn):
        """A copy with ``fn`` applied to every piece of text (used for normalisation)."""
        blocks = []
        for block in self.blocks:
            if block.kind == "line":
                blocks.append(Block("line", block.line, fn(block.text)))
            else:
                rows = [[Cell(fn(c.text), c.line, c.origin) for c in row] for row in block.rows]
                blocks.append(Block("table", block.line, rows=rows))
        meta = {k: fn(v) if isinstance(v, str) else v for k, v in self.meta.items()}
        return Document(blocks, self.reader, self.encoding, meta)
