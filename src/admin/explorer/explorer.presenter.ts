import type { LineageConfig } from '../../config/app-config.js';
import type { GraphNode, LineageGraph } from '../../lineage/lineage.types.js';
import { AdminInvalidInputError } from '../admin.errors.js';
import { ADMIN_ROUTES } from '../admin.routes.js';
import type { DatasetHit, ExplorerQuery } from '../admin.sources.js';
import type { ExplorerQueryDto } from './explorer.dto.js';

/** The explorer opens at this depth (or VALIDATION_DEFAULT_MAX_DEPTH when lower): table-level graphs grow fast. */
export const EXPLORER_DEFAULT_DEPTH = 2;
/** The depth slider goes up to this depth (or the depth shown, when deeper; never past VALIDATION_MAX_DEPTH_LIMIT): the form takes any. */
export const EXPLORER_SLIDER_DEPTH = 20;

/** The explorer query from the form, or why it is not valid (depth outside the VALIDATION_* bounds). */
export function readExplorerQuery(
  dto: ExplorerQueryDto,
  bounds: Pick<LineageConfig, 'minMaxDepth' | 'maxDepthLimit' | 'defaultMaxDepth'>,
  defaultNamespace: string,
): { query: ExplorerQuery | null; error: string | null } {
  const asked = dto.depth ?? Math.min(bounds.defaultMaxDepth, EXPLORER_DEFAULT_DEPTH);
  // A depth out of bounds is an error, but the page keeps the graph: at the nearest allowed depth, said in the message.
  const depth = Math.min(bounds.maxDepthLimit, Math.max(bounds.minMaxDepth, asked));
  const range = `depth must be between ${bounds.minMaxDepth} and ${bounds.maxDepthLimit}`;
  const dataset = dto.dataset?.trim();
  if (!dataset) return { query: null, error: depth === asked ? null : range };
  const field = dto.field?.trim();
  const asOf = dto.asOf?.trim();
  const compare = dto.compare?.trim();
  const query = {
    namespace: dto.ns?.trim() || defaultNamespace,
    dataset,
    field: field || undefined,
    direction: dto.direction ?? 'both',
    maxDepth: depth,
    ...(asOf ? { asOf } : {}),
    ...(compare ? { compare } : {}),
  };
  return { query, error: depth === asked ? null : `${range}; showing depth ${depth}` };
}

/** The same, for the image and download routes: a missing dataset or a bad depth is a 400. */
export function explorerQuery(dto: ExplorerQueryDto, bounds: Pick<LineageConfig, 'minMaxDepth' | 'maxDepthLimit' | 'defaultMaxDepth'>, defaultNamespace: string): ExplorerQuery {
  const { query, error } = readExplorerQuery(dto, bounds, defaultNamespace);
  if (error) throw new AdminInvalidInputError(error.split(';')[0]);
  if (!query) throw new AdminInvalidInputError('dataset is required');
  return query;
}

function queryString(q: ExplorerQuery, extra: Record<string, string> = {}): string {
  const params: Record<string, string> = { ns: q.namespace, dataset: q.dataset, direction: q.direction, depth: String(q.maxDepth), ...extra };
  if (q.field) params.field = q.field;
  if (q.asOf) params.asOf = q.asOf;
  if (q.compare) params.compare = q.compare;
  return new URLSearchParams(params).toString();
}

export function explorerHref(q: ExplorerQuery): string {
  return `${ADMIN_ROUTES.lineage}?${queryString(q)}`;
}

/** The interactive explorer's scripts, in load order (deferred): ELK's API, the glue (it draws the quick layout and asks ELK), then Cytoscape.js. */
export const EXPLORER_SCRIPTS = ['/public/vendor/elk-api.js', '/public/js/explorer.js', '/public/vendor/cytoscape.min.js'] as const;
/** Loaded async from the head (a few hundred bytes): starts ELK's worker early on machines with 4 CPUs or more (public/js/explorer-worker.js). */
export const EXPLORER_EARLY_SCRIPTS = ['/public/js/explorer-worker.js'] as const;

