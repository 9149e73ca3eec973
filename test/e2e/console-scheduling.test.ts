import { readFile, rm } from "node:fs/promises";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import ical from "node-ical";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropPostgresDatabase, freshPostgresUrl, postgresAvailable } from "../helpers/postgres.ts";
import { ChatProcess } from "./chat-process.ts";

// The scheduling step through the real `sip chat` entry, from consent to a booked meeting: the initiator
// picks participants in the form, the bot proposes times, bo answers with buttons, the initiator records
// the person's and a relative's answers, confirms the recommended time, and the kallelse's .ics file (saved
// by the console) is read back by an independent calendar parser.

const TEST_PNR = "19121212-1212"; // Skatteverket's published test number

/** Presses the button with this label in the latest output that shows it. */
async function press(
  chat: ChatProcess,
  seen: string,
  label: string,
  as: string,
  expect: RegExp,
): Promise<string> {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const all = [...seen.matchAll(new RegExp(`\\[(\\d+)\\] ${escaped}\\n`, "g"))];
  const n = all.at(-1)?.[1];
  if (n === undefined) throw new Error(`no button "${label}" in:\n${seen}`);
  return chat.say(`@${as}: !${n}`, expect);
}

const backends = [
  { name: "PGlite", postgres: false, skip: false },
  { name: "PostgreSQL", postgres: true, skip: !postgresAvailable },
];

