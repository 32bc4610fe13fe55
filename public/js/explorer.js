// The interactive lineage explorer (admin explorer page). Glue between the lineage graph JSON
// (/admin/lineage/graph.json), Cytoscape.js (drawing, pan, zoom, events) and ELK (layered layout):
// tables drawn as boxes holding their column rows, laid out by ELK at the table level, columns
// ordered in each table to cut crossings. Loaded as an external script (CSP script-src 'self');
// without it (or when it fails) the server-rendered SVG picture below it stays.
// docs/decisions/0026-interactive-explorer.md explains the choices; docs/admin.md how to use it.
(function () {
  'use strict';
  var root = document.getElementById('explorer');
  if (!root) return;
  var fallback = document.querySelector('[data-role="fallback"]');
  var statusEl = root.querySelector('[data-role="status"]');
  if (typeof window.ELK !== 'function') return;
  // Loaded before Cytoscape (its 435 KB parse overlaps the graph fetch and the ELK layout): the first drawing waits for it.
  var cytoscapeLoaded = new Promise(function (resolve) {
    if (typeof window.cytoscape === 'function') resolve();
    else document.addEventListener('DOMContentLoaded', function () { resolve(); });
  });

  /** Labels are drawn at FONT px at zoom 1; the opening zoom never goes below READABLE_PX on screen. */
  var FONT = 13;
  var READABLE_PX = 11;
  var READABLE_ZOOM = READABLE_PX / FONT;
  var ROW_H = 24;
  var HEADER_H = 24;
  var TABLE_W = 210;
  /** Labels longer than this are cut with an ellipsis here (Cytoscape's own ellipsis measures every label, slow on large graphs). */
  var ROW_CHARS = 30;
  var TABLE_CHARS = 36;
  /**
   * Above this many links between tables, ELK gets a lighter task: quicker options, and at most
   * LINKS_PER_TABLE links into each table (enough to set the layers; every link is still drawn).
   */
  var QUICK_LAYOUT_LINKS = 200;
  var LINKS_PER_TABLE = 3;
  /** A table with more columns than this shows MAX_ROWS - 1 of them and a row counting the others (click it to open them all). */
  var MAX_ROWS = 12;
  /** Nodes drawn at first: whole depth levels while they fit; the rest one hop at a time (double-click, or Show all). */
  var BUDGET = Number(root.getAttribute('data-node-budget')) || 400;
  var COLOURS = {
    direct: '#1d4ed8', indirect: '#b45309', rowLevel: '#94a3b8', up: '#7c3aed', down: '#c2410c',
    added: '#15803d', removed: '#b91c1c', root: '#fde68a', rootBorder: '#92400e', selected: '#7c3aed',
  };
  var started = performance.now();

  function attr(name) { return root.getAttribute('data-' + name) || ''; }
  var config = {
    graphUrl: attr('graph-url'), expandUrl: attr('expand-url'), detailUrl: attr('detail-url'),
    usageUrl: attr('usage-url'), impactUrl: attr('impact-url'), asOf: attr('as-of'),
    rootId: attr('root'), namespace: attr('namespace'), direction: attr('direction') || 'both', depth: Number(attr('depth')) || 1,
  };

  // ---------------------------------------------------------------- model: every node and edge known so far
  var model = { nodes: new Map(), edges: new Map(), out: new Map(), inc: new Map(), known: new Set(), truncated: false };
  var state = {
    visible: new Set(),
    hide: new Set(attr('hide').split(',').map(function (s) { return s.trim(); }).filter(Boolean)),
    group: attr('group') === 'database',
    openTables: new Set(),
    selected: attr('select') || null,
  };

  function edgeKey(e) { return e.source + '\u0001' + e.target + '\u0001' + e.transformationType + '\u0001' + e.transformationSubtype; }
  function tableKey(n) { return n.namespace + '\u0001' + n.dataset; }
  function databaseOf(n) { var i = n.dataset.indexOf('.'); return i > 0 ? n.dataset.slice(0, i) : n.dataset; }
  function cut(text, max) { return text.length > max ? text.slice(0, max - 1) + '…' : text; }
  function fieldLabel(n) { return n.field === undefined || n.field === null ? '(whole table)' : n.field === '*' ? '∗ rows (row-level)' : n.field; }
  function fullLabel(n) { return n.field ? n.dataset + '.' + n.field : n.dataset; }
  function push(map, key, value) { var list = map.get(key); if (list) list.push(value); else map.set(key, [value]); }

  /** Adds a graph answer to the model; nodes of an expansion count their depth from the node expanded. */
  function merge(graph, baseDepth) {
    var added = [];
    graph.nodes.forEach(function (n) {
      if (model.nodes.has(n.id)) return;
      var node = { id: n.id, type: n.type, namespace: n.namespace, dataset: n.dataset, field: n.field, depth: baseDepth + n.depth, diff: n.diff };
      model.nodes.set(n.id, node);
      added.push(n.id);
    });
    graph.edges.forEach(function (e) {
      var key = edgeKey(e);
      if (model.edges.has(key)) return;
      model.edges.set(key, { key: key, source: e.source, target: e.target, type: e.transformationType, subtype: String(e.transformationSubtype), description: e.description || '', diff: e.diff });
      push(model.out, e.source, key);
      push(model.inc, e.target, key);
    });
    return added;
  }

  /** The nodes whose whole neighbourhood (in the page's direction) the answers so far hold. */
  function markKnown(graph, limit) {
    var deepest = 0;
    graph.nodes.forEach(function (n) { if (n.depth > deepest) deepest = n.depth; });
    graph.nodes.forEach(function (n) {
      if (n.depth < limit && !(graph.truncated && n.depth >= deepest)) model.known.add(n.id);
    });
  }

  function neighbours(id) {
    var out = [];
    (model.out.get(id) || []).forEach(function (k) { out.push(model.edges.get(k).target); });
    (model.inc.get(id) || []).forEach(function (k) { out.push(model.edges.get(k).source); });
    return out;
  }

  function hiddenNeighbours(id) {
    return neighbours(id).filter(function (n) { return !state.visible.has(n); });
  }

  function expandable(id) { return hiddenNeighbours(id).length > 0 || !model.known.has(id); }

  function passes(edge) { return !state.hide.has(edge.type) && !state.hide.has(edge.subtype); }

  /** Opening set: whole depth levels, nearest first, while they fit in BUDGET (at least the root and its neighbours). */
  function initialVisible() {
    var byDepth = new Map();
    model.nodes.forEach(function (n) { push(byDepth, n.depth, n.id); });
    var depths = Array.from(byDepth.keys()).sort(function (a, b) { return a - b; });
    var count = 0;
    for (var i = 0; i < depths.length; i++) {
      var level = byDepth.get(depths[i]);
      if (i > 1 && count + level.length > BUDGET) break;
      level.forEach(function (id) { state.visible.add(id); });
      count += level.length;
    }
  }

  // ---------------------------------------------------------------- what is drawn: tables of rows, edges between rows
  /** Nodes and edges to draw: visible, through the filters; a node whose every link is filtered out goes too (the root stays). */
  function drawable() {
    var edges = [];
    var linked = new Set();
    model.edges.forEach(function (e) {
      if (!state.visible.has(e.source) || !state.visible.has(e.target) || !passes(e)) return;
      edges.push(e);
      linked.add(e.source);
      linked.add(e.target);
    });
    var nodes = [];
    state.visible.forEach(function (id) {
      var hasEdges = (model.out.get(id) || []).length + (model.inc.get(id) || []).length > 0;
      if (linked.has(id) || id === config.rootId || !hasEdges) nodes.push(model.nodes.get(id));
    });
    return { nodes: nodes, edges: edges };
  }

  function buildTables(nodes) {
    var tables = new Map();
    nodes.forEach(function (n) {
      var key = tableKey(n);
      var t = tables.get(key);
      if (!t) { t = { key: key, id: 't:' + key, namespace: n.namespace, dataset: n.dataset, database: databaseOf(n), rows: [] }; tables.set(key, t); }
      t.rows.push(n.id);
    });
    tables.forEach(function (t) {
      t.rows.sort(function (a, b) {
        var na = model.nodes.get(a), nb = model.nodes.get(b);
        var ra = na.field === '*' ? 0 : 1, rb = nb.field === '*' ? 0 : 1;
        return ra - rb || String(na.field || '').localeCompare(String(nb.field || ''));
      });
    });
    return tables;
  }

  /** Row positions in each table (collapsed tables keep MAX_ROWS - 1 rows and a summary row). */
  function shownRows(t) {
    if (t.rows.length <= MAX_ROWS || state.openTables.has(t.key)) return { rows: t.rows, folded: [] };
    var keep = [];
    var rest = [];
    t.rows.forEach(function (id) {
      var pinned = id === config.rootId || id === state.selected;
      if (pinned) keep.unshift(id);
      else rest.push(id);
    });
    while (keep.length < MAX_ROWS - 1 && rest.length) keep.push(rest.shift());
    return { rows: keep, folded: rest };
  }

  function tableHeight(t) { var s = shownRows(t); return HEADER_H + (s.rows.length + (s.folded.length ? 1 : 0)) * ROW_H + 6; }

  // ELK runs in a Web Worker (elk-worker.min.js): the layout leaves the page responsive, and the worker loads
  // and warms up (a small layout first) while the page fetches the graph.
  var elk = new window.ELK({ workerUrl: '/public/vendor/elk-worker.min.js' });
  elk.layout({ id: 'warm-up', layoutOptions: { 'elk.algorithm': 'layered' }, children: [{ id: 'a', width: 10, height: 10 }, { id: 'b', width: 10, height: 10 }], edges: [{ id: 'e', sources: ['a'], targets: ['b'] }] }).catch(function () {});

  /** ELK layered layout of the tables (grouped in databases when asked): resolves to { tableId: {x, y} } (top-left corners). */
  function layoutTables(tables, edges, rowTable) {
    var children = [];
    var groups = new Map();
    tables.forEach(function (t) {
      var node = { id: t.id, width: TABLE_W + 12, height: tableHeight(t) };
      if (state.group) {
        var g = groups.get(t.database);
        if (!g) { g = { id: 'd:' + t.namespace + '\u0001' + t.database, layoutOptions: { 'elk.padding': '[top=34,left=14,bottom=14,right=14]' }, children: [] }; groups.set(t.database, g); children.push(g); }
        g.children.push(node);
      } else children.push(node);
    });
    var seen = new Set();
    var links = [];
    edges.forEach(function (e) {
      var s = rowTable.get(e.source), d = rowTable.get(e.target);
      if (!s || !d || s === d) return;
      var k = s + '\u0002' + d;
      if (seen.has(k)) return;
      seen.add(k);
      links.push([s, d]);
    });
    var quick = links.length > QUICK_LAYOUT_LINKS;
    if (quick) {
      var into = new Map();
      links = links.filter(function (l) { var n = (into.get(l[1]) || 0) + 1; into.set(l[1], n); return n <= LINKS_PER_TABLE; });
    }
    var elkEdges = links.map(function (l, i) { return { id: 'x' + i, sources: [l[0]], targets: [l[1]] }; });
    root.setAttribute('data-layout', quick ? 'quick' : 'full');
    var graph = {
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.hierarchyHandling': state.group ? 'INCLUDE_CHILDREN' : 'SEPARATE_CHILDREN',
        'elk.layered.spacing.nodeNodeBetweenLayers': '70', 'elk.spacing.nodeNode': '22', 'elk.layered.nodePlacement.strategy': quick ? 'SIMPLE' : 'BRANDES_KOEPF',
        'elk.layered.thoroughness': quick ? '1' : '3', 'elk.layered.crossingMinimization.greedySwitch.type': quick ? 'OFF' : 'TWO_SIDED',
        'elk.edgeRouting': 'POLYLINE', 'elk.separateConnectedComponents': quick ? 'false' : 'true', 'elk.spacing.componentComponent': '40',
      },
      children: children,
      edges: elkEdges,
    };
    var asked = performance.now();
    return elk.layout(graph).then(function (out) {
      root.setAttribute('data-layout-ms', String(Math.round(performance.now() - asked)));
      var pos = {};
      (function walk(list, dx, dy) {
        (list || []).forEach(function (c) {
          pos[c.id] = { x: c.x + dx, y: c.y + dy, width: c.width, height: c.height };
          if (c.children) walk(c.children, c.x + dx, c.y + dy);
        });
      })(out.children, 0, 0);
      return pos;
    });
  }

  /** Orders each table's rows by the mean height of what they link to (two sweeps): fewer crossings than alphabetical. */
  function orderRows(tables, edges, pos) {
    var rowY = new Map();
    function place() {
      tables.forEach(function (t) {
        var top = pos[t.id].y + HEADER_H;
        t.rows.forEach(function (id, i) { rowY.set(id, top + i * ROW_H); });
      });
    }
    place();
    for (var sweep = 0; sweep < 2; sweep++) {
      var sum = new Map(), count = new Map();
      edges.forEach(function (e) {
        [[e.source, e.target], [e.target, e.source]].forEach(function (p) {
          var y = rowY.get(p[1]);
          if (y === undefined) return;
          sum.set(p[0], (sum.get(p[0]) || 0) + y);
          count.set(p[0], (count.get(p[0]) || 0) + 1);
        });
      });
      tables.forEach(function (t) {
        var at = new Map(t.rows.map(function (id, i) { return [id, i]; }));
        t.rows.sort(function (a, b) {
          var ya = count.get(a) ? sum.get(a) / count.get(a) : rowY.get(a);
          var yb = count.get(b) ? sum.get(b) / count.get(b) : rowY.get(b);
          return ya - yb || at.get(a) - at.get(b);
        });
      });
      place();
    }
  }

  // ---------------------------------------------------------------- Cytoscape
  var cy = null;
  /** Large graphs draw edges as a texture while panning or zooming, so both stay smooth. */
  function makeCy(large) {
    return window.cytoscape({
      container: root.querySelector('[data-role="canvas"]'),
      elements: [],
      hideEdgesOnViewport: large,
      textureOnViewport: large,
      minZoom: 0.05,
      maxZoom: 3,
      boxSelectionEnabled: false,
      autoungrabify: true,
      style: [
        // Every element is a plain node or edge (tables and databases are boxes drawn behind their rows, not
        // compound parents: Cytoscape's compound bookkeeping costs seconds on large graphs); classes, not data selectors.
        { selector: 'node', style: { 'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif', 'font-size': FONT, color: '#1c2430', 'z-index-compare': 'manual', 'z-index': 10 } },
        {
          selector: 'node.row',
          style: {
            shape: 'rectangle', width: TABLE_W, height: ROW_H - 2, 'background-color': '#ffffff', 'border-width': 1, 'border-color': '#cbd5e1',
            label: 'data(label)', 'text-valign': 'center', 'text-halign': 'center',
          },
        },
        { selector: 'node.rows-node', style: { 'font-style': 'italic', 'background-color': '#f1f5f9' } },
        { selector: 'node.summary', style: { 'background-color': '#e2e8f0', 'font-style': 'italic', color: '#334155' } },
        { selector: 'node.root', style: { 'background-color': COLOURS.root, 'border-color': COLOURS.rootBorder, 'border-width': 2, 'font-weight': 'bold' } },
        { selector: 'node.expandable', style: { 'border-style': 'double', 'border-width': 3, 'border-color': '#475569' } },
        {
          selector: 'node.table',
          style: { shape: 'round-rectangle', width: 'data(w)', height: 'data(h)', 'background-color': '#f8fafc', 'border-color': '#64748b', 'border-width': 1.5, 'z-index': 2 },
        },
        {
          selector: 'node.table-title',
          style: {
            shape: 'rectangle', width: 'data(w)', height: HEADER_H - 6, 'background-opacity': 0, 'border-width': 0, 'z-index': 11,
            label: 'data(label)', 'text-valign': 'center', 'text-halign': 'center', 'font-weight': 'bold',
            'text-background-color': '#f8fafc', 'text-background-opacity': 1, 'text-background-padding': 2,
          },
        },
        {
          selector: 'node.database',
          style: {
            shape: 'round-rectangle', width: 'data(w)', height: 'data(h)', 'background-color': '#eef2ff', 'border-color': '#818cf8', 'border-width': 1, 'z-index': 1,
            label: 'data(label)', 'text-valign': 'top', 'text-halign': 'center', 'text-margin-y': 26, 'font-size': FONT + 2, 'font-weight': 'bold', color: '#3730a3',
          },
        },
        {
          selector: 'edge',
          style: {
            width: 1.6, 'line-color': COLOURS.direct, 'target-arrow-color': COLOURS.direct, 'target-arrow-shape': 'triangle', 'arrow-scale': 0.9,
            // Straight lines on large graphs: bundled béziers cost the first frame dearly past a few hundred links.
            'curve-style': large ? 'straight' : 'bezier', 'control-point-step-size': 12, 'z-index-compare': 'manual', 'z-index': 5,
          },
        },
        // A link between two columns of one table bows out to the right of the box.
        {
          selector: 'edge.inner',
          style: { 'curve-style': 'unbundled-bezier', 'control-point-distances': [-46], 'control-point-weights': [0.5], 'source-endpoint': '50% 0%', 'target-endpoint': '50% 0%' },
        },
        { selector: 'edge.indirect', style: { 'line-color': COLOURS.indirect, 'target-arrow-color': COLOURS.indirect, 'line-style': 'dashed', width: 1.3 } },
        { selector: 'edge.rowlevel', style: { 'line-color': COLOURS.rowLevel, 'target-arrow-color': COLOURS.rowLevel, 'line-style': 'dotted', width: 1.2 } },
        { selector: 'edge.added', style: { 'line-color': COLOURS.added, 'target-arrow-color': COLOURS.added, 'line-style': 'solid', width: 3 } },
        { selector: 'edge.removed', style: { 'line-color': COLOURS.removed, 'target-arrow-color': COLOURS.removed, 'line-style': 'dashed', 'line-dash-pattern': [7, 4], width: 3 } },
        { selector: 'node.row.added', style: { 'border-color': COLOURS.added, 'border-width': 3 } },
        { selector: 'node.row.removed', style: { 'border-color': COLOURS.removed, 'border-width': 3, 'border-style': 'dashed' } },
        { selector: '.faded', style: { opacity: 0.18 } },
        { selector: 'node.table.faded, node.table-title.faded, node.database.faded', style: { opacity: 0.45 } },
        { selector: 'edge.path-up', style: { 'line-color': COLOURS.up, 'target-arrow-color': COLOURS.up, width: 3.2, 'z-index': 8 } },
        { selector: 'edge.path-down', style: { 'line-color': COLOURS.down, 'target-arrow-color': COLOURS.down, width: 3.2, 'z-index': 8 } },
        { selector: 'node.row.path-up', style: { 'border-color': COLOURS.up, 'border-width': 2.5 } },
        { selector: 'node.row.path-down', style: { 'border-color': COLOURS.down, 'border-width': 2.5 } },
        { selector: 'node.picked', style: { 'border-color': COLOURS.selected, 'border-width': 4, 'background-color': '#ede9fe' } },
      ],
    });
  }

  /** Model node id → drawn element id (a folded row is drawn as its table's summary row). */
  var drawnAs = new Map();
  /** Table box id → ids of the rows drawn in it. */
  var tableRows = new Map();
  var shown = { nodes: [], edges: [] };
  /** The drawing's extent in model coordinates, from the layout (Cytoscape's own bounding box measures every edge and label: slow on large graphs). */
  var extent = null;

  function fitAll() {
    if (!extent) return;
    var pad = 24;
    var w = Math.max(1, extent.x2 - extent.x1), h = Math.max(1, extent.y2 - extent.y1);
    var zoom = Math.max(cy.minZoom(), Math.min(cy.maxZoom(), (cy.width() - 2 * pad) / w, (cy.height() - 2 * pad) / h));
    cy.viewport({ zoom: zoom, pan: { x: (cy.width() - zoom * (extent.x1 + extent.x2)) / 2, y: (cy.height() - zoom * (extent.y1 + extent.y2)) / 2 } });
  }
  var firstDraw = true;

  function render(focusId) {
    shown = drawable();
    var tables = buildTables(shown.nodes);
    var rowTable = new Map();
    tables.forEach(function (t) { t.rows.forEach(function (id) { rowTable.set(id, t.id); }); });
    return Promise.all([layoutTables(tables, shown.edges, rowTable), cytoscapeLoaded]).then(function (done) {
      var pos = done[0];
      var t1 = performance.now();
      if (!cy) {
        if (typeof window.cytoscape !== 'function') throw new Error('the graph library did not load');
        cy = makeCy(model.edges.size > 400);
        bindCy();
      }
      orderRows(tables, shown.edges, pos);
      var elements = [];
      var databases = new Set();
      extent = null;
      Object.keys(pos).forEach(function (id) {
        var p = pos[id];
        if (!extent) extent = { x1: p.x, y1: p.y, x2: p.x + p.width, y2: p.y + p.height };
        extent = { x1: Math.min(extent.x1, p.x), y1: Math.min(extent.y1, p.y - 20), x2: Math.max(extent.x2, p.x + p.width), y2: Math.max(extent.y2, p.y + p.height) };
      });
      drawnAs = new Map();
      tableRows = new Map();
      tables.forEach(function (t) {
        var p = pos[t.id];
        var dbId = 'd:' + t.namespace + '\u0001' + t.database;
        if (state.group && !databases.has(dbId) && pos[dbId]) {
          databases.add(dbId);
          var g = pos[dbId];
          elements.push({ group: 'nodes', data: { id: dbId, label: t.database, kind: 'database', w: g.width, h: g.height }, classes: 'database', position: { x: g.x + g.width / 2, y: g.y + g.height / 2 } });
        }
        elements.push({
          group: 'nodes',
          data: { id: t.id, kind: 'table', dataset: t.dataset, namespace: t.namespace, w: p.width, h: p.height },
          classes: 'table',
          position: { x: p.x + p.width / 2, y: p.y + p.height / 2 },
        });
        // The table's name on its own node above the links (drawn over the box, it would be crossed by them).
        elements.push({
          group: 'nodes',
          data: { id: 'h:' + t.id, box: t.id, label: cut(t.dataset, TABLE_CHARS), kind: 'table', dataset: t.dataset, namespace: t.namespace, w: p.width - 10 },
          classes: 'table-title',
          position: { x: p.x + p.width / 2, y: p.y + HEADER_H / 2 + 1 },
        });
        tableRows.set(t.id, []);
        var s = shownRows(t);
        var x = p.x + 6 + TABLE_W / 2;
        s.rows.forEach(function (id, i) {
          var n = model.nodes.get(id);
          var classes = ['row'];
          if (n.field === '*') classes.push('rows-node');
          if (id === config.rootId) classes.push('root');
          if (expandable(id)) classes.push('expandable');
          if (n.diff === 'added' || n.diff === 'removed') classes.push(n.diff);
          tableRows.get(t.id).push(id);
          elements.push({
            group: 'nodes',
            data: { id: id, table: t.id, kind: 'row', label: cut((expandable(id) ? '⊕ ' : '') + fieldLabel(n), ROW_CHARS), diff: n.diff },
            classes: classes.join(' '),
            position: { x: x, y: p.y + HEADER_H + i * ROW_H + ROW_H / 2 },
          });
          drawnAs.set(id, id);
        });
        if (s.folded.length) {
          var sumId = 'more:' + t.key;
          elements.push({
            group: 'nodes',
            data: { id: sumId, table: t.id, tableKey: t.key, kind: 'summary', label: '+ ' + s.folded.length + ' more columns (click to open)' },
            classes: 'row summary',
            position: { x: x, y: p.y + HEADER_H + s.rows.length * ROW_H + ROW_H / 2 },
          });
          s.folded.forEach(function (id) { drawnAs.set(id, sumId); });
        }
      });
      var edgeSeen = new Set();
      shown.edges.forEach(function (e) {
        var s = drawnAs.get(e.source), d = drawnAs.get(e.target);
        if (!s || !d) return;
        var k = s + '\u0001' + d + '\u0001' + e.type + '\u0001' + e.subtype + '\u0001' + (e.diff || '');
        if (edgeSeen.has(k)) return;
        edgeSeen.add(k);
        var classes = [];
        if (rowTable.get(e.source) === rowTable.get(e.target)) classes.push('inner');
        if (e.type === 'INDIRECT') classes.push('indirect');
        if (e.subtype === 'ROW_LEVEL') classes.push('rowlevel');
        if (e.diff === 'added' || e.diff === 'removed') classes.push(e.diff);
        elements.push({ group: 'edges', data: { id: 'e' + edgeSeen.size, source: s, target: d, type: e.type, subtype: e.subtype, diff: e.diff, key: e.key }, classes: classes.join(' ') });
      });
      cy.startBatch();
      cy.elements().remove();
      cy.add(elements);
      cy.endBatch();
      root.setAttribute('data-draw-ms', String(Math.round(performance.now() - t1)));
      if (firstDraw) openingView();
      else if (focusId && drawnAs.has(focusId)) centreOn(drawnAs.get(focusId));
      firstDraw = false;
      refreshFilters();
      refreshLegend();
      refreshFind();
      refreshStatus();
      if (state.selected && model.nodes.has(state.selected)) highlight(state.selected);
    });
  }

  /** Whole graph when it fits at a readable size; else reading size, centred on the root (Fit shows it all). */
  function openingView() {
    fitAll();
    if (cy.zoom() < READABLE_ZOOM) {
      centreOn(drawnAs.get(config.rootId), READABLE_ZOOM);
    } else if (cy.zoom() > 1.25) {
      var z = 1.25;
      cy.viewport({ zoom: z, pan: { x: (cy.width() - z * (extent.x1 + extent.x2)) / 2, y: (cy.height() - z * (extent.y1 + extent.y2)) / 2 } });
    }
  }

  /** Centres the view on a drawn node at a zoom, from its position alone. */
  function centreOn(id, zoom) {
    var node = id ? cy.getElementById(id) : null;
    if (!node || !node.length) return;
    var z = zoom || cy.zoom();
    var p = node.position();
    cy.viewport({ zoom: z, pan: { x: cy.width() / 2 - z * p.x, y: cy.height() / 2 - z * p.y } });
  }

  // ---------------------------------------------------------------- highlight and selection
  /** Upstream and downstream closures of a model node over the links drawn. */
  function paths(id) {
    var drawnEdges = shown.edges;
    var byTarget = new Map(), bySource = new Map();
    drawnEdges.forEach(function (e) { push(byTarget, e.target, e); push(bySource, e.source, e); });
    function walk(start, index, next) {
      var nodes = new Set([start]), edges = new Set(), queue = [start];
      while (queue.length) {
        var cur = queue.shift();
        (index.get(cur) || []).forEach(function (e) {
          edges.add(e.key);
          var n = next(e);
          if (!nodes.has(n)) { nodes.add(n); queue.push(n); }
        });
      }
      return { nodes: nodes, edges: edges };
    }
    return { up: walk(id, byTarget, function (e) { return e.source; }), down: walk(id, bySource, function (e) { return e.target; }) };
  }

  function clearHighlight() {
    cy.elements('.faded, .path-up, .path-down, .picked').removeClass('faded path-up path-down picked');
  }

  /** Highlights the paths of model nodes: each element's classes change once (Cytoscape restyles on every change). */
  function highlight(ids) {
    var list = Array.isArray(ids) ? ids : [ids];
    var up = { nodes: new Set(), edges: new Set() }, down = { nodes: new Set(), edges: new Set() };
    list.forEach(function (id) {
      var p = paths(id);
      p.up.nodes.forEach(function (n) { up.nodes.add(n); });
      p.up.edges.forEach(function (e) { up.edges.add(e); });
      p.down.nodes.forEach(function (n) { down.nodes.add(n); });
      p.down.edges.forEach(function (e) { down.edges.add(e); });
    });
    var classOf = new Map();
    var keep = new Set();
    function mark(set, cls) {
      set.forEach(function (id) {
        var drawn = drawnAs.get(id);
        if (!drawn) return;
        if (!classOf.has(drawn)) classOf.set(drawn, cls);
        var el = cy.getElementById(drawn);
        if (el.length && el.data('table')) keep.add(el.data('table'));
      });
    }
    list.forEach(function (id) { if (drawnAs.get(id)) classOf.set(drawnAs.get(id), 'picked'); });
    mark(up.nodes, 'path-up');
    mark(down.nodes, 'path-down');
    list.forEach(function (id) { mark([id], 'picked'); });
    cy.batch(function () {
      clearHighlight();
      cy.elements().forEach(function (el) {
        var cls;
        if (el.isEdge()) {
          var key = el.data('key');
          cls = up.edges.has(key) ? 'path-up' : down.edges.has(key) ? 'path-down' : 'faded';
        } else {
          cls = classOf.get(el.id()) || (keep.has(el.data('box') || el.id()) ? null : 'faded');
        }
        if (cls) el.addClass(cls);
      });
    });
    root.setAttribute('data-highlight-up', String(up.nodes.size - list.length));
    root.setAttribute('data-highlight-down', String(down.nodes.size - list.length));
  }

  function select(id) {
    state.selected = id;
    updateUrl();
    if (id === null) {
      clearHighlight();
      root.removeAttribute('data-highlight-up');
      root.removeAttribute('data-highlight-down');
      return;
    }
    highlight(id);
    var n = model.nodes.get(id);
    if (n) showDetail(n.namespace, n.dataset, n.field, id);
  }

  function bindCy() {
    cy.on('tap', 'node', function (evt) {
      var el = evt.target;
      var kind = el.data('kind');
      if (kind === 'summary') {
        state.openTables.add(el.data('tableKey'));
        render();
      } else if (kind === 'row') {
        select(el.id());
      } else if (kind === 'table') {
        var rows = tableRows.get(el.data('box') || el.id()) || [];
        state.selected = null;
        updateUrl();
        if (rows.length) highlight(rows);
        showDetail(el.data('namespace'), el.data('dataset'), undefined, null);
      }
    });
    cy.on('tap', function (evt) { if (evt.target === cy) select(null); });
    cy.on('dbltap', 'node.row', function (evt) { if (evt.target.data('kind') === 'row') expand(evt.target.id()); });
  }

  // ---------------------------------------------------------------- expand one hop
  function expand(id) {
    var n = model.nodes.get(id);
    if (!n) return Promise.resolve();
    var fetched = model.known.has(id) ? Promise.resolve() : fetchGraph(expandQuery(n)).then(function (graph) {
      merge(graph, n.depth);
      model.known.add(id);
    });
    setStatus('Showing the neighbours of ' + fullLabel(n) + '…');
    return fetched.then(function () {
      neighbours(id).forEach(function (m) { state.visible.add(m); });
      return render(id);
    }).catch(fail);
  }

  function expandQuery(n) {
    var p = new URLSearchParams({ ns: n.namespace, dataset: n.dataset, direction: config.direction, depth: '1' });
    if (n.field) p.set('field', n.field);
    // one more hop of the same instant (a compare view expands at its first instant only)
    if (config.asOf) p.set('asOf', config.asOf);
    return config.expandUrl + '?' + p.toString();
  }

  function fetchGraph(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(function (res) {
      if (!res.ok || (res.headers.get('content-type') || '').indexOf('json') < 0) throw new Error('the graph could not be read (HTTP ' + res.status + ')');
      return res.json();
    });
  }

  // ---------------------------------------------------------------- detail panel
  var detailEl = root.querySelector('[data-role="detail"]');
  var detailSeq = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }

  function showDetail(namespace, dataset, field, nodeId) {
    var seq = ++detailSeq;
    var p = new URLSearchParams({ ns: namespace, dataset: dataset });
    if (field) p.set('field', field);
    detailEl.replaceChildren(el('p', { class: 'muted', text: 'Loading ' + (field ? dataset + '.' + field : dataset) + '…' }));
    return fetch(config.detailUrl + '?' + p.toString(), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) {
        // Admin errors come back as the error page (HTML): say the status, not a JSON parse error.
        if (!res.ok || (res.headers.get('content-type') || '').indexOf('json') < 0) {
          throw new Error(res.status === 404 ? 'this dataset is not in the lineage store (404)' : 'HTTP ' + res.status);
        }
        return res.json();
      })
      .then(function (d) { if (seq === detailSeq) drawDetail(d, nodeId); })
      .catch(function (err) { if (seq === detailSeq) detailEl.replaceChildren(el('p', { class: 'alert alert-bad', text: 'Details could not be loaded: ' + err.message })); });
  }

  function drawDetail(d, nodeId) {
    var parts = [];
    parts.push(el('h3', { text: d.field ? d.dataset + '.' + d.field : d.dataset }));
    parts.push(el('p', { class: 'muted', text: [d.kind, d.namespace].filter(Boolean).join(' · ') }));
    if (d.description) parts.push(el('p', { text: d.description }));
    if (nodeId) {
      var hidden = hiddenNeighbours(nodeId).length;
      var actions = el('p', { class: 'detail-actions' });
      if (expandable(nodeId)) {
        var b = el('button', { type: 'button', 'data-action': 'expand', text: model.known.has(nodeId) ? 'Show ' + hidden + ' hidden neighbour' + (hidden === 1 ? '' : 's') : 'Show its neighbours (one hop further)' });
        b.addEventListener('click', function () { expand(nodeId); });
        actions.appendChild(b);
        actions.appendChild(document.createTextNode(' '));
      }
      var n = model.nodes.get(nodeId);
      var q = new URLSearchParams({ ns: n.namespace, dataset: n.dataset, direction: config.direction, depth: String(config.depth) });
      if (n.field) q.set('field', n.field);
      actions.appendChild(el('a', { href: window.location.pathname + '?' + q.toString(), text: 'Explore from here' }));
      parts.push(actions);
    }
    parts.push(el('h4', { text: 'Statistics' }));
    if (d.statistics.length) {
      parts.push(el('dl', { class: 'facts detail-stats' }, d.statistics.reduce(function (list, s) { return list.concat([el('dt', { text: s.label }), el('dd', { text: s.value })]); }, [])));
    } else parts.push(el('p', { class: 'muted', text: d.statisticsNote }));
    if (config.usageUrl) {
      parts.push(el('h4', { text: 'Usage' }));
      var usageEl = el('div', { class: 'detail-usage', 'data-role': 'usage' }, [el('p', { class: 'muted', text: 'Loading reads…' })]);
      parts.push(usageEl);
      loadUsage(usageEl, d);
    }
    parts.push(el('h4', { text: 'Fields (' + d.fields.length + ')' }));
    var rows = d.fields.map(function (f) {
      return el('tr', f.selected ? { class: 'selected-field' } : {}, [el('td', { text: f.name }), el('td', { text: f.type }), el('td', { text: f.nullable })]);
    });
    parts.push(el('div', { class: 'table-scroll' }, [el('table', { class: 'data compact' }, [
      el('thead', {}, [el('tr', {}, [el('th', { scope: 'col', text: 'Field' }), el('th', { scope: 'col', text: 'Type' }), el('th', { scope: 'col', text: 'Null' })])]),
      el('tbody', {}, rows),
    ])]));
    parts.push(el('h4', { text: 'Written by' }));
    if (d.writes.length) {
      var list = el('ul', { class: 'detail-writes' });
      d.writes.forEach(function (w) {
        var item = el('li', {}, [el('strong', { text: w.job }), el('span', { class: 'muted', text: ' · ' + w.when + ' · ' + w.eventType + (w.producer ? ' · ' + w.producer : '') })]);
        if (w.sqlExcerpt) item.appendChild(el('pre', { class: 'sql', text: w.sqlExcerpt }));
        list.appendChild(item);
      });
      parts.push(list);
      if (d.writesNote) parts.push(el('p', { class: 'muted', text: d.writesNote }));
    } else parts.push(el('p', { class: 'muted', text: 'No run recorded writing ' + (d.field ? 'this field' : 'this dataset') + ' (a source, or loaded outside the logged window).' }));
    parts.push(el('h4', { text: d.ddl ? 'DDL (' + d.ddl.title + ')' : 'DDL' }));
    if (d.ddl) parts.push(el('pre', { class: 'ddl', text: d.ddl.text }));
    else parts.push(el('p', { class: 'muted', text: d.ddlNote }));
    detailEl.replaceChildren.apply(detailEl, parts);
    root.setAttribute('data-detail', d.field ? d.dataset + '.' + d.field : d.dataset);
  }

  // ---------------------------------------------------------------- detail panel: usage (reads from the query log's SELECTs)
  var SVG_NS = 'http://www.w3.org/2000/svg';

  function loadUsage(target, d) {
    var seq = detailSeq;
    var p = new URLSearchParams({ ns: d.namespace, dataset: d.dataset });
    if (d.field) p.set('field', d.field);
    fetch(config.usageUrl + '?' + p.toString(), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) {
        if (!res.ok || (res.headers.get('content-type') || '').indexOf('json') < 0) throw new Error(res.status === 404 ? 'no usage is recorded for it' : 'HTTP ' + res.status);
        return res.json();
      })
      .then(function (u) { if (seq === detailSeq) drawUsage(target, u, d, p); })
      .catch(function (err) { if (seq === detailSeq) target.replaceChildren(el('p', { class: 'muted', text: 'Usage could not be loaded: ' + err.message })); });
  }

  function plural(n, word) { return n.toLocaleString('en') + ' ' + word + (n === 1 ? '' : 's'); }

  /** Reads per day as a sparkline: one polyline over the window, its highest day labelled (drawn with attributes, no inline style). */
  function sparkline(days) {
    var width = 240, height = 40, max = days.reduce(function (m, x) { return Math.max(m, x.reads); }, 0);
    var svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + (height + 2));
    svg.setAttribute('class', 'sparkline');
    svg.setAttribute('role', 'img');
    var first = days[0] ? days[0].day : '', last = days.length ? days[days.length - 1].day : '';
    svg.setAttribute('aria-label', 'Reads per day from ' + first + ' to ' + last + ', at most ' + max + ' a day');
    var step = days.length > 1 ? width / (days.length - 1) : width;
    var points = days.map(function (x, i) { return (i * step).toFixed(1) + ',' + (height + 1 - (max ? (x.reads / max) * height : 0)).toFixed(1); });
    var line = document.createElementNS(SVG_NS, 'polyline');
    line.setAttribute('points', points.join(' '));
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', COLOURS.direct);
    line.setAttribute('stroke-width', '1.5');
    svg.appendChild(line);
    var title = document.createElementNS(SVG_NS, 'title');
    title.textContent = days.map(function (x) { return x.day + ': ' + x.reads; }).join('\n');
    svg.appendChild(title);
    return el('figure', { class: 'sparkline-box' }, [svg, el('figcaption', { class: 'muted', text: first + ' → ' + last + ' · peak ' + plural(max, 'read') + ' a day' })]);
  }

  function drawUsage(target, u, d, params) {
    var t = u.totals, parts = [];
    if (!t.reads) {
      parts.push(el('p', { class: 'muted', text: 'Nobody read ' + (d.field ? 'this field' : 'this dataset') + ' from ' + u.window.from + ' to ' + u.window.to + ' (the SELECTs of the query log mined so far).' }));
    } else {
      var split = t.projectionReads !== undefined ? ' (' + t.projectionReads + ' projected, ' + t.predicateReads + ' in filters, joins or grouping)' : '';
      parts.push(el('p', { 'data-role': 'usage-totals', text: plural(t.reads, 'read') + split + ' by ' + plural(t.users, 'user') + ' in ' + plural(t.applications, 'application') + ', ' + u.window.from + ' → ' + u.window.to + (t.lastReadAt ? '; last read ' + t.lastReadAt.slice(0, 16).replace('T', ' ') + ' UTC' : '') }));
      parts.push(sparkline(u.days));
      var top = function (label, rows, name) {
        if (!rows.length) return null;
        return el('div', {}, [el('strong', { text: label }), el('ul', { class: 'detail-top' }, rows.slice(0, 5).map(function (r) { return el('li', { text: r[name] + ' · ' + plural(r.reads, 'read') }); }))]);
      };
      parts.push(top('Top users', u.topUsers, 'user'));
      parts.push(top('Top applications', u.topApplications, 'application'));
    }
    if (config.impactUrl) parts.push(el('p', {}, [el('a', { href: config.impactUrl + '?' + params.toString(), text: 'Who would notice a change here (usage-weighted impact)' })]));
    target.replaceChildren.apply(target, parts.filter(Boolean));
  }

  // ---------------------------------------------------------------- toolbar: zoom, find, group, filters, share
  root.querySelector('[data-role="group"]').checked = state.group;
  root.querySelector('[data-role="group"]').addEventListener('change', function (evt) {
    state.group = evt.target.checked;
    updateUrl();
    render();
  });
  root.addEventListener('click', function (evt) {
    var action = evt.target.getAttribute && evt.target.getAttribute('data-action');
    if (!action) return;
    if (action === 'fit') fitAll();
    else if (action === 'zoom-in') cy.zoom({ level: cy.zoom() * 1.25, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    else if (action === 'zoom-out') cy.zoom({ level: cy.zoom() / 1.25, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    else if (action === 'reset') openingViewAt(1);
    else if (action === 'show-all') { model.nodes.forEach(function (n, id) { state.visible.add(id); }); render(); }
    else if (action === 'share') share();
  });

  function openingViewAt(zoom) {
    centreOn(drawnAs.get(state.selected || config.rootId), zoom);
  }

  function share() {
    updateUrl();
    var url = window.location.href;
    var done = function () { setStatus('Link to this view copied: ' + url); };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(url).then(done, function () { setStatus('Link to this view: ' + url); });
    else setStatus('Link to this view: ' + url);
  }

  var findForm = root.querySelector('[data-role="find"]');
  findForm.addEventListener('submit', function (evt) {
    evt.preventDefault();
    find(findForm.querySelector('input').value);
  });

  /** Finds a node by name (exact, else the first containing it); reveals it with the path from the root when hidden. */
  function find(text) {
    var q = String(text || '').trim().toLowerCase();
    if (!q) return;
    var hit = null;
    model.nodes.forEach(function (n) { if (!hit && fullLabel(n).toLowerCase() === q) hit = n; });
    if (!hit) model.nodes.forEach(function (n) { if (!hit && fullLabel(n).toLowerCase().indexOf(q) >= 0) hit = n; });
    if (!hit) { setStatus('No node of this graph matches “' + text + '”.'); return; }
    var target = hit;
    var reveal = !state.visible.has(target.id) || !drawnAs.has(target.id);
    if (reveal) {
      pathFromRoot(target.id).forEach(function (id) { state.visible.add(id); });
      var tk = tableKey(target);
      state.openTables.add(tk);
    }
    (reveal ? render(target.id) : Promise.resolve()).then(function () {
      select(target.id);
      centreOn(drawnAs.get(target.id), Math.max(cy.zoom(), READABLE_ZOOM));
      setStatus('Found ' + fullLabel(target) + '.');
    });
  }

  function pathFromRoot(id) {
    var prev = new Map([[config.rootId, null]]);
    var queue = [config.rootId];
    while (queue.length && !prev.has(id)) {
      var cur = queue.shift();
      neighbours(cur).forEach(function (m) { if (!prev.has(m)) { prev.set(m, cur); queue.push(m); } });
    }
    var out = [];
    for (var at = prev.has(id) ? id : null; at !== null; at = prev.get(at)) out.push(at);
    if (!out.length) out.push(id);
    return out;
  }

  function refreshFind() {
    var list = root.querySelector('#explorer-find-list');
    var labels = [];
    model.nodes.forEach(function (n) { labels.push(fullLabel(n)); });
    labels.sort();
    list.replaceChildren.apply(list, labels.slice(0, 2000).map(function (l) { return el('option', { value: l }); }));
  }

  var SUBTYPE_WORDS = {
    IDENTITY: 'identity (copied)', TRANSFORMATION: 'transformation', AGGREGATION: 'aggregation', JOIN: 'join', FILTER: 'filter', GROUP_BY: 'group by',
    SORT: 'sort', WINDOW: 'window', CONDITIONAL: 'conditional', ROW_LEVEL: 'row-level links (what decides the rows)',
  };

  function refreshFilters() {
    var box = root.querySelector('[data-role="filters"]');
    var present = new Map();
    model.edges.forEach(function (e) {
      if (!present.has(e.type)) present.set(e.type, new Map());
      var m = present.get(e.type);
      m.set(e.subtype, (m.get(e.subtype) || 0) + 1);
    });
    var legend = box.querySelector('legend');
    var items = [legend];
    ['DIRECT', 'INDIRECT'].forEach(function (type) {
      var subs = present.get(type) || new Map();
      var total = 0;
      subs.forEach(function (c) { total += c; });
      items.push(checkbox(type, type === 'DIRECT' ? 'Direct (the value flows)' : 'Indirect (the value decides)', total, 'filter-type'));
      Array.from(subs.keys()).sort().forEach(function (sub) { items.push(checkbox(sub, SUBTYPE_WORDS[sub] || sub.toLowerCase(), subs.get(sub), 'filter-subtype')); });
    });
    box.replaceChildren.apply(box, items);
  }

  function checkbox(value, label, count, cls) {
    var input = el('input', { type: 'checkbox', value: value, 'data-filter': value });
    input.checked = !state.hide.has(value);
    input.addEventListener('change', function () {
      if (input.checked) state.hide.delete(value);
      else state.hide.add(value);
      updateUrl();
      render();
    });
    return el('label', { class: cls }, [input, ' ' + label + ' (' + count + ')']);
  }

  function refreshLegend() {
    var ul = root.querySelector('[data-role="legend"]');
    var diffs = { added: false, removed: false };
    model.edges.forEach(function (e) { if (e.diff === 'added' || e.diff === 'removed') diffs[e.diff] = true; });
    model.nodes.forEach(function (n) { if (n.diff === 'added' || n.diff === 'removed') diffs[n.diff] = true; });
    var entries = [
      ['node-root', 'The column (or table) explored'],
      ['node-table', 'A table or view, holding its columns'],
      ['node-rows', '∗ rows: what decides a table’s rows'],
      ['node-more', 'Columns folded into a count (click to open)'],
      ['node-expandable', '⊕ Has neighbours not shown (double-click)'],
      ['edge-direct', 'Direct: the value flows'],
      ['edge-indirect', 'Indirect: the value decides (join, filter…)'],
      ['edge-row', 'Row-level link'],
      ['edge-up', 'Upstream of the selection (sources)'],
      ['edge-down', 'Downstream of the selection (impact)'],
    ];
    if (state.group) entries.push(['node-database', 'A database (grouping)']);
    if (diffs.added) entries.push(['edge-added', 'Added between the two instants compared']);
    if (diffs.removed) entries.push(['edge-removed', 'Removed between the two instants compared (dashed)']);
    ul.replaceChildren.apply(ul, entries.map(function (e) {
      return el('li', { 'data-legend': e[0] }, [el('span', { class: 'swatch swatch-' + e[0], 'aria-hidden': 'true' }), e[1]]);
    }));
  }

  function setStatus(text) { statusEl.textContent = text; }

  function refreshStatus() {
    var total = model.nodes.size;
    var drawnNodes = shown.nodes.length;
    var hiddenByHop = total - state.visible.size;
    var filtered = state.visible.size - drawnNodes;
    var parts = ['Showing ' + drawnNodes + ' of ' + total + ' nodes and ' + shown.edges.length + ' of ' + model.edges.size + ' links.'];
    if (hiddenByHop > 0) parts.push(hiddenByHop + ' further nodes are one or more hops out: double-click a node marked ⊕, or Show all.');
    if (filtered > 0) parts.push(filtered + ' hidden by the link filters.');
    if (model.truncated) parts.push('The answer was cut at the node limit (LINEAGE_NODE_CAP): nodes marked ⊕ at its edge load more when expanded.');
    setStatus(parts.join(' '));
    root.setAttribute('data-nodes-drawn', String(drawnNodes));
    root.setAttribute('data-edges-drawn', String(shown.edges.length));
  }

  function updateUrl() {
    var p = new URLSearchParams(window.location.search);
    if (state.hide.size) p.set('hide', Array.from(state.hide).sort().join(','));
    else p.delete('hide');
    if (state.group) p.set('group', 'database');
    else p.delete('group');
    if (state.selected) p.set('select', state.selected);
    else p.delete('select');
    window.history.replaceState(null, '', window.location.pathname + '?' + p.toString());
  }

  function fail(err) {
    setStatus('The interactive view failed (' + (err && err.message ? err.message : String(err)) + '); the picture below shows the same graph.');
    root.setAttribute('data-state', 'failed');
    if (fallback) fallback.hidden = false;
  }

  // ---------------------------------------------------------------- start
  root.hidden = false;
  setStatus('Loading the graph…');
  fetchGraph(config.graphUrl)
    .then(function (graph) {
      root.setAttribute('data-fetch-ms', String(Math.round(performance.now() - started)));
      model.truncated = Boolean(graph.truncated);
      merge(graph, 0);
      markKnown(graph, config.depth);
      if (!model.nodes.has(config.rootId)) config.rootId = graph.root;
      initialVisible();
      if (state.selected && model.nodes.has(state.selected)) pathFromRoot(state.selected).forEach(function (id) { state.visible.add(id); });
      return render();
    })
    .then(function () {
      if (fallback) fallback.hidden = true;
      var layout = document.querySelector('[data-role="graph-layout"]');
      if (layout) layout.classList.add('solo');
      if (state.selected && model.nodes.has(state.selected)) {
        var n = model.nodes.get(state.selected);
        showDetail(n.namespace, n.dataset, n.field, state.selected);
      }
      // Interactive once the first frame with the graph is on screen.
      window.requestAnimationFrame(function () {
        window.requestAnimationFrame(function () {
          root.setAttribute('data-ready-ms', String(Math.round(performance.now())));
          root.setAttribute('data-build-ms', String(Math.round(performance.now() - started)));
          root.setAttribute('data-state', 'ready');
        });
      });
    })
    .catch(fail);
  // For the browser tests and the benchmark: the Cytoscape instance and the actions the toolbar drives.
  window.lineageExplorer = { cy: function () { return cy; }, find: find, expand: expand, select: select };
})();
