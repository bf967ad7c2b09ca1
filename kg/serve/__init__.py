"""``kg serve``: the SPARQL 1.1 Protocol endpoint and the HTML views over HTTP.

``server`` binds the HTTP server and routes requests; ``sparql`` answers the
protocol (content negotiation included), ``pages`` draws the index and the graph
views, ``hosts`` decides who is answered, ``snapshot`` reopens a store a build
changed, and ``pool`` runs user queries in killable worker processes.
"""
