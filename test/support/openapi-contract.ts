import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Checking HTTP answers against an OpenAPI 3.0 document with a real JSON
 * Schema validator (ajv). Shared by the service's own contract tests
 * (test/e2e/contract, against /api/docs-json) and the Marquez tests
 * (against Marquez's openapi.yml).
 *
 * OpenAPI 3.0 schemas are not quite JSON Schema; `toJsonSchema` bridges the
 * gap: `nullable: true` becomes "or null" (`anyOf: [schema, {type: null}]`);
 * `example`, `examples`, `deprecated`, `discriminator`, `xml` and
 * `externalDocs` are annotations; a `type:` left empty constrains nothing.
 * Property names are kept as written (a property may be called `nullable`,
 * `type` or `example`).
 */

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => void;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ANNOTATIONS = new Set(['example', 'examples', 'deprecated', 'discriminator', 'xml', 'externalDocs']);

/** OpenAPI 3.0 schema (or a whole document) → JSON Schema (see above). */
export function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    if (ANNOTATIONS.has(key) || key === 'nullable') continue;
    if (key === 'type' && value === null) continue;
    out[key] = key === 'properties' && value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)])) : toJsonSchema(value);
  }
  return node.nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

/** The validator both contracts use: every error reported, OpenAPI's formats known, unknown keywords (OpenAPI's own) ignored. */
export function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

/** The errors of `body` against `fn`, one line each (`at` prefixes the instance path); [] when valid. */
export function errorsOf(fn: ValidateFunction, body: unknown, at = ''): string[] {
  return fn(body) ? [] : (fn.errors ?? []).map((e) => `${at}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

interface Operation {
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: Json }[];
  responses: Record<string, { description?: string; headers?: Record<string, unknown>; content?: Record<string, { schema?: Json }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Json> };
}

/** One operation of the document: method (lower case, as written), path template, and its declaration. */
export interface DocumentedOperation {
  readonly method: string;
  readonly path: string;
  readonly operation: Operation;
}

const DOC_ID = 'openapi';

/** `#/components/…` references of an inline schema, made absolute into the document added under DOC_ID. */
function absoluteRefs(node: Json): Json {
  if (Array.isArray(node)) return node.map(absoluteRefs);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${DOC_ID}${v}` : absoluteRefs(v)]));
}

/** Answers checked against the document's declaration of their operation, status and media type. */
export class OpenApiContract {
  readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    this.ajv = createAjv();
    this.ajv.addSchema({ $id: DOC_ID, components: toJsonSchema((document.components ?? {}) as Json) });
  }

  operations(): DocumentedOperation[] {
    return Object.entries(this.document.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, operation]) => ({ method, path, operation })));
  }

  operation(method: string, path: string): Operation | undefined {
    return this.document.paths[path]?.[method.toLowerCase()];
  }

  /** The validator of a component schema, by name. */
  component(name: string): ValidateFunction {
    const fn = this.ajv.getSchema(`${DOC_ID}#/components/schemas/${name}`);
    if (!fn) throw new Error(`the document has no schema ${name}`);
    return fn;
  }

  /**
   * Problems of one answer: its status must be declared for the operation, its media type (Content-Type
   * without parameters) declared for that status, and its body (parsed JSON for a JSON type, the text
   * otherwise) valid against the schema declared there; when the answer's headers are given, each header
   * the response declares must be there. [] when it keeps the contract.
   */
  check(method: string, path: string, answer: { status: number; contentType: string | undefined; body: unknown; headers?: Record<string, unknown> }): string[] {
    const at = `${method.toUpperCase()} ${path} → ${answer.status}`;
    const op = this.operation(method, path);
    if (!op) return [`${at}: the document has no such operation`];
    const response = op.responses[String(answer.status)];
    if (!response) return [`${at}: status not documented (documented: ${Object.keys(op.responses).join(', ')})`];
    if (!response.description) return [`${at}: the response has no description`];
    const headers = answer.headers;
    const absent = headers ? Object.keys(response.headers ?? {}).filter((h) => headers[h.toLowerCase()] === undefined) : [];
    if (absent.length > 0) return [`${at}: documented header ${absent.join(', ')} absent`];
    const media = (answer.contentType ?? '').split(';')[0].trim();
    const content = response.content?.[media];
    if (!content) return [`${at}: media type ${JSON.stringify(media)} not documented (documented: ${Object.keys(response.content ?? {}).join(', ') || 'none'})`];
    if (!content.schema) return [`${at} ${media}: no schema documented`];
    const key = `${method} ${path} ${answer.status} ${media}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv.compile(absoluteRefs(toJsonSchema(content.schema)) as object);
      this.compiled.set(key, fn);
    }
    return errorsOf(fn, answer.body, `${at} ${media} body`);
  }
}
