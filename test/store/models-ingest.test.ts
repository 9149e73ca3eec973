// The ingest table (import_run) and the effort's link to the run that last changed it, on both backends:
// the migration and the schema cannot drift apart unseen, and a run cannot be deleted under its efforts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/store/database.ts";
import { Prisma } from "../../src/store/generated/client.ts";
import { PrismaImportStore } from "../../src/store/import-store.ts";
import { storeBackends } from "../helpers/store-backends.ts";

describe.each(storeBackends)("ImportRun on $name", ({ available, open }) => {
  let db: Database;
  let dispose = async () => {};
  beforeAll(async () => {
    if (!available) return;
    ({ db, dispose } = await open());
  });
  afterAll(() => dispose());

  it.skipIf(!available)(
    "stores a run with defaults, links efforts to it, and refuses to delete it under them",
    async () => {
      const run = await db.prisma.importRun.create({
        data: { source: "treserva", format: "CSV", contentHash: "ab".repeat(32), actor: "operator:test" },
      });
      expect(run).toMatchObject({
        status: "RUNNING",
        position: 0,
        added: 0,
        rejected: 0,
        rejections: null,
        finishedAt: null,
      });
      const person = await db.prisma.person.create({ data: { ref: "K-IMP001" } });
      await db.prisma.effort.create({
        data: {
          personId: person.id,
          kind: "hemtjanst",
          principal: "MUNICIPALITY",
          startDate: new Date("2026-01-10T00:00:00Z"),
          source: "treserva",
          externalId: "e-1",
          importRunId: run.id,
        },
      });
      const updated = await db.prisma.importRun.update({
        where: { id: run.id },
        data: { status: "COMPLETED", added: 1, rejections: [{ at: "line 3", reason: "unknown effort" }] },
        include: { efforts: true },
      });
      expect(updated.efforts).toHaveLength(1);
      expect(updated.rejections).toEqual([{ at: "line 3", reason: "unknown effort" }]);
      const found = await db.prisma.importRun.findMany({
        where: { source: "treserva", contentHash: "ab".repeat(32) },
      });
      expect(found.map((r) => r.id)).toEqual([run.id]);
      const error = await db.prisma.importRun.delete({ where: { id: run.id } }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
      expect(await db.prisma.importRun.count()).toBe(1);
    },
  );

  it.skipIf(!available)(
    "checkpoints the embedded store, where nothing else would, and leaves a server be",
    async () => {
      const lsn = async () =>
        (
          await db.runner.query<{ lsn: string }>(
            "SELECT checkpoint_lsn::text AS lsn FROM pg_control_checkpoint()",
          )
        )[0]?.lsn;
      await db.prisma.person.create({ data: { ref: "K-CKPT01" } }); // something for a checkpoint to write
      const before = await lsn();
      await new PrismaImportStore(db.prisma).checkpointIfEmbedded();
      if (db.kind === "pglite") expect(await lsn()).not.toBe(before);
      else expect(typeof (await lsn())).toBe("string"); // nothing asked of the server, and no privilege needed
    },
  );
});
