// kg explorer: the interactive part of a graph page (kg/view/html.py inlines this file).
// One model of the nodes and edges the page holds (drawn, and a reserve for "Expand"),
// one set of filters, one side panel; two renderers behind them: vis-network for small
// and medium views, sigma.js (WebGL) for big ones. All text reaches the page through
// textContent / value / DOM text nodes, never as HTML.
(function () {
  "use strict";
  var payload = JSON.parse(document.getElementById("kg-data").textContent);
  function $(id) { return document.getElementById(id); }
  function make(tag, text, cls) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) { el.textContent = String(text); }
    if (cls) { el.className = cls; }
    return el;
  }
  function plural(count, noun) {
    return count.toLocaleString("en") + " " + noun + (count === 1 ? "" : "s");
  }

  // ------------------------------------------------------------------ the model
  var nodes = {}, edges = {}, adjacent = {};
  function hold(node, drawn) {
    node.drawn = drawn;
    node.removed = false;
    nodes[node.id] = node;
    adjacent[node.id] = [];
  }
  payload.nodes.forEach(function (n) { hold(n, true); });
  payload.reserve_nodes.forEach(function (n) { hold(n, false); });
  payload.edges.concat(payload.reserve_edges).forEach(function (e) {
    edges[e.id] = e;
    adjacent[e.from].push(e.id);
    if (e.to !== e.from) { adjacent[e.to].push(e.id); }
  });
  var ranked = Object.keys(nodes).sort(function (a, b) { return nodes[a].rank - nodes[b].rank; });
  var focus = {};
  payload.focus.forEach(function (id) { focus[id] = true; });
  function other(edge, id) { return edge.from === id ? edge.to : edge.from; }
  function year(time) {
    var m = /^(-?\d{1,4})/.exec(String(time));
    return m ? parseInt(m[1], 10) : null;
  }

  // ------------------------------------------------------------------ filters
  var state = {
    hiddenTypes: {}, relation: "", minConfidence: 0, doc: "", hedged: false,
    concepts: payload.concepts_shown, from: null, to: null, timedOnly: false
  };
  var visible = { nodes: {}, edges: {} }, visibleVersion = 0;
  function edgeFilterActive() {
    return state.relation !== "" || state.minConfidence > 0 || state.doc !== "" ||
      state.from !== null || state.to !== null || state.timedOnly;
  }
  function nodeAllowed(n) {
    return n.drawn && !n.removed && state.hiddenTypes[n.type] !== true &&
      (state.concepts || n.type !== "Concept" || focus[n.id] === true);
  }
  function edgeAllowed(e) {
    if (!state.hedged && !e.asserted) { return false; }
    if (state.relation && e.relation !== state.relation) { return false; }
    if (state.minConfidence > 0 && e.confidence !== null && e.confidence < state.minConfidence) {
      return false;
    }
    if (state.doc && e.doc !== state.doc) { return false; }
    var y = e.time ? year(e.time) : null;
    if (y === null) { return !state.timedOnly; }
    return (state.from === null || y >= state.from) && (state.to === null || y <= state.to);
  }
  function computeVisible() {
    var shown = {}, shownEdges = {}, touched = {};
    Object.keys(nodes).forEach(function (id) { if (nodeAllowed(nodes[id])) { shown[id] = true; } });
    Object.keys(edges).forEach(function (id) {
      var e = edges[id];
      if (shown[e.from] && shown[e.to] && edgeAllowed(e)) {
        shownEdges[id] = true;
        touched[e.from] = touched[e.to] = true;
      }
    });
    if (edgeFilterActive()) {  // an edge filter also hides the nodes it leaves without edges
      Object.keys(shown).forEach(function (id) {
        if (!touched[id] && focus[id] !== true && id !== selected) { delete shown[id]; }
      });
    }
    visible = { nodes: shown, edges: shownEdges };
    visibleVersion += 1;
  }

  // ------------------------------------------------------------------ labels
  var selected = null, hoveredNode = null, hoveredEdge = null;
  var labelled = {}, forced = {};
  function labelBudget() {
    var zoom = renderer ? renderer.zoom() : 1;  // 1: the first drawing fits the view
    return Math.max(1, Math.round(payload.labels_at_fit * zoom * zoom));
  }
  function computeLabels() {
    var budget = labelBudget(), next = {}, count = 0;
    for (var i = 0; i < ranked.length && count < budget; i += 1) {
      if (visible.nodes[ranked[i]]) { next[ranked[i]] = true; count += 1; }
    }
    var must = {};
    if (selected !== null) {  // the selection and its most important neighbours
      must[selected] = true;
      var near = {};
      adjacent[selected].forEach(function (id) {
        if (visible.edges[id]) { near[other(edges[id], selected)] = true; }
      });
      Object.keys(near).sort(function (a, b) { return nodes[a].rank - nodes[b].rank; })
        .slice(0, payload.neighbour_labels).forEach(function (id) { must[id] = true; });
    }
    if (hoveredNode !== null) { must[hoveredNode] = true; }
    Object.keys(must).forEach(function (id) { next[id] = true; });
    labelled = next;
    forced = must;
  }
  function edgeLabelled(id) {
    var e = edges[id];
    if (id === hoveredEdge) { return true; }
    if (selected === null || (e.from !== selected && e.to !== selected)) { return false; }
    return forced[other(e, selected)] === true || e.from === e.to;  // to a labelled neighbour
  }

  // ------------------------------------------------------------------ renderers
  var container = $("kg-network");
  function visRenderer() {
    var inDrawing = {};
    function tip(text) { return make("div", text, "kg-tip"); }
    function fontSize(scale) { return Math.round(16 / Math.min(1, Math.max(scale, 0.05))); }
    function asVisNode(n) {
      var item = { id: n.id, label: "", title: tip(n.title), shape: n.shape, size: n.size,
                   color: n.color, font: { size: 16 } };
      if (n.borderWidth) { item.borderWidth = n.borderWidth; }
      if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
      return item;
    }
    function asVisEdge(e) {
      inDrawing[e.id] = true;
      var item = { id: e.id, from: e.from, to: e.to, label: "", title: tip(e.title),
                   dashes: e.dashes, width: e.width, relation: e.relation, asserted: e.asserted };
      if (e.smooth) { item.smooth = e.smooth; }
      return item;
    }
    var data = {
      nodes: new vis.DataSet(payload.nodes.map(asVisNode)),
      edges: new vis.DataSet(payload.edges.map(asVisEdge))
    };
    var network = new vis.Network(container, data, payload.options);
    window.network = network;
    var fitScale = 1, shownLabels = {}, shownEdgeLabels = {}, lastFont = 16, hidden = {};
    var api = {
      name: "vis",
      zoom: function () { return network.getScale() / fitScale; },
      fitted: function () { fitScale = network.getScale() || 1; },
      resized: function () { network.redraw(); },
      add: function (ids, near) {
        var centre = network.getPositions([near])[near] || { x: 0, y: 0 };
        var step = 2 * Math.PI / Math.max(ids.length, 1), radius = 120 + 6 * ids.length;
        data.nodes.add(ids.map(function (id, i) {
          var item = asVisNode(nodes[id]);
          item.x = centre.x + radius * Math.cos(i * step);
          item.y = centre.y + radius * Math.sin(i * step);
          return item;
        }));
        var fresh = Object.keys(edges).filter(function (id) {
          var e = edges[id];
          return !inDrawing[id] && nodes[e.from].drawn && nodes[e.to].drawn;
        });
        data.edges.add(fresh.map(function (id) { return asVisEdge(edges[id]); }));
      },
      update: function () {
        var nodeChanges = [], edgeChanges = [], font = fontSize(network.getScale());
        data.nodes.getIds().forEach(function (id) {
          var off = visible.nodes[id] !== true, label = labelled[id] === true;
          var change = { id: id }, changed = false;
          if (hidden[id] !== off) { change.hidden = off; hidden[id] = off; changed = true; }
          if (shownLabels[id] !== label || (label && font !== lastFont)) {
            change.label = label ? nodes[id].label : "";
            change.font = { size: font };
            shownLabels[id] = label;
            changed = true;
          }
          if (changed) { nodeChanges.push(change); }
        });
        lastFont = font;
        data.edges.getIds().forEach(function (id) {
          var off = visible.edges[id] !== true, label = edgeLabelled(id);
          var change = { id: id }, changed = false;
          if (hidden[id] !== off) { change.hidden = off; hidden[id] = off; changed = true; }
          if (shownEdgeLabels[id] !== label) {
            change.label = label ? edges[id].label : "";
            shownEdgeLabels[id] = label;
            changed = true;
          }
          if (changed) { edgeChanges.push(change); }
        });
        if (nodeChanges.length) { data.nodes.update(nodeChanges); }
        if (edgeChanges.length) { data.edges.update(edgeChanges); }
      },
      select: function (id) { network.selectNodes(id === null ? [] : [id]); },
      focus: function (id) {
        network.focus(id, { scale: Math.max(network.getScale(), 1.2),
                            animation: { duration: 400, easingFunction: "easeInOutQuad" } });
      },
      toDOM: function (id) { return network.canvasToDOM(network.getPositions([id])[id]); },
      drawnNodes: function () { return data.nodes.getIds(); },
      start: function (settle) {
        var physicsButton = $("kg-physics");
        function setPhysics(on) {
          network.setOptions({ physics: { enabled: on } });
          physicsButton.textContent = on ? "Physics: on" : "Physics: off";
          physicsButton.setAttribute("aria-pressed", on ? "true" : "false");
        }
        physicsButton.addEventListener("click", function () {
          setPhysics(physicsButton.getAttribute("aria-pressed") !== "true");
        });
        function done() {
          setPhysics(false);
          network.fit({ maxZoomLevel: payload.max_zoom, animation: false });
          settle();
        }
        if (payload.options.physics && payload.options.physics.enabled) {
          network.once("stabilizationIterationsDone", done);
        } else {
          done();
        }
      }
    };
    network.on("click", function (event) {
      if (event.nodes.length) { openPanel(event.nodes[0]); } else if (!event.edges.length) { closePanel(); }
    });
    network.on("hoverNode", function (event) { hoveredNode = event.node; refresh(); });
    network.on("blurNode", function () { hoveredNode = null; refresh(); });
    network.on("hoverEdge", function (event) { hoveredEdge = event.edge; refresh(); });
    network.on("blurEdge", function () { hoveredEdge = null; refresh(); });
    var drawnScale = null;  // relabel when the zoom changed (by the user or by a script)
    network.on("afterDrawing", function () {
      var scale = network.getScale();
      if (scale !== drawnScale) { drawnScale = scale; later(); }
    });
    return api;
  }

  function sigmaRenderer() {
    var graph = new KgSigma.Graph({ multi: true, type: "directed", allowSelfLoops: true });
    function addNode(n) {
      graph.addNode(n.id, { x: n.x, y: n.y, size: Math.max(2, n.size / 3.5), label: n.label,
                            color: n.color.background });
    }
    Object.keys(nodes).forEach(function (id) { addNode(nodes[id]); });
    Object.keys(edges).forEach(function (id) {
      var e = edges[id];
      graph.addDirectedEdgeWithKey(id, e.from, e.to, {
        size: Math.max(0.5, e.width / 2), label: e.label, type: "arrow",
        color: e.asserted ? "#b8c0c8" : "#d9a0a0"
      });
    });
    var sigma = new KgSigma.Sigma(graph, container, {
      renderEdgeLabels: true, enableEdgeEvents: true, labelRenderedSizeThreshold: 0,
      labelDensity: 0.5, labelSize: 14, defaultEdgeType: "arrow", hideEdgesOnMove: true,
      nodeReducer: function (id, attrs) {
        var out = Object.assign({}, attrs);
        if (visible.nodes[id] !== true) { out.hidden = true; return out; }
        // The top nodes are candidates (sigma's label grid drops those that would
        // overlap); the selection, its neighbours and the hovered node always get one.
        if (labelled[id] !== true) { out.label = null; }
        out.forceLabel = forced[id] === true;
        if (id === selected) { out.highlighted = true; }
        return out;
      },
      edgeReducer: function (id, attrs) {
        var out = Object.assign({}, attrs);
        if (visible.edges[id] !== true) { out.hidden = true; return out; }
        if (edgeLabelled(id)) { out.forceLabel = true; out.color = "#24292f"; } else { out.label = null; }
        return out;
      }
    });
    window.sigma = sigma;
    var drawnVersion = visibleVersion, drawnLabels = labelled, drawnForced = forced, drawnEdges = {};
    sigma.on("clickNode", function (event) { openPanel(event.node); });
    sigma.on("clickStage", function () { closePanel(); });
    sigma.on("enterNode", function (event) { hoveredNode = event.node; later(); });
    sigma.on("leaveNode", function () { hoveredNode = null; later(); });
    sigma.on("enterEdge", function (event) { hoveredEdge = event.edge; later(); });
    sigma.on("leaveEdge", function () { hoveredEdge = null; later(); });
    sigma.getCamera().on("updated", function () { later(); });
    return {
      name: "sigma",
      zoom: function () { return 1 / sigma.getCamera().getState().ratio; },
      fitted: function () {},
      resized: function () { sigma.resize(); sigma.scheduleRender(); },
      add: function () {},  // every held node is in the graph already; visibility decides
      update: function () {
        // A filter changed what is visible: reprocess everything. Otherwise only the
        // nodes and edges whose label changed (zoom, hover, selection) are redone.
        var edgeNow = {};
        if (hoveredEdge !== null) { edgeNow[hoveredEdge] = true; }
        if (selected !== null) {
          adjacent[selected].forEach(function (id) { if (edgeLabelled(id)) { edgeNow[id] = true; } });
        }
        if (visibleVersion !== drawnVersion) {
          drawnVersion = visibleVersion;
          sigma.refresh();
        } else {
          var changed = {};
          [[labelled, drawnLabels], [forced, drawnForced]].forEach(function (pair) {
            Object.keys(pair[0]).forEach(function (id) { if (!pair[1][id]) { changed[id] = true; } });
            Object.keys(pair[1]).forEach(function (id) { if (!pair[0][id]) { changed[id] = true; } });
          });
          var changedEdges = Object.keys(edgeNow).filter(function (id) { return !drawnEdges[id]; })
            .concat(Object.keys(drawnEdges).filter(function (id) { return !edgeNow[id]; }));
          var changedNodes = Object.keys(changed);
          if (changedNodes.length || changedEdges.length) {
            sigma.refresh({ partialGraph: { nodes: changedNodes, edges: changedEdges },
                            skipIndexation: true, schedule: true });
          }
        }
        drawnLabels = labelled;
        drawnForced = forced;
        drawnEdges = edgeNow;
      },
      select: function () {},
      focus: function (id) {
        var d = sigma.getNodeDisplayData(id);
        if (d) { sigma.getCamera().animate({ x: d.x, y: d.y, ratio: 0.25 }, { duration: 400 }); }
      },
      toDOM: function (id) {
        var a = graph.getNodeAttributes(id);
        return sigma.graphToViewport({ x: a.x, y: a.y });
      },
      drawnNodes: function () { return Object.keys(nodes).filter(function (id) { return nodes[id].drawn; }); },
      start: function (settle) {
        // The constructor has already drawn the first frame with the reducers.
        window.requestAnimationFrame(function () { settle(); });
      }
    };
  }

  var pending = false;
  function later() {  // one relabel per animation frame, however many events ask
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; refresh(); });
  }
  function refresh() {
    computeLabels();
    renderer.update();
  }
  function applyFilters() {
    computeVisible();
    refresh();
    summarise();
    if (selected !== null) { openPanel(selected); }
  }
  function summarise() {
    var shownEdges = Object.keys(visible.edges).length;
    $("kg-summary").textContent = plural(Object.keys(visible.nodes).length, "node") + ", " +
      plural(shownEdges, "edge") + " shown";
    var perType = {};
    Object.keys(visible.nodes).forEach(function (id) {
      perType[nodes[id].type] = (perType[nodes[id].type] || 0) + 1;
    });
    boxes.forEach(function (box) {  // the legend counts what is shown, too
      var count = box.parentNode.querySelector(".kg-count");
      if (count) { count.textContent = "(" + (perType[box.value] || 0).toLocaleString("en") + ")"; }
    });
  }

  // ------------------------------------------------------------------ side panel
  var panel = $("kg-panel"), body = $("kg-panel-body");
  function line(parent, name, value) {
    var p = make("p");
    p.appendChild(make("strong", name + ": "));
    p.appendChild(document.createTextNode(value));
    parent.appendChild(p);
  }
  function sentence(e) {
    var q = make("blockquote", null, "kg-sentence"), at = 0, text = e.sentence;
    e.marks.forEach(function (m) {
      if (m[0] > at) { q.appendChild(document.createTextNode(text.slice(at, m[0]))); }
      q.appendChild(make("mark", text.slice(m[0], m[1]), m[2] === "s" ? "kg-s" : "kg-o"));
      at = m[1];
    });
    if (at < text.length) { q.appendChild(document.createTextNode(text.slice(at))); }
    return q;
  }
  function fact(e, id) {
    var li = make("li", null, visible.edges[e.id] ? "kg-fact" : "kg-fact kg-off");
    var otherId = other(e, id);
    li.appendChild(document.createTextNode(e.from === id ? "→ " : "← "));
    var button = make("button", nodes[otherId].names[0], "kg-entity");
    button.type = "button";
    button.setAttribute("data-node", otherId);
    button.addEventListener("click", function () { reveal(otherId); });
    li.appendChild(button);
    if (e.sentence) { li.appendChild(sentence(e)); }
    var meta = [];
    if (e.doc) { meta.push("Document: " + e.doc); }
    if (e.confidence !== null) { meta.push("Confidence: " + e.confidence.toFixed(2)); }
    if (e.time_text || e.time) { meta.push("Time: " + (e.time_text || e.time)); }
    meta.push("Status: " + e.status);
    if (!visible.edges[e.id]) { meta.push(nodes[otherId].drawn ? "hidden by the filters" : "not drawn"); }
    li.appendChild(make("div", meta.join(" · "), "kg-meta"));
    return li;
  }
  function openPanel(id) {
    var n = nodes[id];
    if (!n) { return; }
    selected = id;
    renderer.select(id);
    body.textContent = "";
    body.appendChild(make("h2", n.names[0]));
    line(body, "Class", n.type);
    if (n.aliases.length) { line(body, "Also known as", n.aliases.join(", ")); }
    if (n.docs.length) { line(body, "Documents", n.docs.join(", ")); }
    var actions = make("div", null, "kg-actions");
    var spare = adjacent[id].filter(function (eid) { return !nodes[other(edges[eid], id)].drawn; });
    var expand = make("button", "Expand", "kg-expand");
    expand.type = "button";
    expand.disabled = spare.length === 0;
    expand.addEventListener("click", function () { expandNode(id); });
    var remove = make("button", "Remove", "kg-remove");
    remove.type = "button";
    remove.addEventListener("click", function () { removeNode(id); });
    actions.appendChild(expand);
    actions.appendChild(remove);
    body.appendChild(actions);
    var held = {};
    adjacent[id].forEach(function (eid) { held[other(edges[eid], id)] = true; });
    delete held[id];
    var heldCount = Object.keys(held).length;
    if (n.neighbours > heldCount) {
      body.appendChild(make("p", plural(n.neighbours, "neighbour") + " in the graph; this page holds " +
        heldCount.toLocaleString("en") + ".", "kg-note kg-more"));
    }
    var groups = {};
    adjacent[id].forEach(function (eid) {
      var e = edges[eid];
      (groups[e.relation] = groups[e.relation] || []).push(e);
    });
    var relations = Object.keys(groups).sort();
    body.appendChild(make("h3", relations.length ? "Facts" : "No facts on this page"));
    relations.forEach(function (relation) {
      var section = make("section", null, "kg-group");
      section.setAttribute("data-relation", relation);
      section.appendChild(make("h3", relation + " (" + groups[relation].length + ")"));
      var ul = make("ul");
      groups[relation].forEach(function (e) { ul.appendChild(fact(e, id)); });
      section.appendChild(ul);
      body.appendChild(section);
    });
    if (n.events.length) {
      body.appendChild(make("h3", "Events"));
      var events = make("ul", null, "kg-events");
      n.events.forEach(function (ev) { events.appendChild(make("li", ev.text)); });
      body.appendChild(events);
    }
    if (panel.hidden) { panel.hidden = false; renderer.resized(); }
    refresh();
  }
  function closePanel() {
    selected = null;
    renderer.select(null);
    if (!panel.hidden) { panel.hidden = true; renderer.resized(); }
    refresh();
  }
  $("kg-panel-close").addEventListener("click", closePanel);
  function show(ids, near) {
    var fresh = ids.filter(function (id) { return !nodes[id].drawn; });
    fresh.forEach(function (id) { nodes[id].drawn = true; });
    ids.forEach(function (id) { nodes[id].removed = false; });
    if (fresh.length) { renderer.add(fresh, near); }
  }
  function expandNode(id) {
    var ids = adjacent[id].map(function (eid) { return other(edges[eid], id); });
    show(ids, id);
    applyFilters();
  }
  function removeNode(id) {
    nodes[id].removed = true;
    if (selected === id) { closePanel(); }
    applyFilters();
  }
  function reveal(id) {  // draw a node (and undo the filters that hide it), then select it
    show([id], selected === null ? id : selected);
    var node = nodes[id];
    var box = boxes.filter(function (b) { return b.value === node.type; })[0];
    if (box && !box.checked) { box.checked = true; state.hiddenTypes[node.type] = false; }
    if (node.type === "Concept" && !state.concepts) { state.concepts = conceptBox.checked = true; }
    applyFilters();
    openPanel(id);
    renderer.focus(id);
  }

  // ------------------------------------------------------------------ filter controls
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.kg-filter"));
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      state.hiddenTypes[box.value] = !box.checked;
      applyFilters();
    });
  });
  var conceptBox = $("kg-concepts");
  conceptBox.checked = state.concepts;
  conceptBox.addEventListener("change", function () { state.concepts = conceptBox.checked; applyFilters(); });
  var hedgedBox = $("kg-hedged");
  hedgedBox.addEventListener("change", function () { state.hedged = hedgedBox.checked; applyFilters(); });
  function fill(select, values) {
    values.forEach(function (value) {
      var option = make("option", value);
      option.value = value;
      select.appendChild(option);
    });
  }
  var relations = {}, docs = {}, years = [];
  Object.keys(edges).forEach(function (id) {
    var e = edges[id];
    relations[e.relation] = true;
    if (e.doc) { docs[e.doc] = true; }
    if (e.time && year(e.time) !== null) { years.push(year(e.time)); }
  });
  var relationSelect = $("kg-relation"), docSelect = $("kg-doc");
  fill(relationSelect, Object.keys(relations).sort());
  fill(docSelect, Object.keys(docs).sort());
  relationSelect.addEventListener("change", function () { state.relation = relationSelect.value; applyFilters(); });
  docSelect.addEventListener("change", function () { state.doc = docSelect.value; applyFilters(); });
  var slider = $("kg-confidence");
  slider.addEventListener("input", function () {
    state.minConfidence = parseFloat(slider.value) || 0;
    $("kg-confidence-value").textContent = state.minConfidence.toFixed(2);
    applyFilters();
  });
  var fromBox = $("kg-time-from"), toBox = $("kg-time-to"), timedBox = $("kg-timed-only");
  if (years.length) {
    var low = Math.min.apply(null, years), high = Math.max.apply(null, years);
    [fromBox, toBox].forEach(function (box) { box.min = String(low); box.max = String(high); });
    fromBox.placeholder = String(low);
    toBox.placeholder = String(high);
  }
  function readYear(box) { return box.value === "" ? null : parseInt(box.value, 10); }
  [fromBox, toBox].forEach(function (box) {
    box.addEventListener("input", function () {
      state.from = readYear(fromBox);
      state.to = readYear(toBox);
      applyFilters();
    });
  });
  timedBox.addEventListener("change", function () { state.timedOnly = timedBox.checked; applyFilters(); });

  // ------------------------------------------------------------------ search
  function fold(text) { return String(text).toLowerCase().replace(/\s+/g, " ").trim(); }
  var index = ranked.map(function (id) { return { id: id, names: nodes[id].names.map(fold) }; });
  var names = $("kg-names"), seen = {};
  ranked.slice(0, payload.max_suggestions).forEach(function (id) {
    nodes[id].names.forEach(function (name) {
      if (seen[name] === true) { return; }
      seen[name] = true;
      var option = document.createElement("option");
      option.value = name;
      names.appendChild(option);
    });
  });
  function findNode(query) {
    var wanted = fold(query);
    if (!wanted) { return null; }
    var tests = [
      function (name) { return name === wanted; },
      function (name) { return name.indexOf(wanted) === 0; },
      function (name) { return name.indexOf(wanted) !== -1; }
    ];
    for (var t = 0; t < tests.length; t += 1) {
      for (var i = 0; i < index.length; i += 1) {  // most important first
        if (index[i].names.some(tests[t])) { return index[i].id; }
      }
    }
    return null;
  }
  var input = $("kg-search"), status = $("kg-search-status");
  function search() {
    var id = findNode(input.value);
    if (id === null) {
      status.textContent = input.value.trim() ? "No node matches \u201c" + input.value.trim() + "\u201d." : "";
      status.className = "kg-miss";
      return;
    }
    reveal(id);
    status.textContent = "Found: " + nodes[id].names[0];
    status.className = "";
  }
  $("kg-search-button").addEventListener("click", search);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); search(); }
  });

  // ------------------------------------------------------------------ start
  var renderer = null;
  computeVisible();
  computeLabels();
  renderer = payload.renderer === "sigma" ? sigmaRenderer() : visRenderer();
  renderer.start(function () {
    renderer.fitted();
    if (renderer.name === "vis") { refresh(); }  // labels for the fitted zoom (sigma has them)
    summarise();
    if (payload.focus.length) { openPanel(payload.focus[0]); renderer.select(payload.focus[0]); }
    document.body.setAttribute("data-kg-stable-ms", String(Math.round(performance.now())));
    document.body.setAttribute("data-kg-stable", "true");
  });
  window.kgFind = function (query) {
    var id = findNode(query);
    if (id !== null) { reveal(id); }
    return id;
  };
  // For tests and the curious: what is drawn, and the panel's actions.
  window.kg = {
    renderer: renderer.name,
    shown: function () {
      return { nodes: Object.keys(visible.nodes).sort(), edges: Object.keys(visible.edges).sort() };
    },
    drawn: function () { return renderer.drawnNodes().slice().sort(); },
    labelled: function () {
      return Object.keys(labelled).filter(function (id) { return visible.nodes[id]; }).sort();
    },
    selected: function () { return selected; },
    open: openPanel,
    expand: expandNode,
    remove: removeNode,
    toDOM: function (id) { return renderer.toDOM(id); }
  };
})();
