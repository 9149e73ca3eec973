import { addDays, stockholmDate } from "../domain/local-date.ts";
import { identifierHash, newPersonRef } from "../domain/person-ref.ts";
import { redactSwedishIds } from "../domain/personnummer.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import type { AppDeps } from "./deps.ts";
import {
  type EffortSource,
  ImportFormatError,
  type ImportFormat,
  type ImportRow,
  type ImportRunRecord,
  type OverlapRules,
  type Rejection,
  type SourceEffort,
  type SourceItem,
} from "./import-ports.ts";
import type { Store } from "./ports.ts";

// Importing efforts from a source system (a CSV file, a FHIR Bundle, a body posted to the HTTP endpoint).
// The personnummer is turned into the keyed hash the moment a record arrives and goes no further. Records
// are written in batches, each in one transaction together with the run's position, so a crash leaves whole
// batches and the same content imported again resumes after the last one (and, being idempotent, changes
// nothing it has already written). After the last batch, one set-based query finds the persons who have
// become SIP candidates and records the suggestions.

export interface ImportActor {
  /** "operator" for `sip import` (the operating-system user), "source" for the HTTP endpoint. */
  kind: "operator" | "source";
  name: string;
}

export interface ImportRequest {
  /** The source system; null lets the first record's source column decide (CSV from `sip import`). */
  source: string | null;
  format: ImportFormat;
  /** SHA-256 of the content, so the same content again resumes an unfinished run. */
  contentHash: string;
  actor: ImportActor;
  content: EffortSource;
  onProgress?: (p: ImportProgress) => void;
  batchSize?: number;
}

export interface ImportProgress {
  done: number;
  total: number | null;
}

export interface ImportSummary {
  runId: string;
  source: string;
  added: number;
  updated: number;
  ended: number;
  unchanged: number;
  rejected: number;
  suggested: number;
  /** Records skipped because an earlier, interrupted run of the same content committed them. */
  resumedAfter: number;
  /** The first rejections (line or resource, and why); `rejected` has the full count. */
  rejections: Rejection[];
}

export type ImportFailure = "badFormat" | "badSource" | "noRecords";

// Big enough that per-statement overhead vanishes, small enough that one transaction stays well under the
// store's transaction timeout on a slow disk.
const DEFAULT_BATCH = 5000;
// The summary lists this many rejections; the run row keeps more, the count is exact.
const SUMMARY_REJECTIONS = 100;
// Source names end up in keys, audit rows and URLs' configuration; "chat" is the bot's own.
const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,39}$/i;
// Records committed between checkpoints on an embedded store (see checkpointIfEmbedded): about 70 MB of WAL.
const CHECKPOINT_EVERY = 50_000;
// Imported persons get longer references than chat-created ones: a few hundred thousand persons at once
// would make four characters collide all the time.
const IMPORTED_REF_LENGTH = 6;

export function isValidSourceName(name: string): boolean {
  return SOURCE_NAME.test(name) && name.toLowerCase() !== "chat";
}

export function overlapRules(deps: AppDeps): OverlapRules {
  const today = stockholmDate(deps.clock.now());
  return {
    today,
    dischargeWindowStart: addDays(today, -deps.settings.overlap.dischargeWindowDays),
    dismissQuietDays: deps.settings.overlap.dismissQuietDays,
    inpatientKinds: [...deps.settings.overlap.inpatientKinds],
    strictWording: deps.settings.suggestionWording === "strict",
  };
}

export async function importEfforts(
  deps: AppDeps,
  req: ImportRequest,
): Promise<Result<ImportSummary, ImportFailure>> {
  const iterator = req.content.items[Symbol.asyncIterator]();
  // Records read while looking for the source name, replayed to the importer afterwards.
  const pending: SourceItem[] = [];
  let source = req.source;
  try {
    if (source === null) {
      // The first record that names a source decides it; the records read meanwhile are kept.
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) break;
        pending.push(next.value);
        if (next.value.ok && next.value.effort.source !== null) {
          source = next.value.effort.source;
          break;
        }
      }
      if (source === null) return fail("noRecords");
    }
  } catch (e) {
    if (e instanceof ImportFormatError) return fail("badFormat", { ...e.params, code: e.code });
    throw e;
  }
  if (!isValidSourceName(source)) return fail("badSource", { source: source.slice(0, 40) });

  const store = deps.store;
  const run =
    (await store.imports.findResumableRun(source, req.contentHash)) ??
    (await store.imports.startRun({
      source,
      format: req.format,
      contentHash: req.contentHash,
      actor: actorLabel(req.actor),
    }));
  await audit(store, "IMPORT_STARTED", {
    source,
    format: req.format,
    by: actorLabel(req.actor),
    importRun: run.id,
    resumedAfter: run.position,
  });

  const importer = new BatchImporter(deps, run, source, req);
  try {
    for (const item of pending) await importer.take(item);
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) break;
      await importer.take(next.value);
    }
    await importer.flush();
  } catch (e) {
    await store.imports.finishRun(run.id, "FAILED", 0, deps.clock.now()).catch(() => undefined);
    await audit(store, "IMPORT_FAILED", {
      source,
      by: actorLabel(req.actor),
      importRun: run.id,
      position: importer.committed,
    }).catch(() => undefined);
    if (e instanceof ImportFormatError) return fail("badFormat", { ...e.params, code: e.code });
    throw e;
  }

  // The planner must know the tables' new sizes before the overlap pass (see refreshStatistics). It samples,
  // so this takes a fraction of a second however large the tables are.
  await store.imports.refreshStatistics();
  // One SQL statement, atomic on its own; an interactive transaction around it would only add Prisma's
  // 15 s expiry, which a million-row import's overlap pass can exceed on a busy server.
  const suggested = await store.imports.suggestCandidates(
    { runId: run.id },
    overlapRules(deps),
    deps.clock.now(),
    run.id,
  );
  const done = await store.imports.finishRun(run.id, "COMPLETED", suggested, deps.clock.now());
  const summary: ImportSummary = {
    runId: run.id,
    source,
    added: done.added,
    updated: done.updated,
    ended: done.ended,
    unchanged: done.unchanged,
    rejected: done.rejected,
    suggested,
    resumedAfter: run.position,
    rejections: importer.rejections,
  };
  await audit(store, "IMPORT_COMPLETED", {
    source,
    by: actorLabel(req.actor),
    importRun: run.id,
    added: summary.added,
    updated: summary.updated,
    ended: summary.ended,
    unchanged: summary.unchanged,
    rejected: summary.rejected,
    suggested,
  });
  return ok(summary);
}

