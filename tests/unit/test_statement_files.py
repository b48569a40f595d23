"""The statement's .docx copy holds any text a person can type, and nothing else."""

from __future__ import annotations

import io

from docx import Document

from diary.export.statement_files import docx_bytes


def test_any_typed_text_makes_a_valid_word_file() -> None:
    typed = 'Bell\x07 form\x0c feed, <w:t>not markup</w:t> & "quotes"\ttab\nnext line \ufffe end'
    text = f"WITNESS STATEMENT\n\n{typed}\n\n1. مرحبا 🔥 Καλημέρα\n"
    document = Document(io.BytesIO(docx_bytes(text)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "WITNESS STATEMENT"
    assert paragraphs[1] == (
        'Bell form feed, <w:t>not markup</w:t> & "quotes"\ttab\nnext line  end'
    )
    assert paragraphs[2] == "1. مرحبا 🔥 Καλημέρα"
    assert document.core_properties.author == ""  # nothing says who or what made it
