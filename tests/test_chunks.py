"""kg.chunks: long text cut at paragraph and sentence ends, every piece's offset kept."""

from __future__ import annotations

import random

import pytest

import kg
import kg.io
from kg.chunks import MAX_CHUNK_CHARS, chunks

# ---------------------------------------------------------------- chunks


def _sentences(n: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    words = ["harbour", "crane", "ship", "port", "agreement", "terminal", "berth", "cargo"]
    out = []
    for i in range(n):
        body = " ".join(rng.choice(words) for _ in range(rng.randrange(3, 12)))
        out.append(f"Sentence {i} has {body}.")
        if i % 7 == 6:
            out.append("\n\n")
    return " ".join(out)


def _check_chunks(text: str, max_chars: int) -> list[tuple[int, str]]:
    pieces = list(chunks(text, max_chars=max_chars))
    position = 0
    for offset, piece in pieces:
        assert offset == position, "pieces are contiguous"
        assert text[offset : offset + len(piece)] == piece
        assert 0 < len(piece) <= max_chars
        position += len(piece)
    assert position == len(text), "pieces cover the whole text"
    assert "".join(p for _, p in pieces) == text
    return pieces


@pytest.mark.parametrize("max_chars", [40, 97, 250, 1000])
def test_io_chunks_keep_offsets_cover_text_and_prefer_sentence_ends(max_chars):
    text = _sentences(200)
    pieces = _check_chunks(text, max_chars)
    assert len(pieces) > 1
    # Every sentence here (at most ~140 characters) ends in the last three quarters of
    # the larger windows, so each piece but the last ends at a sentence end there.
    if max_chars >= 250:
        for _, piece in pieces[:-1]:
            assert piece.rstrip().endswith("."), piece[-40:]


def test_io_chunks_without_sentence_ends_cut_at_whitespace_or_hard():
    words = " ".join(["word"] * 500)
    pieces = _check_chunks(words, 64)
    assert all(p.endswith(" ") for _, p in pieces[:-1])
    blob = "x" * 1000
    pieces = _check_chunks(blob, 64)
    assert [len(p) for _, p in pieces] == [64] * 15 + [40]


def test_io_chunks_short_and_empty_text():
    assert list(chunks("One sentence.")) == [(0, "One sentence.")]
    assert list(chunks("")) == []
    assert MAX_CHUNK_CHARS < 1_000_000  # below spaCy's max_length


def test_io_chunks_large_text_default_size():
    text = _sentences(6000)
    assert len(text) > 2 * MAX_CHUNK_CHARS
    _check_chunks(text, MAX_CHUNK_CHARS)


# ---------------------------------------------------------------- long documents and tiny limits


SENTENCE = "Ann Lee met Bo Ek. "


def test_hostile_chunks_cut_a_real_size_single_line_below_spacy_max_length():
    # 2.5 MB on one line: simple sentences, then one token with no space at all.
    text = SENTENCE * 70_000 + "x" * 1_200_000
    assert len(text) > 2_500_000 and "\n" not in text
    pieces = list(chunks(text))
    assert all(0 < len(piece) <= kg.chunks.MAX_CHUNK_CHARS for _, piece in pieces)
    assert kg.chunks.MAX_CHUNK_CHARS < 1_000_000  # spaCy's max_length
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    # Among sentences, the cuts fall at sentence ends.
    assert all(p.endswith(". ") for o, p in pieces if o + len(p) < len(SENTENCE) * 70_000)


@pytest.mark.parametrize("max_chars", [1, 2, 3, 7, 64])
def test_hostile_chunks_tiny_limits_still_cover_the_text(max_chars):
    text = "Ann met Bo. " * 5 + "y" * 50 + " \n\n " + "Zoë was here! " * 3
    pieces = list(chunks(text, max_chars=max_chars))
    assert "".join(p for _, p in pieces) == text
    assert all(0 < len(p) <= max_chars for _, p in pieces)