/**
 * A value as the text of a `<script type="application/json">` block: every `<` written `\u003c` (still
 * the same JSON), so no `</script>` or `<!--` in a name can end the block or change how it is parsed.
 * A data block is not a script: the CSP's script-src does not apply to it.
 */
export function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export interface ExplorerView {
  readonly title: string;
  readonly scripts: readonly string[];
  /** Small external scripts loaded async from the head (main.hbs). */
  readonly earlyScripts: readonly string[];
  readonly form: { q: string; direction: string; depth: number; minDepth: number; maxDepth: number; directions: { value: string; label: string; selected: boolean }[] };
  readonly searched: boolean;
  /** `namespace` is set only when the store holds more than one (else every name is in the one there is). */
  readonly hits: readonly { label: string; namespace: string | null; href: string; fields: readonly { name: string; href: string }[] }[];
  readonly graph: {
    readonly rootLabel: string;
    /** The instant the graph describes (absent: now), and the one it is compared with. */
    readonly asOf: string | null;
    readonly compare: string | null;
    /** The as-of / compare form: the view's own parameters, kept when another date is picked. */
    readonly time: { ns: string; dataset: string; field: string; direction: string; depth: number; asOf: string; compare: string };
    /** The same view, now. */
    readonly nowHref: string;
    readonly svgUrl: string;
    /** What public/js/explorer.js needs (data-* attributes of its container). */
    readonly interactive: {
      readonly graphUrl: string;
      /** The graph itself (jsonForScriptBlock), carried by the page: the explorer draws it without fetching graphUrl. */
      readonly graphJson: string;
      readonly expandUrl: string;
      readonly detailUrl: string;
      /** The detail panel's usage section: reads per day, top users and applications; and the weighted impact page. */
      readonly usageUrl: string;
      readonly impactUrl: string;
      readonly rootId: string;
      readonly asOf: string;
      readonly namespace: string;
      readonly direction: string;
      readonly depth: number;
      /** The depth slider's range. */
      readonly depthMin: number;
      readonly depthMax: number;
      readonly hide: string;
      readonly group: string;
      readonly select: string;
    };
    readonly nodes: readonly { label: string; namespace: string | null; href: string; depth: number; isRoot: boolean; kind: string }[];
    readonly edges: readonly { source: string; target: string; transformation: string }[];
    readonly truncated: boolean;
    readonly exports: readonly { format: string; href: string }[];
  } | null;
  readonly error: string | null;
}

function nodeLabel(node: Pick<GraphNode, 'dataset' | 'field'>): string {
  return node.field ? `${node.dataset}.${node.field}` : node.dataset;
}

const DIRECTIONS = [
  { value: 'both', label: 'Both ways' },
  { value: 'upstream', label: 'Upstream (sources)' },
  { value: 'downstream', label: 'Downstream (impact)' },
];

