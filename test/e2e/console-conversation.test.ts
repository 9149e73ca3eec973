import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.ts";
import { dropPostgresDatabase, freshPostgresUrl, postgresAvailable } from "../helpers/postgres.ts";
import { ChatProcess } from "./chat-process.ts";

// The foundation's acceptance scenario, through the real `sip chat` entry: a municipal and a regional user
// each register an effort for one person and the bot suggests a SIP; consent is recorded; commitments are
// logged; `sip vem` lists them by principal; staff without consent or need to know see nothing identifying;
// the state survives a restart on the PGlite data folder; and every step leaves an audit event.

const TEST_PNR = "19121212-1212"; // Skatteverket's published test number

const backends = [
  { name: "PGlite", postgres: false, skip: false },
  { name: "PostgreSQL", postgres: true, skip: !postgresAvailable },
];

describe.each(backends)(
  "a scripted console conversation between kommun and region ($name)",
  ({ postgres, skip }) => {
    let dataDir = "";
    let databaseUrl: string | null = null;
    let env: Record<string, string> = {};
    let ref = "";
    const started: ChatProcess[] = [];
    const chatAs = (user: string) => {
      const chat = new ChatProcess(["--as", user], env);
      started.push(chat);
      return chat;
    };

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), "sip-e2e-"));
      env = { SIP_DATA_DIR: dataDir, SIP_LOCALE: "sv" };
      if (postgres && !skip) {
        databaseUrl = await freshPostgresUrl();
        // A server that answered the probe but cannot give us a database is a failure, not a quiet
        // fall-back to PGlite under the PostgreSQL name.
        if (databaseUrl === null)
          throw new Error("PostgreSQL answered but no test database could be created");
        if (databaseUrl !== null)
          env = { ...env, DATABASE_URL: databaseUrl, SIP_ID_SECRET: "e2e-".padEnd(48, "k") };
      }
    });

    afterAll(async () => {
      for (const chat of started) chat.kill();
      await rm(dataDir, { recursive: true, force: true });
      if (databaseUrl !== null) await dropPostgresDatabase(databaseUrl);
    });

    it.skipIf(skip)(
      "suggests a SIP when both principals have efforts, and keeps each side's data apart until consent",
      async () => {
        const chat = chatAs("anna");
        const created = await chat.say(`sip ny ${TEST_PNR}`, /Personreferens: (K-[0-9A-Z]+)/);
        ref = /K-[0-9A-Z]+/.exec(created)?.[0] ?? "";
        expect(ref).toMatch(/^K-[0-9A-HJKMNP-TV-Z]{4,8}$/);

        await chat.say(`sip insats ${ref} hemtjänst`, /Insatsen Hemtjänst \(kommunen\) är registrerad/);
        // Bo at the region meets the same reference through the keyed hash of the same number, typed differently.
        await chat.say(`@bo: sip ny ${TEST_PNR.replace("-", "")}`, new RegExp(`Personreferens: ${ref}`));
        const suggested = await chat.say(
          `@bo: sip insats ${ref} psykiatrisk mottagning`,
          /→ @anna:[\s\S]*\[2\] Avböj/,
        );
        expect(suggested).toContain("Psykiatrisk öppenvård (regionen) är registrerad");
        expect(suggested).toContain("även hos kommunen"); // to bo: only that the other principal has efforts
        expect(suggested).toContain("även hos regionen"); // to anna, delivered as a notification
        expect(suggested).not.toMatch(/hemtjänst/i); // never which effort

        const boBefore = await chat.say(`@bo: sip vem ${ref}`, /Uppgifter från andra huvudmän visas bara/);
        expect(boBefore).toContain("Region");
        expect(boBefore).not.toMatch(/Hemtjänst|Kommun\n/);

        // Staff with no part in the person's care get the same answer as for a reference that does not exist.
        const eva = await chat.say(`@eva: sip vem ${ref}`, /Jag hittar ingen person/);
        expect(eva).not.toContain("Hemtjänst");
        await chat.say(`@david: sip vem ${ref}`, /Jag hittar ingen person/);
        await chat.say("@david: sip vem K-ZZZZ", /Jag hittar ingen person K-ZZZZ/);

        await chat.say("@anna: !1", /SIP för K-[0-9A-Z]+ är startad \(väntar på samtycke\)/);
        await chat.say(
          `@anna: sip samtycke ${ref} region kommun till om 20 veckor`,
          /Samtycke registrerat[\s\S]*Planen kan nu tas fram/,
        );
        await chat.say(
          `@anna: sip åtagande ${ref} @bo Ringa Försäkringskassan senast om 2 veckor`,
          /Åtagande #\d+[\s\S]*→ @bo:[\s\S]*\[1\] Klart/,
        );
        await chat.say(
          `@anna: sip åtagande ${ref} den enskilde Skriva ner sina frågor inför mötet`,
          /Åtagande #\d+ för/,
        );
        await chat.say(`@anna: sip huvudansvar ${ref} kommun`, /Huvudansvaret för planen/);

        const boAfter = await chat.say(`@bo: sip vem ${ref}`, /Datum för uppföljning saknas/);
        expect(boAfter).toMatch(
          /Kommun[\s\S]*Hemtjänst[\s\S]*Region[\s\S]*Psykiatrisk öppenvård[\s\S]*Ringa Försäkringskassan/,
        );
        expect(boAfter).toContain("Skriva ner sina frågor");
        expect(boAfter).toContain("Huvudansvar: kommunen");
        expect(boAfter).not.toContain("Uppgifter från andra huvudmän");

        expect(await chat.end()).toBe(0);
        expect(chat.stdout).not.toContain("1212-1212");
        expect(chat.stdout).not.toContain("191212121212");
      },
      240_000,
    );

    it.skipIf(skip)(
      "keeps everything across a restart, and a withdrawal of consent takes effect at once",
      async () => {
        const chat = chatAs("bo");
        const mine = await chat.say("sip mina", /Klart #\d+/);
        expect(mine).toContain(`${ref}: Bo Berg (demo) – Ringa Försäkringskassan`);
        await chat.say(`@anna: sip återkalla ${ref}`, /Samtycket för K-[0-9A-Z]+ är återkallat[\s\S]*→ @bo:/);
        const after = await chat.say(`@bo: sip vem ${ref}`, /Uppgifter från andra huvudmän visas bara/);
        expect(after).not.toContain("Hemtjänst");
        expect(after).toContain("Ingen SIP pågår");
        await chat.say("@bo: sip mina", /Du har inga öppna åtaganden/);
        expect(await chat.end()).toBe(0);
      },
      240_000,
    );

    it.skipIf(skip)(
      "left an audit event for every read and change, and the personnummer nowhere in the store",
      async () => {
        const db = await openDatabase({
          dataDir,
          migrate: false,
          ...(databaseUrl !== null && { databaseUrl }),
        });
        try {
          const audit = await db.runner.query<{ action: string; basis: string; actor_id: string | null }>(
            "SELECT action, basis, actor_id FROM audit_event WHERE person_ref = $1 ORDER BY id",
            [ref],
          );
          const actions = new Set(audit.map((a) => a.action));
          for (const expected of [
            "PERSON_CREATED",
            "PERSON_MATCHED",
            "EFFORT_CREATED",
            "SIP_SUGGESTED",
            "PERSON_READ",
            "SIP_STARTED",
            "CONSENT_RECORDED",
            "COMMITMENT_CREATED",
            "PLAN_UPDATED",
            "COMMITMENTS_READ",
            "CONSENT_WITHDRAWN",
          ]) {
            expect(actions, expected).toContain(expected);
          }
          expect(audit.filter((a) => a.basis === "DENIED").length).toBeGreaterThanOrEqual(2); // eva and david
          const tables = await db.runner.query<{ tablename: string }>(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
          );
          for (const { tablename } of tables) {
            const rows = await db.runner.query<{ row: string }>(
              `SELECT row_to_json(t)::text AS row FROM "${tablename}" t`,
            );
            for (const { row } of rows) expect(row, tablename).not.toMatch(/1912121212|12121212-?1212/);
          }
        } finally {
          await db.close();
        }
      },
      240_000,
    );
  },
);
