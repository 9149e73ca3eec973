// kill -9 during commitment writes, through the real `sip chat` process: 100 writes (new commitments and
// "done") on a PGlite data folder and on PostgreSQL, with the process SIGKILLed at seeded random points
// (mid-write, between writes, and while it starts up). Like a user who got no answer, the driver sends an
// unanswered line again to the restarted bot. In the end every answered write is there (0 lost), every
// commitment has its history, audit event and notification from the same transaction (0 half-written), and
// no retry made a second commitment (0 duplicated).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.ts";
import { ChatProcess } from "../e2e/chat-process.ts";
import { dropPostgresDatabase, freshPostgresUrl, postgresAvailable } from "../helpers/postgres.ts";
import { seededRandom } from "./storm-plan.ts";
import { planWrites, type WriteOp } from "./kill-writes-plan.ts";

const WRITES = 100;
const MID_WRITE_KILLS = 6;
const TEST_PNR = "19121212-1212"; // Skatteverket's published test number

const backends = [
  { name: "PGlite data folder", postgres: false, skip: false, seed: 8101 },
  { name: "PostgreSQL", postgres: true, skip: !postgresAvailable, seed: 8102 },
];

interface Figures {
  kills: number;
  inDoubt: number;
  confirmed: number;
  retries: number;
  ms: number;
}

