// The ingest table (import_run) and the effort's link to the run that last changed it, on both backends:
// the migration and the schema cannot drift apart unseen, and a run cannot be deleted under its efforts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/store/database.ts";
import { Prisma } from "../../src/store/generated/client.ts";
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
});
