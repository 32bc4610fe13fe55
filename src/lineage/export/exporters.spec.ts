import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { datasetNodeId, fieldNodeId } from '../../model/ids.js';
import type { GraphNode, LineageGraph, LineageGraphEdge } from '../lineage.types.js';
import { exportCypher } from './cypher.exporter.js';
import { exportDot } from './dot.exporter.js';
import { exportGraphml } from './graphml.exporter.js';
import { exportJsonLd, jsonLdId } from './jsonld.exporter.js';
import { exportMermaid } from './mermaid.exporter.js';
import { loadGraphviz, renderSvg } from './svg.exporter.js';

const exportSvg = async (graph: LineageGraph): Promise<string> => renderSvg(await loadGraphviz(), graph);

const NS = 'teradata://demo-warehouse:1025';

/** Names that break formats written by string concatenation. */
const HOSTILE = {
  quote: 'say "hi" it\'s',
  script: '<script>alert(1)</script>',
  newline: 'line\nbreak',
  unicode: 'ünïcødé 数据 🚀',
  backslash: 'back\\slash \\N \\G',
  cypher: "x'}) DETACH DELETE n; //",
  xml: ']]> --> &amp; <!--',
  mermaid: 'a]-->b["c"] end |x|',
} as const;

function field(dataset: string, name: string, depth: number): GraphNode {
  return { id: fieldNodeId(NS, dataset, name), type: 'datasetField', namespace: NS, dataset, field: name, depth };
}

function edge(source: GraphNode, target: GraphNode, overrides: Partial<LineageGraphEdge> = {}): LineageGraphEdge {
  return { source: source.id, target: target.id, transformationType: 'DIRECT', transformationSubtype: 'IDENTITY', ...overrides };
}

/** A small column graph: two source fields feed a target field, one INDIRECT edge, hostile names everywhere. */
function fieldGraph(): LineageGraph {
  const target = field('mart.daily_sales', 'total_amount', 0);
  const amount = field('sales.orders', 'amount', 1);
  const date = field('sales.orders', 'order_date', 1);
  const hostile = Object.values(HOSTILE).map((name, i) => field(`evil.${HOSTILE.script}`, `${name}`, 1 + (i % 2)));
  const edges: LineageGraphEdge[] = [
    edge(amount, target, { transformationSubtype: 'AGGREGATION', description: 'SUM(amount)', confidence: 0.9, masking: false }),
    edge(date, target, { transformationType: 'INDIRECT', transformationSubtype: 'GROUP_BY' }),
    ...hostile.map((h) => edge(h, target, { transformationSubtype: 'TRANSFORMATION', description: `${h.field} "desc" <b>` })),
  ];
  return { root: target.id, direction: 'upstream', maxDepth: 5, nodes: [target, amount, date, ...hostile], edges, truncated: false };
}

function datasetGraph(): LineageGraph {
  const a: GraphNode = { id: datasetNodeId(NS, 'sales.orders'), type: 'dataset', namespace: NS, dataset: 'sales.orders', depth: 0 };
  const b: GraphNode = { id: datasetNodeId(NS, HOSTILE.quote), type: 'dataset', namespace: NS, dataset: HOSTILE.quote, depth: 1 };
  return { root: a.id, direction: 'downstream', maxDepth: 3, nodes: [a, b], edges: [edge(a, b, { transformationSubtype: 'TRANSFORMATION' })], truncated: false };
}

/** The same graph with nodes and edges in reverse order. */
function reversed(graph: LineageGraph): LineageGraph {
  return { ...graph, nodes: [...graph.nodes].reverse(), edges: [...graph.edges].reverse() };
}

const oneLine = (s: string) => s.replace(/\n/g, ' ');
const fieldNames = Object.values(HOSTILE).map(oneLine);

describe.each([
  ['mermaid', exportMermaid],
  ['dot', exportDot],
  ['graphml', exportGraphml],
  ['cypher', exportCypher],
  ['jsonld', exportJsonLd],
] as const)('%s exporter determinism', (_name, exporter) => {
  it('exports the same bytes whatever order the graph came in', () => {
    expect(exporter(reversed(fieldGraph()))).toBe(exporter(fieldGraph()));
    expect(exporter(reversed(datasetGraph()))).toBe(exporter(datasetGraph()));
  });
});