describe.each(backends)(
  "a scripted console conversation from consent to a booked SIP meeting ($name)",
  ({ postgres, skip }) => {
    let dataDir = "";
    let databaseUrl: string | null = null;
    let env: Record<string, string> = {};
    let chat: ChatProcess | null = null;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), "sip-e2e-scheduling-"));
      env = { SIP_DATA_DIR: dataDir, SIP_LOCALE: "sv" };
      if (postgres && !skip) {
        databaseUrl = await freshPostgresUrl();
        if (databaseUrl === null)
          throw new Error("PostgreSQL answered but no test database could be created");
        env = { ...env, DATABASE_URL: databaseUrl, SIP_ID_SECRET: "e2e-scheduling-".padEnd(48, "k") };
      }
    });

    afterAll(async () => {
      chat?.kill();
      await rm(dataDir, { recursive: true, force: true });
      if (databaseUrl !== null) await dropPostgresDatabase(databaseUrl);
    });

    it.skipIf(skip)(
      "finds a time, books it on the initiator's confirmation, and sends a readable .ics",
      async () => {
        const c = new ChatProcess(["--as", "anna"], env);
        chat = c;
        const created = await c.say(`sip ny ${TEST_PNR}`, /Personreferens: (K-[0-9A-Z]+)/);
        const ref = /K-[0-9A-Z]+/.exec(created)?.[0] ?? "";
        await c.say(`sip insats ${ref} hemtjänst`, /är registrerad/);
        await c.say(`@bo: sip ny ${TEST_PNR}`, new RegExp(`Personreferens: ${ref}`));
        await c.say(`@bo: sip insats ${ref} psykiatrisk mottagning`, /→ @anna:[\s\S]*\[2\] Avböj/);
        await c.say("@anna: !1", /SIP för K-[0-9A-Z]+ är startad/);
        const consent = await c.say(
          `@anna: sip samtycke ${ref} region kommun`,
          /\[1\] Hitta en tid för mötet/,
        );
        expect(consent).toContain("Planen kan nu tas fram");

        // The "Find a time" button opens the poll form; the console asks its fields one by one.
        await c.say("@anna: !1", /\? Måste kunna/);
        await c.say("@bo, personen själv", /\? Gärna med/);
        await c.say("närstående", /\? Mötets längd[\s\S]*1\) 60 minuter/);
        await c.say("1", /\? Plats eller videolänk/);
        await c.say("Rådhuset, rum 3", /\? Tidigaste dag/);
        await c.say("-", /\? Svar senast/);
        await c.say("-", /\? Egna tider/);
        const opened = await c.say("-", /→ @bo:[\s\S]*Svara med formulär \(med anteckning\)\n/);
        expect(opened).toMatch(new RegExp(`Tidsförslagen för SIP-mötet om ${ref} är skickade: \\d+ tider`));
        expect(opened).toContain("Regionens tidsgräns: mötet ska hållas senast");
        const firstTime = /1\. (\S+ \d+ \S+ \d{4} \d\d:\d\d–\d\d:\d\d)/.exec(opened)?.[1] ?? "";
        expect(firstTime).not.toBe("");

        // bo answers with buttons from the invitation; the same answer again changes nothing.
        const boSaw = opened.slice(opened.indexOf("→ @bo:"));
        const voted = await press(
          c,
          boSaw,
          "1: Ja",
          "bo",
          /Tack! Ditt svar är sparat[\s\S]*ditt svar: Ja\)[\s\S]*Svara med formulär \(med anteckning\)\n/,
        );
        await press(c, voted, "1: Ja", "bo", /Det svaret var redan registrerat/);

        // anna answers for herself, and records the answers of the person and of a relative.
        const annaSaw = opened.slice(0, opened.indexOf("→ @bo:"));
        const own = await press(
          c,
          annaSaw,
          "1: Ja",
          "anna",
          /Tack! Ditt svar är sparat[\s\S]*Registrera svar för närstående\n/,
        );
        await press(c, own, "Registrera svar för personen själv", "anna", /\? 1\./);
        let out = "";
        for (let i = 0; i < 6; i++) {
          out = await c.say(
            i === 0 ? "1" : "3",
            /\? \d\.|Svaren från personen själv är registrerade[\s\S]*Registrera svar för närstående\n/,
          );
          if (out.includes("är registrerade")) break;
        }
        expect(out).toContain("Svaren från personen själv är registrerade");
        await press(c, out, "Registrera svar för närstående", "anna", /\? 1\./);
        for (let i = 0; i < 6; i++) {
          out = await c.say(
            "2",
            /\? \d\.|Svaren från närstående är registrerade[\s\S]*\[\d+\] Föreslå nya tider\n/,
          );
          if (out.includes("är registrerade")) break;
        }
        expect(out).toMatch(new RegExp(`Bäst hittills enligt reglerna: tid 1, ${firstTime}`));

        // The initiator confirms; only then is anything booked.
        const booked = await press(
          c,
          out,
          "Boka tid 1",
          "anna",
          /→ @bo:[\s\S]*Filen är sparad: (\S+\.ics)\n/,
        );
        expect(booked).toContain(`SIP-mötet om ${ref} är bokat: ${firstTime}, Rådhuset, rum 3.`);
        expect(booked).toContain("Kallelse till SIP-möte"); // the plain-Swedish text for the person and relative
        expect(booked).toContain("Du får gärna ta med någon du litar på.");
        expect(booked).toContain(`Kallelse till SIP-möte om ${ref}: ${firstTime}`); // bo's notification
        const paths = [...booked.matchAll(/Filen är sparad: (\S+\.ics)/g)].map((m) => m[1] ?? "");
        expect(paths).toHaveLength(2);
        expect(paths.every((p) => p.startsWith(join(dataDir, "filer")))).toBe(true);

        const ics = await readFile(paths[0] ?? "", "utf8");
        expect(ics).toContain("METHOD:REQUEST");
        expect(await readFile(paths[1] ?? "", "utf8")).toBe(ics); // bo's copy is the same invitation
        const parsed = ical.sync.parseICS(ics);
        const event = Object.values(parsed).find((x): x is ical.VEvent => x?.type === "VEVENT");
        if (event === undefined) throw new Error("no VEVENT in the .ics");
        expect(Number(event.sequence)).toBe(0);
        expect(event.uid).toMatch(/@sip-assistent$/);
        expect(event.location).toBe("Rådhuset, rum 3");
        const start = DateTime.fromJSDate(event.start, { zone: "Europe/Stockholm" }).setLocale("sv-SE");
        expect(firstTime.startsWith(start.toFormat("ccc d LLL yyyy HH:mm").replace(/\.(?= )/g, ""))).toBe(
          true,
        );
        expect((event.end?.getTime() ?? 0) - event.start.getTime()).toBe(60 * 60_000);
        const attendees = [event.attendee].flat().map((a) => (typeof a === "string" ? a : a?.params.CN));
        expect(attendees).toEqual(["Bo Berg (demo)", "personen själv", "närstående"]);

        await c.say(`@bo: sip vem ${ref}`, /SIP: möte bokat/);
        expect(await c.end()).toBe(0);
        expect(c.stdout).not.toContain("1212-1212");
      },
      300_000,
    );
  },
);
