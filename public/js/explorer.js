// The interactive lineage explorer (admin explorer page). Glue between the lineage graph JSON (carried
// by the page, else /admin/lineage/graph.json), Cytoscape.js (drawing, pan, zoom, events) and the
// layouts: tables drawn as boxes holding their column rows, laid out at the table level first by a
// quick layered layout computed here (drawn at once), then by ELK in its worker (the nodes move to
// its positions when it answers), columns ordered in each table to cut crossings. Loaded as an
// external script (CSP script-src 'self'); without it (or when it fails) the server-rendered SVG
// picture below it stays.
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
  var LIGHT_ELK_LINKS = 200;
  var LINKS_PER_TABLE = 3;
  /** Spacing of both layouts: between columns of tables, between tables in a column. */
  var LAYER_GAP = 70;
  var NODE_GAP = 22;
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

  /**
   * Tables of the drawn nodes. Each table's shown rows are picked here, before any layout (the explored
   * and selected columns first, then by name), so that a layout arriving later only moves them.
   */
  function buildTables(nodes) {
    var tables = new Map();
    nodes.forEach(function (n) {
      var key = tableKey(n);
      var t = tables.get(key);
      if (!t) { t = { key: key, id: 't:' + key, namespace: n.namespace, dataset: n.dataset, database: databaseOf(n), dbId: 'd:' + n.namespace + '\u0001' + databaseOf(n), rows: [] }; tables.set(key, t); }
      t.rows.push(n.id);
    });
    tables.forEach(function (t) {
      t.rows.sort(function (a, b) {
        var na = model.nodes.get(a), nb = model.nodes.get(b);
        var ra = na.field === '*' ? 0 : 1, rb = nb.field === '*' ? 0 : 1;
        var fa = String(na.field || ''), fb = String(nb.field || '');
        // Code-unit order, not localeCompare: its first call sets up a collator (tens of ms), and the order is only where the sweeps start.
        return ra - rb || (fa < fb ? -1 : fa > fb ? 1 : 0);
      });
      var s = shownRows(t);
      t.shown = s.rows;
      t.folded = s.folded;
      t.height = HEADER_H + (t.shown.length + (t.folded.length ? 1 : 0)) * ROW_H + 6;
    });
    return tables;
  }

  /** The rows a table shows (collapsed tables keep MAX_ROWS - 1 rows and a summary row). */
  function shownRows(t) {
    if (t.rows.length <= MAX_ROWS || state.openTables.has(t.key)) return { rows: t.rows.slice(), folded: [] };
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

  /** One [source table, target table] pair per pair of linked tables (links inside a table left out). */
  function tableLinks(edges, rowTable) {
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
    return links;
  }

  // ---------------------------------------------------------------- ELK, in its Web Worker
  // ELK runs in a Web Worker (elk-worker.min.js): the layout leaves the page responsive. The worker is
  // started from the page's head (explorer-worker.js, 4 CPUs or more), else once the first drawing is
  // interactive; loading and compiling its 1.6 MB takes most of a second of CPU. The page draws the
  // quick layout below first, and ELK's answer moves it.
  var ELK_WORKER = '/public/vendor/elk-worker.min.js';
  /** The worker explorer-worker.js started from the page's head (machines with 4 CPUs or more), or null; null marks the slot taken. */
  var earlyWorker = window.lineageElkWorker || null;
  window.lineageElkWorker = null;
  var elk = null;
  var openElkGate;
  /**
   * ELK's layouts wait for this. With 4 CPUs or more it is open at once; otherwise it opens once the
   * first drawing is interactive. Measured on a 2-CPU machine under load (ADR 0026):
   * ELK compiling and laying out beside the first drawing made it 1.1 s later (3.2 s against 4.3 s at
   * 500 nodes), and ELK's layout was on screen no sooner.
   */
  var elkGate = new Promise(function (resolve) { openElkGate = resolve; });
  function startElk() {
    if (elk) return;
    elk = new window.ELK(earlyWorker ? { workerUrl: ELK_WORKER, workerFactory: function () { return earlyWorker; } } : { workerUrl: ELK_WORKER });
    root.setAttribute('data-elk-worker', earlyWorker ? 'page-head' : MANY_CPUS ? 'script-load' : 'after-first-draw');
    openElkGate();
  }
  /** With 4 CPUs or more ELK starts at once (from the head's worker, or here when that script ran late). */
  var MANY_CPUS = window.navigator.hardwareConcurrency >= 4;
  if (earlyWorker || MANY_CPUS) startElk();

  /** ELK layered layout of the tables (grouped in databases when asked): resolves to { tableId: {x, y, width, height} } (top-left corners). */
  function layoutTables(tables, links) {
    var children = [];
    var groups = new Map();
    tables.forEach(function (t) {
      var node = { id: t.id, width: TABLE_W + 12, height: t.height };
      if (state.group) {
        var g = groups.get(t.dbId);
        if (!g) { g = { id: t.dbId, layoutOptions: { 'elk.padding': '[top=34,left=14,bottom=14,right=14]' }, children: [] }; groups.set(t.dbId, g); children.push(g); }
        g.children.push(node);
      } else children.push(node);
    });
    var light = links.length > LIGHT_ELK_LINKS;
    if (light) {
      var into = new Map();
      links = links.filter(function (l) { var n = (into.get(l[1]) || 0) + 1; into.set(l[1], n); return n <= LINKS_PER_TABLE; });
    }
    var elkEdges = links.map(function (l, i) { return { id: 'x' + i, sources: [l[0]], targets: [l[1]] }; });
    root.setAttribute('data-elk-options', light ? 'light' : 'full');
    var graph = {
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.hierarchyHandling': state.group ? 'INCLUDE_CHILDREN' : 'SEPARATE_CHILDREN',
        'elk.layered.spacing.nodeNodeBetweenLayers': String(LAYER_GAP), 'elk.spacing.nodeNode': String(NODE_GAP), 'elk.layered.nodePlacement.strategy': light ? 'SIMPLE' : 'BRANDES_KOEPF',
        'elk.layered.thoroughness': light ? '1' : '3', 'elk.layered.crossingMinimization.greedySwitch.type': light ? 'OFF' : 'TWO_SIDED',
        'elk.edgeRouting': 'POLYLINE', 'elk.separateConnectedComponents': light ? 'false' : 'true', 'elk.spacing.componentComponent': '40',
      },
      children: children,
      edges: elkEdges,
    };
    var asked;
    return elkGate.then(function () {
      asked = performance.now();
      return elk.layout(graph);
    }).then(function (out) {
      root.setAttribute('data-elk-layout-ms', String(Math.round(performance.now() - asked)));
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

  // ---------------------------------------------------------------- quick layout, in the page

  /**
   * A layered layout computed in the page in a few milliseconds, drawn at once while ELK works in its
   * worker (ELK's answer then moves the boxes). Columns by longest path from the sources (cycles
   * broken where a depth-first walk meets them; a source is pulled next to the first column it
   * feeds), order in each column by the barycentre of its neighbours (four sweeps each way), then
   * each box moved towards the mean height of its neighbours keeping that order and the spacing
   * (weighted isotonic regression, pool-adjacent-violators).
   * items: [{ id, width, height }], links: [[sourceId, targetId]] → { id: { x, y, width, height } } (top-left corners).
   */
  function quickLayout(items, links) {
    var n = items.length;
    var index = new Map();
    items.forEach(function (it, i) { index.set(it.id, i); });
    var out = [], nbrs = [];
    for (var i = 0; i < n; i++) { out.push([]); nbrs.push([]); }
    links.forEach(function (l) {
      var s = index.get(l[0]), d = index.get(l[1]);
      if (s === undefined || d === undefined || s === d) return;
      out[s].push(d);
      nbrs[s].push(d);
      nbrs[d].push(s);
    });
    // Depth-first walk: pre-order (the first order in each column), post-order (reversed: a topological
    // order of the links that are not back edges), back edges left out of the ranking.
    var mark = new Int8Array(n), pre = new Int32Array(n), post = [], dag = [], preCount = 0;
    for (i = 0; i < n; i++) dag.push([]);
    for (var start = 0; start < n; start++) {
      if (mark[start]) continue;
      var path = [start], at = [0];
      mark[start] = 1;
      pre[start] = preCount++;
      while (path.length) {
        var v = path[path.length - 1], k = at[at.length - 1];
        if (k < out[v].length) {
          at[at.length - 1] = k + 1;
          var w = out[v][k];
          if (mark[w] === 1) continue; // back edge: a cycle
          dag[v].push(w);
          if (!mark[w]) { mark[w] = 1; pre[w] = preCount++; path.push(w); at.push(0); }
        } else {
          mark[v] = 2;
          post.push(v);
          path.pop();
          at.pop();
        }
      }
    }
    var rank = new Int32Array(n), hasPred = new Int8Array(n);
    for (var p = post.length - 1; p >= 0; p--) {
      v = post[p];
      dag[v].forEach(function (x) { if (rank[x] < rank[v] + 1) rank[x] = rank[v] + 1; hasPred[x] = 1; });
    }
    for (p = 0; p < post.length; p++) {
      v = post[p];
      if (hasPred[v] || !dag[v].length) continue;
      var lowest = Infinity;
      dag[v].forEach(function (x) { if (rank[x] < lowest) lowest = rank[x]; });
      rank[v] = lowest - 1;
    }
    var minRank = Infinity, maxRank = 0;
    for (i = 0; i < n; i++) minRank = Math.min(minRank, rank[i]);
    var layers = [];
    for (i = 0; i < n; i++) {
      rank[i] -= minRank;
      maxRank = Math.max(maxRank, rank[i]);
      (layers[rank[i]] = layers[rank[i]] || []).push(i);
    }
    for (var r = 0; r <= maxRank; r++) { layers[r] = layers[r] || []; layers[r].sort(function (a, b) { return pre[a] - pre[b]; }); }
    var height = items.map(function (it) { return it.height; });
    var centre = new Float64Array(n), top = new Float64Array(n);
    /** Stacks a column in its order, centred on y = 0 (columns of different heights stay comparable). */
    function stack(layer) {
      var total = -NODE_GAP;
      layer.forEach(function (x) { total += height[x] + NODE_GAP; });
      var y = -total / 2;
      layer.forEach(function (x) { top[x] = y; centre[x] = y + height[x] / 2; y += height[x] + NODE_GAP; });
    }
    layers.forEach(stack);
    function reorder(r, side) {
      var layer = layers[r];
      var key = new Map();
      layer.forEach(function (x) {
        var sum = 0, count = 0;
        nbrs[x].forEach(function (y) { if ((side < 0 && rank[y] < r) || (side > 0 && rank[y] > r)) { sum += centre[y]; count++; } });
        key.set(x, count ? sum / count : centre[x]);
      });
      layer.sort(function (a, b) { return key.get(a) - key.get(b) || centre[a] - centre[b]; });
      stack(layer);
    }
    for (var sweep = 0; sweep < 4; sweep++) {
      for (r = 1; r <= maxRank; r++) reorder(r, -1);
      for (r = maxRank - 1; r >= 0; r--) reorder(r, 1);
    }
    /** Moves a column's boxes towards the mean height of their neighbours, order and spacing kept. */
    function straighten(layer) {
      var blocks = [];
      var offset = 0;
      layer.forEach(function (x) {
        var sum = 0, count = 0;
        nbrs[x].forEach(function (y) { sum += centre[y]; count++; });
        var weight = count || 0.01;
        var want = (count ? sum / count : centre[x]) - height[x] / 2 - offset;
        blocks.push({ w: weight, v: want, size: 1 });
        offset += height[x] + NODE_GAP;
        while (blocks.length > 1 && blocks[blocks.length - 2].v > blocks[blocks.length - 1].v) {
          var b = blocks.pop(), a = blocks[blocks.length - 1];
          a.v = (a.v * a.w + b.v * b.w) / (a.w + b.w);
          a.w += b.w;
          a.size += b.size;
        }
      });
      var j = 0;
      offset = 0;
      blocks.forEach(function (blk) {
        for (var m = 0; m < blk.size; m++, j++) {
          var x = layer[j];
          top[x] = blk.v + offset;
          centre[x] = top[x] + height[x] / 2;
          offset += height[x] + NODE_GAP;
        }
      });
    }
    for (sweep = 0; sweep < 3; sweep++) {
      for (r = 0; r <= maxRank; r++) straighten(layers[r]);
      for (r = maxRank; r >= 0; r--) straighten(layers[r]);
    }
    var pos = {};
    var x0 = 0, minTop = Infinity;
    for (i = 0; i < n; i++) minTop = Math.min(minTop, top[i]);
    layers.forEach(function (layer) {
      var width = 0;
      layer.forEach(function (x) {
        pos[items[x].id] = { x: x0, y: top[x] - minTop, width: items[x].width, height: height[x] };
        width = Math.max(width, items[x].width);
      });
      x0 += width + LAYER_GAP;
    });
    return pos;
  }

  /** The quick layout of the tables; grouped, each database's tables laid out in it, then the databases as boxes. */
  function quickLayoutTables(tables, links) {
    var boxes = [];
    tables.forEach(function (t) { boxes.push({ id: t.id, width: TABLE_W + 12, height: t.height, db: t.dbId }); });
    if (!state.group) return quickLayout(boxes, links);
    var dbOf = new Map(), members = new Map(), inner = new Map(), outer = [], seen = new Set();
    boxes.forEach(function (b) { dbOf.set(b.id, b.db); push(members, b.db, b); });
    links.forEach(function (l) {
      var s = dbOf.get(l[0]), d = dbOf.get(l[1]);
      if (s === d) { push(inner, s, l); return; }
      var k = s + '\u0002' + d;
      if (!seen.has(k)) { seen.add(k); outer.push([s, d]); }
    });
    var local = new Map(), groups = [];
    members.forEach(function (list, db) {
      var p = quickLayout(list, inner.get(db) || []);
      var w = 0, h = 0;
      list.forEach(function (b) { w = Math.max(w, p[b.id].x + p[b.id].width); h = Math.max(h, p[b.id].y + p[b.id].height); });
      local.set(db, p);
      groups.push({ id: db, width: w + 28, height: h + 48 });
    });
    var pos = quickLayout(groups, outer);
    local.forEach(function (p, db) {
      var g = pos[db];
      Object.keys(p).forEach(function (id) { pos[id] = { x: g.x + 14 + p[id].x, y: g.y + 34 + p[id].y, width: p[id].width, height: p[id].height }; });
    });
    return pos;
  }

  /** Orders each table's shown rows by the mean height of what they link to (two sweeps): fewer crossings than alphabetical. */
  function orderRows(tables, edges, pos) {
    var rowY = new Map();
    function place() {
      tables.forEach(function (t) {
        var top = pos[t.id].y + HEADER_H;
        t.shown.forEach(function (id, i) { rowY.set(id, top + i * ROW_H); });
        var summary = top + t.shown.length * ROW_H;
        t.folded.forEach(function (id) { rowY.set(id, summary); });
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
        var at = new Map(t.shown.map(function (id, i) { return [id, i]; }));
        t.shown.sort(function (a, b) {
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
  /** Each render's number: a layout answering for an older render is dropped. */
  var renderSeq = 0;
  /** The viewport the page last chose itself (the opening view): while the view is still there, the user has not panned or zoomed. */
  var viewportSet = null;
  /**
   * The first draw never waits for ELK (its worker is still compiling): the quick layout is drawn and
   * ELK's answer moves it. Later renders (the worker warm) wait this long for ELK, so that small
   * changes draw once without a jump.
   */
  var ELK_WAIT_MS = 250;
  /** Up to this many drawn nodes, ELK's positions are reached in a short animation; above, in one move. */
  var ANIMATE_NODES = 400;
  var ANIMATE_MS = 300;

  var canvasMade = null;
  /**
   * Creates the Cytoscape instance once the library is parsed (and the graph known: large graphs get
   * lighter options), and lets it draw one empty frame before the graph is added. Measured: Cytoscape's
   * very first frame draws every element, on screen or not, into one layer texture as large as the
   * graph (up to 4,000 x 4,000 px: 1.3 s of a 2.6 s first frame at 500 nodes on a loaded machine);
   * after an empty first frame it draws the visible elements only and builds that texture later, in
   * idle frames. The yield also lets the ELK worker, created when this script ran, start loading.
   */
  function canvasReady() {
    if (canvasMade) return canvasMade;
    canvasMade = cytoscapeLoaded.then(function () {
      if (typeof window.cytoscape !== 'function') throw new Error('the graph library did not load');
      cy = makeCy(model.edges.size > 400);
      bindCy();
      cy.forceRender();
      return new Promise(function (resolve) { window.requestAnimationFrame(function () { resolve(); }); });
    });
    return canvasMade;
  }

  function render(focusId) {
    var seq = ++renderSeq;
    shown = drawable();
    var tables = buildTables(shown.nodes);
    var rowTable = new Map();
    tables.forEach(function (t) { t.rows.forEach(function (id) { rowTable.set(id, t.id); }); });
    var links = tableLinks(shown.edges, rowTable);
    var elkPos = null;
    root.setAttribute('data-elk', 'pending');
    var elkAnswer = layoutTables(tables, links).then(
      function (pos) { elkPos = pos; return pos; },
      function (err) { return { failed: err }; }
    );
    var wait = firstDraw ? 0 : ELK_WAIT_MS;
    return canvasReady()
      .then(function () {
        if (elkPos || !wait) return null;
        return Promise.race([elkAnswer, new Promise(function (resolve) { setTimeout(resolve, wait); })]);
      })
      .then(function () {
        if (seq !== renderSeq) return;
        if (elkPos) {
          draw(tables, rowTable, elkPos, focusId, 'elk');
          elkOnScreen(seq);
          return;
        }
        var t0 = performance.now();
        var pos = quickLayoutTables(tables, links);
        root.setAttribute('data-quick-layout-ms', String(Math.round(performance.now() - t0)));
        draw(tables, rowTable, pos, focusId, 'quick');
        elkAnswer.then(function (answer) {
          if (seq !== renderSeq) return;
          if (answer && answer.failed) {
            // The quick layout stays: the graph is whole and usable, only less tidy.
            root.setAttribute('data-elk', 'failed');
            if (window.console) window.console.warn('ELK layout failed; the quick layout stays', answer.failed);
            return;
          }
          moveTo(tables, answer, focusId, seq);
        });
      });
  }

  /** Where each drawn node goes for a layout of the tables (their top-left corners): boxes, titles, rows, summaries, databases. */
  function placements(tables, pos) {
    var at = new Map(), databases = new Map();
    tables.forEach(function (t) {
      var p = pos[t.id];
      if (state.group && pos[t.dbId] && !databases.has(t.dbId)) {
        var g = pos[t.dbId];
        databases.set(t.dbId, g);
        at.set(t.dbId, { x: g.x + g.width / 2, y: g.y + g.height / 2 });
      }
      at.set(t.id, { x: p.x + p.width / 2, y: p.y + p.height / 2 });
      at.set('h:' + t.id, { x: p.x + p.width / 2, y: p.y + HEADER_H / 2 + 1 });
      var x = p.x + 6 + TABLE_W / 2;
      t.shown.forEach(function (id, i) { at.set(id, { x: x, y: p.y + HEADER_H + i * ROW_H + ROW_H / 2 }); });
      if (t.folded.length) at.set('more:' + t.key, { x: x, y: p.y + HEADER_H + t.shown.length * ROW_H + ROW_H / 2 });
    });
    return { at: at, databases: databases };
  }

  function extentOf(pos) {
    var box = null;
    Object.keys(pos).forEach(function (id) {
      var p = pos[id];
      if (!box) box = { x1: p.x, y1: p.y, x2: p.x + p.width, y2: p.y + p.height };
      box = { x1: Math.min(box.x1, p.x), y1: Math.min(box.y1, p.y - 20), x2: Math.max(box.x2, p.x + p.width), y2: Math.max(box.y2, p.y + p.height) };
    });
    return box;
  }

  /** Replaces the drawing with the tables at `pos`, every node and link of `shown`. */
  function draw(tables, rowTable, pos, focusId, layoutName) {
    var t1 = performance.now();
    orderRows(tables, shown.edges, pos);
    var place = placements(tables, pos);
    var elements = [];
    extent = extentOf(pos);
    drawnAs = new Map();
    tableRows = new Map();
    var databases = new Set();
    tables.forEach(function (t) {
      var p = pos[t.id];
      if (place.databases.has(t.dbId) && !databases.has(t.dbId)) {
        databases.add(t.dbId);
        var g = place.databases.get(t.dbId);
        elements.push({ group: 'nodes', data: { id: t.dbId, label: t.database, kind: 'database', w: g.width, h: g.height }, classes: 'database', position: place.at.get(t.dbId) });
      }
      elements.push({ group: 'nodes', data: { id: t.id, kind: 'table', dataset: t.dataset, namespace: t.namespace, w: p.width, h: p.height }, classes: 'table', position: place.at.get(t.id) });
      // The table's name on its own node above the links (drawn over the box, it would be crossed by them).
      elements.push({
        group: 'nodes',
        data: { id: 'h:' + t.id, box: t.id, label: cut(t.dataset, TABLE_CHARS), kind: 'table', dataset: t.dataset, namespace: t.namespace, w: p.width - 10 },
        classes: 'table-title',
        position: place.at.get('h:' + t.id),
      });
      tableRows.set(t.id, t.shown.slice());
      t.shown.forEach(function (id) {
        var n = model.nodes.get(id);
        var classes = ['row'];
        if (n.field === '*') classes.push('rows-node');
        if (id === config.rootId) classes.push('root');
        if (expandable(id)) classes.push('expandable');
        if (n.diff === 'added' || n.diff === 'removed') classes.push(n.diff);
        elements.push({
          group: 'nodes',
          data: { id: id, table: t.id, kind: 'row', label: cut((expandable(id) ? '⊕ ' : '') + fieldLabel(n), ROW_CHARS), diff: n.diff },
          classes: classes.join(' '),
          position: place.at.get(id),
        });
        drawnAs.set(id, id);
      });
      if (t.folded.length) {
        var sumId = 'more:' + t.key;
        elements.push({
          group: 'nodes',
          data: { id: sumId, table: t.id, tableKey: t.key, kind: 'summary', label: '+ ' + t.folded.length + ' more columns (click to open)' },
          classes: 'row summary',
          position: place.at.get(sumId),
        });
        t.folded.forEach(function (id) { drawnAs.set(id, sumId); });
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
    root.setAttribute('data-layout', layoutName);
    if (firstDraw) openingView();
    else if (focusId && drawnAs.has(focusId)) centreOn(drawnAs.get(focusId));
    firstDraw = false;
    refreshFilters();
    refreshLegend();
    refreshFind();
    refreshStatus();
    if (state.selected && model.nodes.has(state.selected)) highlight(state.selected);
  }

  /** Marks ELK's layout as on screen once a frame with it is drawn (data-elk-ms: since the start of navigation). */
  function elkOnScreen(seq) {
    root.setAttribute('data-layout', 'elk');
    window.requestAnimationFrame(function () {
      window.requestAnimationFrame(function () {
        if (seq !== renderSeq) return;
        root.setAttribute('data-elk-ms', String(Math.round(performance.now())));
        root.setAttribute('data-elk', 'shown');
      });
    });
  }

  function viewportTouched() {
    if (!viewportSet) return true;
    var pan = cy.pan();
    return Math.abs(cy.zoom() - viewportSet.zoom) > 1e-9 || Math.abs(pan.x - viewportSet.pan.x) > 0.5 || Math.abs(pan.y - viewportSet.pan.y) > 0.5;
  }

  /** The node the view keeps in place while the layout changes under it: the focus or the selection when in view, else the row nearest the centre. */
  function anchorNode(focusId) {
    var view = cy.extent();
    var inView = function (id) {
      var node = id ? cy.getElementById(id) : null;
      if (!node || !node.length) return false;
      var p = node.position();
      return p.x >= view.x1 && p.x <= view.x2 && p.y >= view.y1 && p.y <= view.y2;
    };
    var preferred = [focusId && drawnAs.get(focusId), state.selected && drawnAs.get(state.selected)];
    for (var i = 0; i < preferred.length; i++) if (inView(preferred[i])) return preferred[i];
    var cx = (view.x1 + view.x2) / 2, cyy = (view.y1 + view.y2) / 2, best = null, bestD = Infinity;
    cy.nodes('.row').forEach(function (n) {
      var p = n.position(), d = (p.x - cx) * (p.x - cx) + (p.y - cyy) * (p.y - cyy);
      if (d < bestD) { bestD = d; best = n.id(); }
    });
    return best;
  }

  /**
   * Moves the drawing to ELK's layout: same elements, new positions (rows re-ordered in their tables
   * for it). A view the user has not moved opens again on the new layout; a view they moved keeps its
   * zoom, and the node they look at (focus, selection, else the one at the centre) keeps its place.
   */
  function moveTo(tables, pos, focusId, seq) {
    var t0 = performance.now();
    orderRows(tables, shown.edges, pos);
    var place = placements(tables, pos);
    var touched = viewportTouched();
    var anchor = touched ? anchorNode(focusId) : null;
    var anchorAt = anchor ? cy.getElementById(anchor).renderedPosition() : null;
    var nodes = cy.nodes();
    var from = new Map();
    nodes.forEach(function (n) { var p = n.position(); from.set(n.id(), { x: p.x, y: p.y }); });
    var to = function (n) { return place.at.get(n.id()) || from.get(n.id()); };
    var vpFrom = { zoom: cy.zoom(), pan: { x: cy.pan().x, y: cy.pan().y } };
    extent = extentOf(pos);
    var vpTo;
    if (!touched) vpTo = openingViewport(place.at.get(drawnAs.get(config.rootId)));
    else if (anchor) {
      var a = place.at.get(anchor);
      vpTo = { zoom: vpFrom.zoom, pan: a ? { x: anchorAt.x - vpFrom.zoom * a.x, y: anchorAt.y - vpFrom.zoom * a.y } : vpFrom.pan };
    } else vpTo = vpFrom;
    function finish() {
      cy.batch(function () {
        nodes.positions(to);
        place.databases.forEach(function (g, id) { cy.getElementById(id).data({ w: g.width, h: g.height }); });
      });
      cy.viewport(vpTo);
      if (!touched) viewportSet = { zoom: vpTo.zoom, pan: { x: vpTo.pan.x, y: vpTo.pan.y } };
      root.setAttribute('data-move-ms', String(Math.round(performance.now() - t0)));
      elkOnScreen(seq);
    }
    if (shown.nodes.length > ANIMATE_NODES || !window.requestAnimationFrame) { finish(); return; }
    // A short animation: every node slides to its place (and the view with them), one batch a frame.
    var started = performance.now();
    (function frame() {
      if (seq !== renderSeq) return;
      var k = Math.min(1, (performance.now() - started) / ANIMATE_MS);
      if (k >= 1) { finish(); return; }
      var e = k < 0.5 ? 2 * k * k : 1 - Math.pow(-2 * k + 2, 2) / 2;
      var mix = function (u, v) { return u + (v - u) * e; };
      cy.batch(function () {
        nodes.positions(function (n) { var f = from.get(n.id()), t = to(n); return { x: mix(f.x, t.x), y: mix(f.y, t.y) }; });
      });
      if (vpTo !== vpFrom) cy.viewport({ zoom: mix(vpFrom.zoom, vpTo.zoom), pan: { x: mix(vpFrom.pan.x, vpTo.pan.x), y: mix(vpFrom.pan.y, vpTo.pan.y) } });
      window.requestAnimationFrame(frame);
    })();
  }

  /**
   * The opening view for the current extent: the whole graph when it fits with labels at reading size
   * (at most 1.25), else reading size centred on the root (at `rootAt`). Fit shows it all.
   */
  function openingViewport(rootAt) {
    var pad = 24;
    var w = Math.max(1, extent.x2 - extent.x1), h = Math.max(1, extent.y2 - extent.y1);
    var zoom = Math.max(cy.minZoom(), Math.min(cy.maxZoom(), (cy.width() - 2 * pad) / w, (cy.height() - 2 * pad) / h));
    if (zoom < READABLE_ZOOM && rootAt) return { zoom: READABLE_ZOOM, pan: { x: cy.width() / 2 - READABLE_ZOOM * rootAt.x, y: cy.height() / 2 - READABLE_ZOOM * rootAt.y } };
    zoom = Math.min(zoom, 1.25);
    return { zoom: zoom, pan: { x: (cy.width() - zoom * (extent.x1 + extent.x2)) / 2, y: (cy.height() - zoom * (extent.y1 + extent.y2)) / 2 } };
  }

  function openingView() {
    var rootNode = cy.getElementById(drawnAs.get(config.rootId) || '');
    var vp = openingViewport(rootNode.length ? rootNode.position() : null);
    cy.viewport(vp);
    viewportSet = { zoom: vp.zoom, pan: { x: vp.pan.x, y: vp.pan.y } };
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

  // ---------------------------------------------------------------- depth slider: the same page at another depth
  var depthInput = root.querySelector('[data-role="depth"]');
  var depthValue = root.querySelector('[data-role="depth-value"]');
  var depthSeq = 0;
  if (depthInput) {
    depthInput.addEventListener('input', function () { depthValue.textContent = depthInput.value; });
    depthInput.addEventListener('change', function () { changeDepth(Number(depthInput.value)); });
  }

  /**
   * Shows the graph at another depth, keeping the link filters, the grouping and the selection: fetches
   * this page at that depth (its graph, and the parts below the explorer that depend on the depth: node
   * list, links, picture, downloads, the forms' depth), redraws from its graph and puts the depth in the
   * address. The server renders those parts, as on a reload; the graph is queried once.
   */
  function changeDepth(depth) {
    if (!(depth >= 1) || depth === config.depth) return Promise.resolve();
    var seq = ++depthSeq;
    updateUrl();
    var params = new URLSearchParams(window.location.search);
    params.set('depth', String(depth));
    var url = window.location.pathname + '?' + params.toString();
    setStatus('Loading the graph at depth ' + depth + '…');
    root.setAttribute('data-depth-loading', String(depth));
    return fetch(url, { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.text();
      })
      .then(function (html) {
        if (seq !== depthSeq) return null;
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var block = doc.getElementById('explorer-graph');
        var next = doc.getElementById('explorer');
        if (!block || !next) throw new Error('that page has no graph');
        var graph = JSON.parse(block.textContent);
        window.history.replaceState(null, '', url);
        swapStatic(doc, depth);
        config.depth = depth;
        config.graphUrl = next.getAttribute('data-graph-url') || config.graphUrl;
        root.setAttribute('data-depth', String(depth));
        model.nodes = new Map();
        model.edges = new Map();
        model.out = new Map();
        model.inc = new Map();
        model.known = new Set();
        model.truncated = Boolean(graph.truncated);
        merge(graph, 0);
        markKnown(graph, depth);
        state.visible = new Set();
        initialVisible();
        if (state.selected && !model.nodes.has(state.selected)) { state.selected = null; updateUrl(); }
        if (state.selected) pathFromRoot(state.selected).forEach(function (id) { state.visible.add(id); });
        // A new graph: it opens like one.
        firstDraw = true;
        return render().then(function () {
          if (seq !== depthSeq) return;
          root.removeAttribute('data-depth-loading');
          root.setAttribute('data-depth-shown', String(depth));
        });
      })
      .catch(function (err) {
        if (seq !== depthSeq) return;
        depthInput.value = String(config.depth);
        depthValue.textContent = String(config.depth);
        root.removeAttribute('data-depth-loading');
        setStatus('The graph at depth ' + depth + ' could not be loaded (' + (err && err.message ? err.message : String(err)) + '); still showing depth ' + config.depth + '.');
      });
  }

  /** Puts in place the depth-dependent parts of the page at the new depth (`doc`, the page fetched). */
  function swapStatic(doc, depth) {
    var mine = document.querySelector('[data-role="graph-static"]');
    var theirs = doc.querySelector('[data-role="graph-static"]');
    if (mine && theirs) mine.replaceWith(document.adoptNode(theirs));
    fallback = document.querySelector('[data-role="fallback"]');
    if (fallback) fallback.hidden = true;
    var layout = document.querySelector('[data-role="graph-layout"]');
    if (layout) layout.classList.add('solo');
    var warn = document.querySelector('[data-role="truncated"]');
    var nextWarn = doc.querySelector('[data-role="truncated"]');
    if (warn) warn.remove();
    if (nextWarn) root.parentNode.insertBefore(document.adoptNode(nextWarn), document.getElementById('__________cytoscape_stylesheet') || root);
    var time = document.querySelector('form.explorer-time');
    var nextTime = doc.querySelector('form.explorer-time');
    if (time && nextTime) time.replaceWith(document.adoptNode(nextTime));
    var searchDepth = document.getElementById('depth');
    if (searchDepth) searchDepth.value = String(depth);
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

  /** The find box's suggestions are built when it is first used after a change (2,000 options are not needed for the first frame). */
  var findListStale = true;
  function refreshFind() { findListStale = true; }
  findForm.querySelector('input').addEventListener('focus', fillFindList);
  findForm.querySelector('input').addEventListener('input', fillFindList);

  function fillFindList() {
    if (!findListStale) return;
    findListStale = false;
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
    if (window.console) window.console.error('DEBUG', err && err.stack);
    setStatus('The interactive view failed (' + (err && err.message ? err.message : String(err)) + '); the picture below shows the same graph.');
    root.setAttribute('data-state', 'failed');
    if (fallback) fallback.hidden = false;
  }

  // ---------------------------------------------------------------- start
  root.hidden = false;
  setStatus('Loading the graph…');
  /**
   * The page carries the graph it was rendered with (a JSON data block: not a script, the CSP does not
   * apply): no second request, no second query on the server. Without it, the graph is fetched.
   */
  function embeddedGraph() {
    var block = document.getElementById('explorer-graph');
    if (!block) return null;
    try { return JSON.parse(block.textContent); } catch (err) { return null; }
  }
  var pageGraph = embeddedGraph();
  root.setAttribute('data-graph-from', pageGraph ? 'page' : 'fetch');
  (pageGraph ? Promise.resolve(pageGraph) : fetchGraph(config.graphUrl))
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
          // Which layout the first interactive frame shows: 'quick' (in the page) or 'elk' (when it answered first).
          root.setAttribute('data-layout-at-ready', root.getAttribute('data-layout') || '');
          root.setAttribute('data-state', 'ready');
          startElk();
        });
      });
    })
    .catch(fail);
  // For the browser tests and the benchmark: the Cytoscape instance and the actions the toolbar drives.
  window.lineageExplorer = { cy: function () { return cy; }, find: find, expand: expand, select: select, depth: changeDepth };
})();