describe('exportMermaid', () => {
  const decode = (label: string) => label.replace(/#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)));

  it('writes a flowchart whose every line is one of the expected statements', () => {
    const text = exportMermaid(fieldGraph());
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    const allowed = [
      /^ {2}subgraph d\d+\["[^"\n]*"\]$/,
      /^ {4}n\d+\["[^"\n]*"\]$/,
      /^ {2}end$/,
      /^ {2}n\d+ (-->|-\.->)\|"[^"|\n]*"\| n\d+$/,
      /^ {2}classDef root stroke-width:3px$/,
      /^ {2}class n\d+ root$/,
    ];
    for (const line of lines.slice(1)) expect(allowed.some((re) => re.test(line)), line).toBe(true);
  });

  it('keeps every hostile name as label text, dashes INDIRECT edges and marks the root', () => {
    const text = exportMermaid(fieldGraph());
    const labels = [...text.matchAll(/\["([^"]*)"\]/g)].map((m) => decode(m[1]));
    for (const name of fieldNames) expect(labels).toContain(name);
    expect(labels).toContain(`evil.${HOSTILE.script}`);
    expect(text).not.toMatch(/<script/);
    expect(text.match(/-\.->/g)).toHaveLength(1);
    expect(text).toMatch(/\|"INDIRECT\/GROUP_BY"\|/);
    expect(text).toMatch(/class n\d+ root/);
  });

  it('draws a table graph without subgraphs', () => {
    const text = exportMermaid(datasetGraph());
    expect(text).not.toContain('subgraph');
    expect(text.trimEnd().split('\n')).toHaveLength(1 + 2 + 1 + 2);
  });
});

describe('exportDot and exportSvg', () => {
  const parser = new XMLParser({ ignoreAttributes: false, htmlEntities: true, processEntities: true, textNodeName: '#text', trimValues: false });

  function collect(node: unknown, name: string, out: unknown[] = []): unknown[] {
    if (Array.isArray(node)) for (const n of node) collect(n, name, out);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === name) out.push(...(Array.isArray(v) ? v : [v]));
        collect(v, name, out);
      }
    }
    return out;
  }
  const textOf = (t: unknown): string => (typeof t === 'string' ? t : String((t as Record<string, unknown>)['#text'] ?? ''));

  it('puts each dataset of a field graph in its own cluster and dashes INDIRECT edges', () => {
    const text = exportDot(fieldGraph());
    expect(text.startsWith('digraph lineage {\n  rankdir=LR;')).toBe(true);
    expect(text.match(/subgraph cluster_\d+ \{/g)).toHaveLength(3);
    expect(text.match(/style=dashed/g)).toHaveLength(1);
    expect(text).toMatch(/-> n\d+ \[label="AGGREGATION"\]/);
  });

  it('lays out through the WASM Graphviz into well-formed SVG that shows hostile names as text only', async () => {
    const svg = await exportSvg(fieldGraph());
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = parser.parse(svg) as Record<string, unknown>;
    expect(collect(doc, 'script')).toHaveLength(0);
    expect(collect(doc, 'foreignObject')).toHaveLength(0);
    expect(svg).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    const texts = collect(doc, 'text').map(textOf);
    for (const name of fieldNames) expect(texts).toContain(name);
    expect(texts).toContain(`evil.${HOSTILE.script}`);
    expect(texts).toContain('GROUP_BY');
    const clusters = collect(doc, 'g').filter((g) => (g as Record<string, unknown>)['@_class'] === 'cluster');
    expect(clusters).toHaveLength(3);
    const dashed = collect(doc, 'path').filter((p) => (p as Record<string, unknown>)['@_stroke-dasharray'] !== undefined);
    expect(dashed).toHaveLength(1);
  });

  it('renders the same SVG twice and a table graph without clusters', async () => {
    expect(await exportSvg(reversed(fieldGraph()))).toBe(await exportSvg(fieldGraph()));
    const svg = await exportSvg(datasetGraph());
    const doc = parser.parse(svg) as Record<string, unknown>;
    expect(collect(doc, 'g').filter((g) => (g as Record<string, unknown>)['@_class'] === 'cluster')).toHaveLength(0);
    expect(collect(doc, 'text').map(textOf)).toContain(HOSTILE.quote);
  });
});

