import { Injectable } from '@nestjs/common';
import { nameKey } from '../model/ids.js';
import { datasetShape, jobShape, namespaceShape, runShape } from './marquez-shapes.js';
import { MarquezNotFoundError } from './marquez.errors.js';
import { MarquezRepository } from './marquez.repository.js';
import type { IoRecord, JobRecord, NamespaceRecord } from './marquez.types.js';

/** Page of a Marquez list route (limit, offset; Marquez's defaults 100 and 0). */
export interface Page {
  readonly limit: number;
  readonly offset: number;
}

/** Namespaces, datasets, jobs and runs in Marquez's shapes: one metadata read each, 404 for what the store does not hold. */
@Injectable()
export class MarquezMetadataService {
  constructor(private readonly repository: MarquezRepository) {}

  async namespaces(page: Page) {
    return { namespaces: (await this.repository.namespaces(page.limit, page.offset)).map(namespaceShape) };
  }

  async namespace(name: string) {
    return namespaceShape(await this.requireNamespace(name));
  }

  /** The namespace named `name` (its URI: `food_delivery`, `teradata://host:1025`), or 404. */
  async requireNamespace(name: string): Promise<NamespaceRecord> {
    const ns = await this.repository.namespace(name);
    if (!ns) throw new MarquezNotFoundError(`Namespace "${name}"`);
    return ns;
  }

  async datasets(namespace: string, page: Page) {
    const ns = await this.requireNamespace(namespace);
    const { total, items } = await this.repository.datasets(ns.namespaceId, page.limit, page.offset);
    const fields = await this.repository.fieldsOf(items.map((d) => d.datasetId));
    return { totalCount: total, datasets: items.map((d) => datasetShape(d, fields.get(d.datasetId) ?? [])) };
  }

  /** Names are looked up by their namespace's case rule (nameKey): in teradata:// namespaces `public.Orders` finds `public.orders`; elsewhere case counts. */
  async dataset(namespace: string, name: string) {
    const ns = await this.requireNamespace(namespace);
    const ds = await this.repository.dataset(ns.namespaceId, nameKey(ns.namespaceId, name));
    if (!ds) throw new MarquezNotFoundError(`Dataset "${name}" in namespace "${namespace}"`);
    const fields = await this.repository.fieldsOf([ds.datasetId]);
    return datasetShape(ds, fields.get(ds.datasetId) ?? []);
  }

  /**
   * Versions of a dataset: the store keeps one current state per dataset,
   * not a version per run, so the list is empty (well-formed, and true: no
   * version can be asked for).
   */
  async datasetVersions(namespace: string, name: string) {
    await this.dataset(namespace, name);
    return { versions: [] as never[], totalCount: 0 };
  }

  async jobs(namespace: string, page: Page) {
    const ns = await this.requireNamespace(namespace);
    const { total, items } = await this.repository.jobs(ns.namespaceId, page.limit, page.offset);
    return { totalCount: total, jobs: await this.jobShapes(items) };
  }

  async job(namespace: string, name: string) {
    const [shape] = await this.jobShapes([await this.requireJob(namespace, name)]);
    return shape;
  }

  async requireJob(namespace: string, name: string): Promise<JobRecord> {
    const ns = await this.requireNamespace(namespace);
    const job = await this.repository.job(ns.namespaceId, name);
    if (!job) throw new MarquezNotFoundError(`Job "${name}" in namespace "${namespace}"`);
    return job;
  }

  /** Jobs in Marquez's shape: with the datasets their runs read and wrote, and their newest run. */
  async jobShapes(jobs: readonly JobRecord[]) {
    const ids = jobs.map((j) => j.jobId);
    const [io, latest] = await Promise.all([this.repository.jobDatasets(ids), this.repository.latestRuns(ids)]);
    const ioOf = groupBy(io);
    return jobs.map((j) => jobShape(j, ioOf.get(j.jobId) ?? [], latest.get(j.jobId)));
  }

  async runs(namespace: string, job: string, page: Page) {
    const found = await this.requireJob(namespace, job);
    const { total, items } = await this.repository.runs(found.jobId, page.limit, page.offset);
    return { totalCount: total, runs: items.map(runShape) };
  }

  /** Run ids are stored lower-case (as ingestion keys them). */
  async run(id: string) {
    const run = await this.repository.run(id.trim().toLowerCase());
    if (!run) throw new MarquezNotFoundError(`Run "${id}"`);
    return runShape(run);
  }
}

/** IoRecords by owner id. */
export function groupBy(io: readonly IoRecord[]): Map<string, IoRecord[]> {
  const out = new Map<string, IoRecord[]>();
  for (const r of io) {
    const list = out.get(r.ownerId) ?? [];
    list.push(r);
    out.set(r.ownerId, list);
  }
  return out;
}