export function presentExplorer(input: {
  readonly dto: ExplorerQueryDto;
  readonly query: ExplorerQuery | null;
  readonly hits: readonly DatasetHit[] | null;
  readonly graph: LineageGraph | null;
  readonly formats: readonly string[];
  readonly bounds: Pick<LineageConfig, 'minMaxDepth' | 'maxDepthLimit' | 'defaultMaxDepth'>;
  readonly error?: string | null;
  readonly showNamespaces?: boolean;
}): ExplorerView {
  const { dto, query, hits, graph } = input;
  const direction = query?.direction ?? dto.direction ?? 'both';
  const depth = query?.maxDepth ?? Math.min(input.bounds.defaultMaxDepth, EXPLORER_DEFAULT_DEPTH);
  const move = (ns: string, dataset: string, field?: string): string =>
    explorerHref({ namespace: ns, dataset, field, direction, maxDepth: depth, ...(query?.asOf ? { asOf: query.asOf } : {}) });
  const byId = new Map((graph?.nodes ?? []).map((n) => [n.id, n]));
  return {
    title: 'Lineage explorer',
    scripts: graph && query ? EXPLORER_SCRIPTS : [],
    earlyScripts: graph && query ? EXPLORER_EARLY_SCRIPTS : [],
    form: {
      q: dto.q ?? (query ? nodeLabel({ dataset: query.dataset, field: query.field }) : ''),
      direction,
      // The depth as typed, also when refused: the form comes back as it was sent.
      depth: dto.depth ?? depth,
      minDepth: input.bounds.minMaxDepth,
      maxDepth: input.bounds.maxDepthLimit,
      directions: DIRECTIONS.map((d) => ({ ...d, selected: d.value === direction })),
    },
    searched: hits !== null,
    hits: (hits ?? []).map((h) => ({
      label: h.name,
      namespace: input.showNamespaces ? h.namespace : null,
      href: move(h.namespace, h.name),
      fields: h.fields.map((f) => ({ name: f, href: move(h.namespace, h.name, f) })),
    })),
    graph:
      graph && query
        ? {
            rootLabel: nodeLabel({ dataset: query.dataset, field: query.field }),
            // The instants shown: the answer's own (the index's second), or now.
            asOf: graph.asOf ?? null,
            compare: graph.compare ?? null,
            time: {
              ns: query.namespace,
              dataset: query.dataset,
              field: query.field ?? '',
              direction: query.direction,
              depth: query.maxDepth,
              asOf: query.asOf ?? '',
              compare: query.compare ?? '',
            },
            nowHref: explorerHref({ namespace: query.namespace, dataset: query.dataset, field: query.field, direction: query.direction, maxDepth: query.maxDepth }),
            svgUrl: `${ADMIN_ROUTES.lineageGraph}?${queryString(query)}`,
            interactive: {
              graphUrl: `${ADMIN_ROUTES.lineageGraphJson}?${queryString(query)}`,
              graphJson: jsonForScriptBlock(graph),
              expandUrl: ADMIN_ROUTES.lineageGraphJson,
              detailUrl: ADMIN_ROUTES.lineageDetail,
              usageUrl: ADMIN_ROUTES.usagePanel,
              impactUrl: ADMIN_ROUTES.usageImpact,
              rootId: graph.root,
              asOf: query.asOf ?? '',
              namespace: query.namespace,
              direction: query.direction,
              depth: query.maxDepth,
              depthMin: input.bounds.minMaxDepth,
              depthMax: Math.min(input.bounds.maxDepthLimit, Math.max(EXPLORER_SLIDER_DEPTH, query.maxDepth)),
              hide: dto.hide ?? '',
              group: dto.group ?? 'none',
              select: dto.select ?? '',
            },
            nodes: [...graph.nodes]
              .sort((a, b) => a.depth - b.depth || nodeLabel(a).localeCompare(nodeLabel(b)))
              .map((n) => ({ label: nodeLabel(n), namespace: input.showNamespaces ? n.namespace : null, href: move(n.namespace, n.dataset, n.field), depth: n.depth, isRoot: n.id === graph.root, kind: n.type === 'dataset' ? 'dataset' : 'field' })),
            edges: graph.edges.map((e) => ({
              source: byId.get(e.source) ? nodeLabel(byId.get(e.source) as GraphNode) : e.source,
              target: byId.get(e.target) ? nodeLabel(byId.get(e.target) as GraphNode) : e.target,
              transformation: `${e.transformationType}/${e.transformationSubtype}`,
            })),
            truncated: graph.truncated,
            exports: input.formats.map((format) => ({ format, href: `${ADMIN_ROUTES.lineageExport}?${queryString(query, { format })}` })),
          }
        : null,
    error: input.error ?? null,
  };
}
