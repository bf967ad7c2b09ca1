"""Dask executor: sharded, disk to disk, resumable; the same graph as a serial run."""

from __future__ import annotations

import builtins
import sys

import pytest

import kg
from kg.errors import KGError
from kg.io import Document
from kg.run import dask as distributed

TEXTS = [
    "Ann Lee met Bo Ek in Oslo. She founded Acme Corp in 1999.",
    "Cy Ho wrote a book. The book was published by Penguin.",
    "",
    "Dag Li did not sign the treaty. Eva Lund may visit Paris.",
    "Gro Moe leads the Nordic Council in Copenhagen.",
]


def _docs():
    return [Document(f"d{i}", text, source=f"s{i}.txt") for i, text in enumerate(TEXTS)]


def _quads(graph):
    """Every quad (named graphs and the union), without the extraction time."""
    return sorted(
        str(q)
        for q in graph.store.quads_for_pattern(None, None, None, None)
        if not str(q.predicate).endswith("generatedAtTime>")
    )


def test_distributed_shards_are_named_by_content():
    base = "https://kg.example.org/"
    a = distributed.shard_name([Document("a", "Ann met Bo.")], base_iri=base)
    assert a == distributed.shard_name([Document("a", "Ann met Bo.")], base_iri=base)
    assert a != distributed.shard_name([Document("a", "Ann met Cy.")], base_iri=base)
    assert a != distributed.shard_name([Document("a", "Ann met Bo.")], base_iri="urn:x:")
    assert a.startswith("shard-") and a.endswith(".nq")


def test_distributed_without_dask_is_a_clear_error(monkeypatch):
    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.startswith("dask"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    for name in [m for m in sys.modules if m == "dask" or m.startswith("dask.")]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(KGError, match=r"pip install 'kg\[dask\]'"):
        kg.build(["Ann Lee met Bo Ek."], executor="dask")


def test_distributed_unknown_executor():
    with pytest.raises(KGError, match="executor"):
        kg.build(["Ann Lee met Bo Ek."], executor="spark")


@pytest.mark.model
def test_distributed_result_equals_serial_and_reruns_skip_finished_shards(tmp_path, monkeypatch):
    serial = kg.build(_docs(), n_process=1)
    shards = tmp_path / "shards"
    store = kg.open(tmp_path / "store")
    seen = []
    paths = distributed.build_distributed(
        _docs(),
        store,
        shards=shards,
        shard_chars=60,  # a shard or two per text
        n_workers=2,
        processes=False,  # threads: the workers share this process's loaded model
        on_progress=lambda d, g, e: seen.append(d),
    )
    assert len(paths) >= 4 and all(p.parent == shards and p.is_file() for p in paths)
    assert seen == [f"d{i}" for i in range(len(TEXTS))]
    assert _quads(store) == _quads(serial)
    assert store.stats()["documents"] == len(TEXTS)

    # A repeated run extracts nothing: every shard is found on disk and loaded again.
    def no_extraction(*args, **kwargs):
        raise AssertionError("a finished shard was extracted again")

    monkeypatch.setattr(distributed, "extract_shard", no_extraction)
    again = distributed.build_distributed(
        _docs(), store, shards=shards, shard_chars=60, n_workers=2, processes=False
    )
    assert again == paths
    assert _quads(store) == _quads(serial)
    store.close()
