"""Running the extractor: on one text (``text``), over documents serially or in worker
processes (``documents``, ``local``), on a Dask cluster (``dask``), into a store (``build``)."""