describe.each(backends)("kill -9 during 100 commitment writes ($name)", ({ postgres, skip, seed }) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => undefined);
  });

  it.skipIf(skip)(
    "loses, half-writes and duplicates nothing",
    async () => {
      const started = Date.now();
      const dataDir = await mkdtemp(join(tmpdir(), "sip-kill-writes-"));
      cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
      let env: Record<string, string> = { SIP_DATA_DIR: dataDir, SIP_LOCALE: "sv" };
      let databaseUrl: string | null = null;
      if (postgres) {
        databaseUrl = await freshPostgresUrl();
        if (databaseUrl === null) throw new Error("PostgreSQL answered but gave no test database");
        const url = databaseUrl;
        cleanup.push(() => dropPostgresDatabase(url));
        env = { ...env, DATABASE_URL: url, SIP_ID_SECRET: "kill-writes-".padEnd(48, "k") };
      }
      const live: ChatProcess[] = [];
      cleanup.push(async () => {
        for (const c of live) c.kill();
      });
      const chat = () => {
        const c = new ChatProcess(["--as", "anna"], env);
        live.push(c);
        return c;
      };

      // A person with efforts on both sides and a consented SIP that anna leads; not killed.
      const setup = chat();
      const created = await setup.say(`sip ny ${TEST_PNR}`, /Personreferens: (K-[0-9A-Z]+)/);
      const ref = /K-[0-9A-Z]+/.exec(created)?.[0] ?? "";
      await setup.say(`sip insats ${ref} hemtjänst`, /är registrerad/);
      await setup.say(`@bo: sip ny ${TEST_PNR.replace("-", "")}`, /Personreferens/);
      await setup.say(`@bo: sip insats ${ref} psykiatrisk mottagning`, /\[2\] Avböj[\s\S]*\[2\] Avböj/);
      await setup.say("@anna: !1", /SIP för K-[0-9A-Z]+ är startad/);
      await setup.say(`@anna: sip samtycke ${ref} region kommun till om 20 veckor`, /Samtycke registrerat/);
      expect(await setup.end()).toBe(0);

      const random = seededRandom(seed);
      const ops = planWrites(WRITES, random);
      // Which writes get a kill, and when: a delay after the line is sent that spans a write's life
      // (not yet read, inside the transaction, committed but not yet answered, answered).
      const killAt = new Map<number, number>();
      while (killAt.size < MID_WRITE_KILLS) killAt.set(Math.floor(random() * WRITES), random() * 60);
      const startupKillMs = 300 + random() * 2_500;
      const numbers = new Map<string, number>(); // commitment text -> number, from the bot's answers
      const done = new Set<number>();
      const figures: Figures = { kills: 0, inDoubt: 0, confirmed: 0, retries: 0, ms: 0 };

      const setupMs = Date.now() - started;
      let proc = chat();
      // One kill while the process starts (PGlite opens its folder, migrations are checked).
      await sleep(startupKillMs);
      proc.kill();
      figures.kills++;
      proc = chat();

      for (let i = 0; i < ops.length; i++) {
        const op = ops[i] as WriteOp;
        for (let attempt = 0; ; attempt++) {
          if (attempt > 0) figures.retries++;
          if (attempt > 3) throw new Error(`write ${i} never answered:\n${proc.stdout}\n${proc.stderr}`);
          const line =
            op.kind === "create"
              ? `sip åtagande ${ref} ${op.owner === "bo" ? "@bo" : "den enskilde"} ${op.what}`
              : `sip klar ${numbers.get(op.what) ?? -1}`;
          const answer =
            op.kind === "create"
              ? new RegExp(`Åtagande #(\\d+) för ${ref}: [^\\n]* – ${op.what}\\.`)
              : /Åtagande #\d+ är klart\. Tack!|Åtagandet är redan klart\./;
          const reply = proc.say(line, answer, 60_000).then(
            (text) => text,
            () => null,
          );
          const delay = attempt === 0 ? killAt.get(i) : undefined;
          let text: string | null;
          if (delay === undefined) {
            text = await reply;
          } else {
            const first = await Promise.race([reply, sleep(delay).then(() => "pending" as const)]);
            if (first === "pending") figures.inDoubt++;
            proc.kill();
            figures.kills++;
            text = await reply; // an answer printed just before the kill still counts: the user saw it
            proc = chat();
          }
          if (text === null) {
            if (delay === undefined) throw new Error(`no answer to "${line}":\n${proc.stderr}`);
            continue; // no answer seen: the user sends the same line again to the restarted bot
          }
          if (op.kind === "create") numbers.set(op.what, Number(answer.exec(text)?.[1]));
          else done.add(numbers.get(op.what) ?? -1);
          figures.confirmed++;
          break;
        }
      }
      // The same retry when the commit did land before the kill (it happens above only when a kill falls
      // between commit and answer): the bot answers with the commitment it has, and makes no second one.
      const again = ops.find(
        (o) => o.kind === "create" && ops.every((d) => d.kind !== "done" || d.what !== o.what),
      );
      if (again?.kind === "create") {
        const text = await proc.say(
          `sip åtagande ${ref} ${again.owner === "bo" ? "@bo" : "den enskilde"} ${again.what}`,
          new RegExp(`Åtagande #(\\d+) för ${ref}: [^\\n]* – ${again.what}\\.`),
        );
        expect(text).toContain(`#${numbers.get(again.what)} `);
      }
      expect(await proc.end()).toBe(0);
      figures.ms = Date.now() - started;

      const db = await openDatabase(
        databaseUrl === null ? { dataDir } : { databaseUrl, dataDir: "unused", migrate: false },
      );
      cleanup.push(() => db.close());
      const q = db.runner.query.bind(db.runner);
      const rows = await q<{ id: string; number: number; what: string; status: string; bo: boolean }>(
        `SELECT c.id::text, c.number, c.what, c.status::text,
                (c.owner_staff_id IS NOT NULL) AS bo
           FROM commitment c ORDER BY c.number`,
      );
      const creates = ops.filter((o) => o.kind === "create");
      // 0 duplicated: one commitment per distinct write, none per retry.
      const perText = new Map<string, number>();
      for (const r of rows) perText.set(r.what, (perText.get(r.what) ?? 0) + 1);
      const duplicated = [...perText.values()].filter((n) => n > 1).length;
      // 0 lost: every answered write is in the store, under the number the user was told.
      const lost =
        creates.filter((o) => rows.find((r) => r.what === o.what)?.number !== numbers.get(o.what)).length +
        [...done].filter((n) => rows.find((r) => r.number === n)?.status !== "DONE").length;
      // 0 half-written: what one transaction writes is there together, once, or not at all.
      const history = await q<{ id: string; change: string; n: number }>(
        "SELECT commitment_id::text AS id, change, count(*)::int AS n FROM commitment_history GROUP BY 1, 2",
      );
      const audits = await q<{ action: string; number: number; n: number }>(
        `SELECT action, (detail->>'number')::int AS number, count(*)::int AS n FROM audit_event
          WHERE action IN ('COMMITMENT_CREATED', 'COMMITMENT_DONE') AND basis <> 'DENIED' GROUP BY 1, 2`,
      );
      const notes = await q<{ key: string }>(
        "SELECT dedupe_key AS key FROM outbox_message WHERE dedupe_key LIKE 'commitment-assigned:%'",
      );
      const count = (list: { n: number }[]) => list.reduce((s, x) => s + x.n, 0);
      const half = rows.filter((r) => {
        const h = (change: string) => count(history.filter((x) => x.id === r.id && x.change === change));
        const a = (action: string) =>
          count(audits.filter((x) => x.action === action && x.number === r.number));
        const isDone = r.status === "DONE" ? 1 : 0;
        const note = notes.filter((x) => x.key.startsWith(`commitment-assigned:${r.id}:`)).length;
        return (
          h("CREATED") !== 1 ||
          a("COMMITMENT_CREATED") !== 1 ||
          h("DONE") !== isDone ||
          a("COMMITMENT_DONE") !== isDone ||
          note !== (r.bo ? 1 : 0)
        );
      }).length;
      const orphans = history.filter((h) => !rows.some((r) => r.id === h.id)).length;

      console.log(
        `kill-writes ${postgres ? "PostgreSQL" : "PGlite"}: ${figures.kills} kills (${figures.inDoubt} before ` +
          `the answer), ${figures.confirmed} writes confirmed, ${figures.retries} retries, lost ${lost}, ` +
          `half-written ${half + orphans}, duplicated ${duplicated}, ${rows.length} commitments, ` +
          `${(figures.ms / 1000).toFixed(1)} s (set-up ${(setupMs / 1000).toFixed(1)} s)`,
      );
      expect(figures.confirmed).toBe(WRITES);
      expect(figures.kills).toBe(MID_WRITE_KILLS + 1);
      expect({ lost, half, orphans, duplicated }).toEqual({ lost: 0, half: 0, orphans: 0, duplicated: 0 });
      expect(rows).toHaveLength(creates.length);
      expect(rows.filter((r) => r.status === "DONE")).toHaveLength(ops.length - creates.length);
    },
    180_000,
  );
});
