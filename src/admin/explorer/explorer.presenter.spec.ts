import { describe, expect, it } from 'vitest';
import type { LineageGraph } from '../../lineage/lineage.types.js';
import { AdminInvalidInputError } from '../admin.errors.js';
import { explorerQuery, jsonForScriptBlock, presentExplorer, readExplorerQuery } from './explorer.presenter.js';

const bounds = { minMaxDepth: 1, maxDepthLimit: 20, defaultMaxDepth: 5 };
const NS = 'teradata://demo-warehouse:1025';

describe('explorer query', () => {
  it('needs a dataset; defaults the namespace, direction and depth', () => {
    expect(readExplorerQuery({ q: 'orders' }, bounds, NS)).toEqual({ query: null, error: null });
    expect(() => explorerQuery({ q: 'orders' }, bounds, NS)).toThrow('dataset is required');
    expect(explorerQuery({ dataset: 'sales.orders' }, bounds, NS)).toEqual({ namespace: NS, dataset: 'sales.orders', field: undefined, direction: 'both', maxDepth: 2 });
  });

  it('refuses a depth outside the VALIDATION_* bounds with the allowed range', () => {
    expect(() => explorerQuery({ dataset: 'a.b', depth: 21 }, bounds, NS)).toThrow(AdminInvalidInputError);
    expect(() => explorerQuery({ dataset: 'a.b', depth: 21 }, bounds, NS)).toThrow('depth must be between 1 and 20');
    expect(readExplorerQuery({ dataset: 'a.b', depth: 0 }, bounds, NS)).toEqual({
      query: { namespace: NS, dataset: 'a.b', field: undefined, direction: 'both', maxDepth: 1 },
      error: 'depth must be between 1 and 20; showing depth 1',
    });
    expect(readExplorerQuery({ q: 'a', depth: 99 }, bounds, NS)).toEqual({ query: null, error: 'depth must be between 1 and 20' });
  });

  it('a depth error keeps the form as typed and the graph, at the nearest allowed depth', () => {
    const { query, error } = readExplorerQuery({ dataset: 'sales.orders', field: 'amount', direction: 'upstream', depth: 50 }, bounds, NS);
    const graph: LineageGraph = { root: `datasetField:${NS}:sales.orders:amount`, direction: 'upstream', maxDepth: 20, nodes: [], edges: [], truncated: false };
    const view = presentExplorer({ dto: { dataset: 'sales.orders', field: 'amount', direction: 'upstream', depth: 50 }, query, hits: null, graph, formats: [], bounds, error });
    expect(view.error).toBe('depth must be between 1 and 20; showing depth 20');
    expect(view.form.depth).toBe(50);
    expect(view.form.directions.find((d) => d.selected)?.value).toBe('upstream');
    expect(view.graph?.rootLabel).toBe('sales.orders.amount');
    expect(view.graph?.interactive.depth).toBe(20);
  });
});

describe('explorer presenter', () => {
  const graph: LineageGraph = {
    root: `datasetField:${NS}:sales.orders:amount`,
    direction: 'upstream',
    maxDepth: 2,
    nodes: [
      { id: `datasetField:${NS}:sales.orders:amount`, type: 'datasetField', namespace: NS, dataset: 'sales.orders', field: 'amount', depth: 0 },
      { id: `datasetField:${NS}:stage.raw&orders:amt`, type: 'datasetField', namespace: NS, dataset: 'stage.raw&orders', field: 'amt', depth: 1 },
    ],
    edges: [{ source: `datasetField:${NS}:stage.raw&orders:amt`, target: `datasetField:${NS}:sales.orders:amount`, transformationType: 'DIRECT', transformationSubtype: 'IDENTITY' }],
    truncated: false,
  };

  it('links every node to the explorer on it (URL-encoded), keeps direction and depth, and offers each export', () => {
    const query = explorerQuery({ dataset: 'sales.orders', field: 'amount', direction: 'upstream', depth: 2 }, bounds, NS);
    const view = presentExplorer({ dto: {}, query, hits: null, graph, formats: ['mermaid', 'svg'], bounds });
    expect(view.graph?.rootLabel).toBe('sales.orders.amount');
    expect(view.graph?.nodes.map((n) => n.label)).toEqual(['sales.orders.amount', 'stage.raw&orders.amt']);
    expect(view.graph?.nodes[1].href).toBe(
      `/admin/lineage?ns=${encodeURIComponent(NS)}&dataset=stage.raw%26orders&direction=upstream&depth=2&field=amt`,
    );
    expect(view.graph?.svgUrl).toBe(`/admin/lineage/graph.svg?ns=${encodeURIComponent(NS)}&dataset=sales.orders&direction=upstream&depth=2&field=amount`);
    expect(view.graph?.exports.map((e) => e.href)).toEqual([
      `/admin/lineage/export?ns=${encodeURIComponent(NS)}&dataset=sales.orders&direction=upstream&depth=2&format=mermaid&field=amount`,
      `/admin/lineage/export?ns=${encodeURIComponent(NS)}&dataset=sales.orders&direction=upstream&depth=2&format=svg&field=amount`,
    ]);
    expect(view.graph?.edges).toEqual([{ source: 'stage.raw&orders.amt', target: 'sales.orders.amount', transformation: 'DIRECT/IDENTITY' }]);
    expect(view.form.directions.find((d) => d.selected)?.value).toBe('upstream');
  });

  it('names the namespace of each hit and node only when the store holds more than one', () => {
    const other = 'postgres://crm:5432';
    const hits = [{ namespace: NS, name: 'sales.orders', fields: [] }, { namespace: other, name: 'sales.orders', fields: [] }];
    const one = presentExplorer({ dto: { q: 'ord' }, query: null, hits, graph: null, formats: [], bounds });
    expect(one.hits.map((h) => h.namespace)).toEqual([null, null]);
    const two = presentExplorer({ dto: { q: 'ord' }, query: null, hits, graph: null, formats: [], bounds, showNamespaces: true });
    expect(two.hits.map((h) => h.namespace)).toEqual([NS, other]);
    const query = explorerQuery({ dataset: 'sales.orders', field: 'amount', direction: 'upstream', depth: 2 }, bounds, NS);
    const withGraph = presentExplorer({ dto: {}, query, hits: null, graph, formats: [], bounds, showNamespaces: true });
    expect(withGraph.graph?.nodes.map((n) => n.namespace)).toEqual([NS, NS]);
  });

  it('lists search hits with a link per dataset and per field', () => {
    const view = presentExplorer({ dto: { q: 'ord' }, query: null, hits: [{ namespace: NS, name: 'sales.orders', fields: ['amount'] }], graph: null, formats: [], bounds });
    expect(view.searched).toBe(true);
    expect(view.hits[0].label).toBe('sales.orders');
    expect(view.hits[0].fields[0].href).toContain('field=amount');
    expect(view.graph).toBeNull();
  });

  it('carries the graph in the page as JSON that no name can end: every < escaped, the same value parsed back', () => {
    const query = explorerQuery({ dataset: 'sales.orders', field: 'amount', direction: 'upstream', depth: 2 }, bounds, NS);
    const view = presentExplorer({ dto: {}, query, hits: null, graph, formats: [], bounds });
    expect(JSON.parse(view.graph?.interactive.graphJson ?? '')).toEqual(graph);
    const markup = { name: '</script><script>alert(1)</script> <!-- x', s: '\u2028' };
    const text = jsonForScriptBlock(markup);
    expect(text).not.toContain('<');
    expect(text).toContain('\\u003c/script>');
    expect(JSON.parse(text)).toEqual(markup);
  });
});