describe('exportGraphml', () => {
  const parser = new XMLParser({ ignoreAttributes: false, htmlEntities: true, textNodeName: '#text', trimValues: false, isArray: (name) => ['key', 'node', 'edge', 'data'].includes(name) });
  type Data = { '@_key': string; '#text'?: string | number | boolean };
  type Parsed = {
    graphml: {
      key: { '@_id': string; '@_for': string; '@_attr.name': string; '@_attr.type': string }[];
      graph: { '@_edgedefault': string; data: Data[]; node: { '@_id': string; data: Data[] }[]; edge: { '@_source': string; '@_target': string; data: Data[] }[] };
    };
  };
  const value = (data: Data[], key: string) => data.find((d) => d['@_key'] === key)?.['#text'];

  it('is valid XML whose data elements all use declared keys', () => {
    const text = exportGraphml(fieldGraph());
    expect(XMLValidator.validate(text)).toBe(true);
    const doc = (parser.parse(text) as Parsed).graphml;
    const keys = new Map(doc.key.map((k) => [k['@_id'], k['@_for']]));
    expect(doc.graph['@_edgedefault']).toBe('directed');
    for (const n of doc.graph.node) for (const d of n.data) expect(keys.get(d['@_key'])).toBe('node');
    for (const e of doc.graph.edge) for (const d of e.data) expect(keys.get(d['@_key'])).toBe('edge');
    for (const d of doc.graph.data) expect(keys.get(d['@_key'])).toBe('graph');
  });

  it('round-trips hostile names (newlines included) and edge properties through an XML parser', () => {
    const graph = fieldGraph();
    const doc = (parser.parse(exportGraphml(graph)) as Parsed).graphml;
    const labels = doc.graph.node.map((n) => String(value(n.data, 'n_label')));
    for (const name of Object.values(HOSTILE)) expect(labels).toContain(name);
    const ids = new Set(doc.graph.node.map((n) => n['@_id']));
    for (const e of doc.graph.edge) expect(ids.has(e['@_source']) && ids.has(e['@_target'])).toBe(true);
    const nodeIds = doc.graph.node.map((n) => value(n.data, 'n_nodeId'));
    expect(nodeIds).toEqual([...graph.nodes.map((n) => n.id)].sort());
    const aggregation = doc.graph.edge.find((e) => value(e.data, 'e_transformationSubtype') === 'AGGREGATION');
    expect(aggregation && value(aggregation.data, 'e_confidence')).toBe(0.9);
    expect(aggregation && value(aggregation.data, 'e_description')).toBe('SUM(amount)');
    expect(doc.graph.edge).toHaveLength(graph.edges.length);
  });
});

