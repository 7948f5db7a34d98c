/* kg's interactive view: draws the JSON of #kg-data with vis-network.
   Every string from the data reaches the screen through textContent, or through
   vis-network's tooltips, which show a plain string as text. Nothing here builds HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var SVG_NS = "http://www.w3.org/2000/svg";

  function byId(id) { return document.getElementById(id); }
  function make(tag, text) {
    var el = document.createElement(tag);
    if (text !== undefined) { el.textContent = text; }
    return el;
  }
  function svg(tag, attrs) {
    var el = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, String(attrs[k])); });
    return el;
  }

  // ------------------------------------------------------------------ header
  byId("kg-subtitle").textContent = data.subtitle.join(" \u00b7 ");
  data.notes.forEach(function (note) { byId("kg-notes").appendChild(make("li", note)); });

  // ------------------------------------------------------------------ the network
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var hiddenKinds = new Set();
  var hiddenRelations = new Set();
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return !hiddenKinds.has(n.kind); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return !hiddenRelations.has(e.relation); } });
  var status = byId("kg-status");
  var network = new vis.Network(byId("kg-graph"), { nodes: nodeView, edges: edgeView }, data.options);
  var kg = { network: network, nodes: nodes, edges: edges, ready: false, readyAt: null };
  window.kg = kg;

  function ready() {
    if (kg.ready) { return; }
    // the layout is good enough: stop the physics so the page stays responsive
    network.setOptions({ physics: false });
    // fit the drawing to the window; small graphs may be enlarged a little
    network.fit({ animation: false, maxZoomLevel: 1.5 });
    kg.ready = true;
    kg.readyAt = performance.now();
    document.body.setAttribute("data-ready", "true");
  }
  network.on("stabilizationProgress", function (p) {
    status.textContent = "Laying out the graph\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", ready);
  if (!data.options.physics.enabled) { ready(); }

  // a white background, so that saved images are not transparent
  network.on("beforeDrawing", function (ctx) {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  });

  // ------------------------------------------------------------------ details
  var details = byId("kg-details");
  function showDetails(text) { details.textContent = text; }
  network.on("click", function (p) {
    if (p.nodes.length) { showDetails(nodes.get(p.nodes[0]).title); }
    else if (p.edges.length) { showDetails(edges.get(p.edges[0]).title); }
  });

  // ------------------------------------------------------------------ search
  var byName = new Map();
  var seen = new Map();
  data.nodes.forEach(function (n) { seen.set(n.label, (seen.get(n.label) || 0) + 1); });
  var names = byId("kg-names");
  data.nodes.slice().sort(function (a, b) { return a.label.localeCompare(b.label); }).forEach(function (n) {
    var name = seen.get(n.label) > 1 ? n.label + " \u2014 " + n.id : n.label;
    byName.set(name, n.id);
    var option = make("option");
    option.value = name;
    names.appendChild(option);
  });
  byId("kg-search").addEventListener("change", function (ev) {
    var id = byName.get(ev.target.value);
    if (id === undefined) { return; }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showDetails(nodes.get(id).title);
  });
  byId("kg-fit").addEventListener("click", function () { network.fit({ animation: false }); });
  byId("kg-png").addEventListener("click", function () {
    var canvas = byId("kg-graph").querySelector("canvas");
    var link = make("a");
    link.href = canvas.toDataURL("image/png");
    link.download = "graph.png";
    link.click();
  });

  // ------------------------------------------------------------------ findings
  if (data.highlight) {
    byId("kg-findings-box").hidden = false;
    byId("kg-highlight").textContent = data.highlight;
    data.findings.forEach(function (f) {
      var item = make("li", f.text);
      item.addEventListener("click", function () {
        network.setSelection({ nodes: f.nodes, edges: f.edges }, { unselectAll: true, highlightEdges: false });
        if (f.nodes.length) { network.fit({ nodes: f.nodes, animation: false }); }
        showDetails(f.text);
      });
      byId("kg-findings").appendChild(item);
    });
    if (!data.findings.length) { byId("kg-findings").appendChild(make("li", "nothing found")); }
  }

  // ------------------------------------------------------------------ legend
  function shapeIcon(shape, color) {
    var icon = svg("svg", { width: 16, height: 16, viewBox: "-8 -8 16 16", "aria-hidden": "true" });
    var points = {
      hexagon: "7,0 3.5,6 -3.5,6 -7,0 -3.5,-6 3.5,-6",
      star: "0,-7 1.8,-2.3 6.7,-2.2 2.9,0.9 4.1,5.7 0,3 -4.1,5.7 -2.9,0.9 -6.7,-2.2 -1.8,-2.3",
      triangle: "0,-7 6.5,5.5 -6.5,5.5",
      triangleDown: "0,7 6.5,-5.5 -6.5,-5.5",
      diamond: "0,-7 7,0 0,7 -7,0"
    };
    var el;
    if (shape === "square") { el = svg("rect", { x: -6, y: -6, width: 12, height: 12 }); }
    else if (points[shape]) { el = svg("polygon", { points: points[shape] }); }
    else { el = svg("circle", { r: 6 }); }
    el.setAttribute("fill", color);
    el.setAttribute("stroke", "#555");
    icon.appendChild(el);
    return icon;
  }
  function lineIcon(entry) {
    var icon = svg("svg", { width: 34, height: 10, "aria-hidden": "true" });
    var line = svg("line", { x1: 1, y1: 5, x2: 33, y2: 5, stroke: entry.color, "stroke-width": 3 });
    if (entry.dashes.length) { line.setAttribute("stroke-dasharray", entry.dashes.join(" ")); }
    icon.appendChild(line);
    return icon;
  }
  function counts() {
    byId("kg-counts").textContent = "Showing " + nodeView.length + " of " + nodes.length +
      " nodes, " + edgeView.length + " of " + edges.length + " edges.";
  }
  function legendEntry(list, icon, label, count, hidden, key, view) {
    var item = make("li");
    var box = make("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", function () {
      if (box.checked) { hidden.delete(key); } else { hidden.add(key); }
      view.refresh();
      counts();
    });
    var label_ = make("label");
    label_.appendChild(box);
    label_.appendChild(icon);
    label_.appendChild(make("span", label));
    label_.appendChild(make("span", "(" + count + ")")).className = "kg-count";
    item.appendChild(label_);
    list.appendChild(item);
  }
  byId("kg-legend-relations-heading").textContent = data.legend.headings[0];
  byId("kg-legend-kinds-heading").textContent = data.legend.headings[1];
  data.legend.relations.forEach(function (r) {
    legendEntry(byId("kg-legend-relations"), lineIcon(r), r.label, r.count, hiddenRelations, r.relation, edgeView);
  });
  data.legend.kinds.forEach(function (k) {
    legendEntry(byId("kg-legend-kinds"), shapeIcon(k.shape, k.color), k.label, k.count, hiddenKinds, k.kind, nodeView);
  });
  if (data.highlight) {
    var item = make("li");
    item.appendChild(lineIcon({ color: data.legend.highlight, dashes: [] }));
    item.appendChild(make("span", "highlighted: " + data.highlight));
    byId("kg-legend-relations").appendChild(item);
  }
  counts();
}());