/** Runs overlap detection over every person (not only those an import touched) and records suggestions. */
export async function suggestForEveryone(deps: AppDeps): Promise<number> {
  // One statement, atomic on its own (see importEfforts).
  return deps.store.imports.suggestCandidates("all", overlapRules(deps), deps.clock.now(), null);
}

function actorLabel(actor: ImportActor): string {
  return `${actor.kind}:${actor.name}`;
}

async function audit(store: Store, action: string, detail: Record<string, unknown>): Promise<void> {
  await store.audit({ actorId: null, action, personRef: null, unitId: null, basis: "SYSTEM", detail });
}

class BatchImporter {
  readonly rejections: Rejection[] = [];
  /** Records read so far (rows or resources, rejected ones included), counted from the content's start. */
  committed: number;
  private read: number;
  private rows = new Map<string, ImportRow>();
  private sinceCheckpoint = 0;
  private batchRejections: Rejection[] = [];
  private readonly deps: AppDeps;
  private readonly run: ImportRunRecord;
  private readonly source: string;
  private readonly req: ImportRequest;
  private readonly batchSize: number;

  constructor(deps: AppDeps, run: ImportRunRecord, source: string, req: ImportRequest) {
    this.deps = deps;
    this.run = run;
    this.source = source;
    this.req = req;
    this.batchSize = req.batchSize ?? DEFAULT_BATCH;
    this.read = 0;
    this.committed = run.position;
  }

  async take(item: SourceItem): Promise<void> {
    this.read++;
    if (this.read <= this.run.position) return; // committed by the interrupted run this one resumes
    if (!item.ok) this.reject(item.rejection);
    else this.accept(item.effort);
    if (this.rows.size + this.batchRejections.length >= this.batchSize) await this.flush();
  }

  private reject(r: Rejection): void {
    this.batchRejections.push(r);
  }

  private accept(e: SourceEffort): void {
    if (e.source !== null && e.source !== this.source) {
      this.reject({
        at: e.at,
        code: "otherSource",
        params: {
          recordSource: JSON.stringify(redactSwedishIds(e.source.slice(0, 40))),
          importSource: this.source,
        },
      });
      return;
    }
    const secret = this.deps.settings.idSecret;
    // The personnummer stops here: only its keyed hash is kept.
    const hash = identifierHash(e.personId, secret);
    const externalId =
      e.externalId ??
      `derived:${identifierHash(`${hash}|${e.kind}|${e.principal}|${e.startDate}`, secret).slice(0, 40)}`;
    // The same effort twice in one batch: the later record wins, as it would in a later batch.
    this.rows.delete(externalId);
    this.rows.set(externalId, {
      at: e.at,
      externalId,
      identifierHash: hash,
      kind: e.kind,
      principal: e.principal,
      unitName: e.unitName,
      startDate: e.startDate,
      endDate: e.endDate,
    });
  }

  async flush(): Promise<void> {
    if (this.rows.size === 0 && this.batchRejections.length === 0) return;
    const rows = [...this.rows.values()];
    const rejections = this.batchRejections;
    const position = this.read;
    const outcome = await this.deps.store.transaction((tx) =>
      tx.imports.applyBatch(
        { id: this.run.id, source: this.source },
        rows,
        { position, rejections },
        () => newPersonRef(IMPORTED_REF_LENGTH),
        this.deps.clock.now(),
      ),
    );
    for (const r of [...rejections, ...outcome.rejectedRows]) {
      if (this.rejections.length < SUMMARY_REJECTIONS) this.rejections.push(r);
    }
    this.rows = new Map();
    this.batchRejections = [];
    this.committed = position;
    this.req.onProgress?.({ done: position, total: this.req.content.total });
    this.sinceCheckpoint += rows.length + rejections.length;
    if (this.sinceCheckpoint >= CHECKPOINT_EVERY) {
      this.sinceCheckpoint = 0;
      await this.deps.store.imports.checkpointIfEmbedded();
    }
  }
}