describe('exportCypher', () => {
  /** Splits a Cypher line into string literals (decoded) and the code around them. */
  function scan(line: string): { code: string; strings: string[] } {
    let code = '';
    const strings: string[] = [];
    for (let i = 0; i < line.length; i++) {
      if (line[i] !== "'") {
        code += line[i];
        continue;
      }
      let s = '';
      for (i++; i < line.length && line[i] !== "'"; i++) {
        if (line[i] === '\\') {
          const next = line[++i];
          if (next === 'u') {
            s += String.fromCharCode(parseInt(line.slice(i + 1, i + 5), 16));
            i += 4;
          } else s += ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[next] ?? next;
        } else s += line[i];
      }
      strings.push(s);
      code += "''";
    }
    return { code, strings };
  }

  it('writes one statement per line, names only inside string literals', () => {
    const graph = fieldGraph();
    const lines = exportCypher(graph).trimEnd().split('\n').filter((l) => !l.startsWith('//'));
    const literals: string[] = [];
    const allowed = [
      /^CREATE CONSTRAINT lineage_(dataset|field)_id IF NOT EXISTS FOR \(n:(Dataset|Field)\) REQUIRE n\.id IS UNIQUE;$/,
      /^MERGE \(d:Dataset \{id: ''\}\) SET d\.namespace = '', d\.name = '';$/,
      /^MERGE \(f:Field \{id: ''\}\) SET f\.namespace = '', f\.dataset = '', f\.name = '', f\.depth = \d+;$/,
      /^MATCH \(d:Dataset \{id: ''\}\), \(f:Field \{id: ''\}\) MERGE \(d\)-\[:HAS_FIELD\]->\(f\);$/,
      /^MATCH \(s:Field \{id: ''\}\), \(t:Field \{id: ''\}\) MERGE \(s\)-\[r:DERIVES \{transformationType: '', transformationSubtype: ''\}\]->\(t\)( SET .*)?;$/,
    ];
    for (const line of lines) {
      const { code, strings } = scan(line);
      expect(allowed.some((re) => re.test(code)), code).toBe(true);
      expect(code.includes(';')).toBe(code.endsWith(';') && code.indexOf(';') === code.length - 1);
      literals.push(...strings);
    }
    for (const name of Object.values(HOSTILE)) expect(literals).toContain(name);
    expect(lines.filter((l) => l.startsWith('MERGE (f:Field'))).toHaveLength(graph.nodes.length);
    expect(lines.filter((l) => l.startsWith('MERGE (d:Dataset'))).toHaveLength(3);
    expect(lines.filter((l) => l.includes('[r:DERIVES'))).toHaveLength(graph.edges.length);
  });

  it('sets edge properties as typed values', () => {
    const line = exportCypher(fieldGraph())
      .split('\n')
      .find((l) => l.includes("transformationSubtype: 'AGGREGATION'"));
    expect(line).toMatch(/ SET r\.description = 'SUM\(amount\)', r\.confidence = 0\.9, r\.masking = false;$/);
  });

  it('matches Dataset nodes in a table graph', () => {
    const derives = exportCypher(datasetGraph())
      .split('\n')
      .filter((l) => l.includes(':DERIVES'));
    expect(derives).toHaveLength(1);
    expect(derives[0]).toMatch(/^MATCH \(s:Dataset \{id: '.*'\}\), \(t:Dataset \{id: '.*'\}\) MERGE/);
  });
});

describe('exportJsonLd', () => {
  type Item = Record<string, unknown> & { '@id': string; '@type': string };

  it('is valid JSON with an @context that defines every term and type it uses', () => {
    const doc = JSON.parse(exportJsonLd(fieldGraph())) as { '@context': Record<string, unknown>; '@graph': Item[] };
    const context = doc['@context'];
    expect(context.ol).toBe('https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/');
    expect(context.schema).toBe('https://schema.org/');
    expect(context.name).toBe('schema:name');
    for (const item of doc['@graph']) {
      expect(context[item['@type']], item['@type']).toBeDefined();
      for (const key of Object.keys(item)) if (!key.startsWith('@')) expect(context[key], key).toBeDefined();
    }
  });

  it('links edges and fields to nodes present in the document and keeps hostile names', () => {
    const graph = fieldGraph();
    const text = exportJsonLd(graph);
    expect(text).not.toMatch(/[<>&]/);
    const items = (JSON.parse(text) as { '@graph': Item[] })['@graph'];
    const ids = new Set(items.map((i) => i['@id']));
    const edges = items.filter((i) => i['@type'] === 'ColumnLineage');
    expect(edges).toHaveLength(graph.edges.length);
    for (const e of edges) expect(ids.has(e.source as string) && ids.has(e.target as string)).toBe(true);
    const fields = items.filter((i) => i['@type'] === 'DatasetField');
    for (const f of fields) expect(ids.has(f.dataset as string)).toBe(true);
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(Object.values(HOSTILE)));
    const root = items.find((i) => i['@type'] === 'LineageGraph');
    expect(root?.root).toBe(jsonLdId(graph.root));
  });
});
