"""``kg serve``: the SPARQL 1.1 Protocol endpoint and the HTML views over HTTP
(``server``), with user queries in killable worker processes (``pool``)."""
