import { Graphviz } from '@hpcc-js/wasm-graphviz';
import type { LineageGraph } from '../lineage.types.js';
import { exportDot } from './dot.exporter.js';

/**
 * SVG: the DOT export laid out by Graphviz compiled to WebAssembly
 * (@hpcc-js/wasm-graphviz; no system binary). The WASM module is loaded once
 * per process and reused. Names only reach the SVG as label text, which
 * Graphviz XML-escapes; node ids are positional, so comments and <title>
 * elements carry no names. The result is checked once more: an SVG with a
 * script, a foreignObject, an event attribute or a link is refused.
 */
let graphviz: Promise<Graphviz> | undefined;

export function loadGraphviz(): Promise<Graphviz> {
  graphviz ??= Graphviz.load().catch((err: unknown) => {
    graphviz = undefined;
    throw err;
  });
  return graphviz;
}

/** Tags only: text content cannot match, since Graphviz writes `<` in text as `&lt;`. */
const ACTIVE_MARKUP = /<\s*(script|foreignObject|iframe|object|embed|a)\b|<[^>]*\s(on[a-z]+|(xlink:)?href)\s*=/i;

export function assertInertSvg(svg: string): string {
  if (ACTIVE_MARKUP.test(svg)) throw new Error('SVG export produced active markup; refused');
  return svg;
}

/** Renders with an already loaded Graphviz (synchronous; see loadGraphviz). */
export function renderSvg(engine: Graphviz, graph: LineageGraph): string {
  return assertInertSvg(engine.dot(exportDot(graph), 'svg'));
}
