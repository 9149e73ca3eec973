// The person's plan page rendered in Chromium (Debian's package, headless, driven by playwright-core):
// its content as a reader sees it, and its print layout (A4, nothing wider than the page, sections kept
// whole). Without Chromium the test is skipped with the reason printed, except under CI (CI=true).
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanDocument } from "../../src/app/plan-document.ts";
import { renderPlanHtml } from "../../src/report/plan-html.ts";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
const executable = CANDIDATES.find((p): p is string => p !== undefined && p !== "" && existsSync(p));
if (executable === undefined) {
  if (process.env.CI === "true")
    throw new Error(
      "Chromium is required under CI (CI=true): install it (apt-get install chromium; .ci/run does)",
    );
  console.warn(
    "Browser test skipped: no Chromium at /usr/bin/chromium (apt-get install chromium, or set CHROMIUM_PATH).",
  );
}

const doc: PlanDocument = {
  personRef: "K-7F3Q",
  generatedOn: "2026-11-23",
  goals: ["Att kunna bo kvar hemma", "Träffa barnbarnen varje vecka"],
  efforts: [
    {
      code: "hemtjanst",
      sv: "Hemtjänst",
      en: "Home care services",
      principal: "MUNICIPALITY",
      unitName: "Hemtjänst Norr",
    },
    {
      code: "psykiatrisk-oppenvard",
      sv: "Psykiatrisk öppenvård",
      en: "Psychiatric outpatient care",
      principal: "REGION",
      unitName: null,
    },
  ],
  commitments: Array.from({ length: 40 }, (_, i) => ({
    number: i + 1,
    what: i === 0 ? "<b>Boka</b> läkarbesök – ett långt åtagande ".repeat(4) : `Åtagande nummer ${i + 1}`,
    principal:
      i % 3 === 0 ? ("REGION" as const) : i % 3 === 1 ? ("MUNICIPALITY" as const) : ("OTHER" as const),
    who: i % 3 === 2 ? "den enskilde" : "Anna Andersson",
    dueDate: i % 4 === 0 ? null : "2026-12-15",
    done: i % 5 === 0,
  })),
  overallResponsibility: "MUNICIPALITY",
  contacts: [
    { name: "Anna Andersson", unitName: "Hemtjänst Norr", principal: "MUNICIPALITY", role: "CHAIR" },
  ],
  followUpDate: "2027-02-15",
};

describe.skipIf(executable === undefined)("the plan page in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: executable, args: ["--no-sandbox", "--disable-gpu"] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the plan's sections in order, in Swedish, with hostile text shown as text", async () => {
    const page = await browser.newPage();
    await page.setContent(renderPlanHtml(doc, "sv"), { waitUntil: "load" });
    expect(await page.title()).toBe("Din samordnade individuella plan (SIP) – K-7F3Q");
    expect(await page.locator("h2").allTextContents()).toEqual([
      "Det här är viktigt för dig",
      "Stöd du får",
      "Vem gör vad, och när",
      "Vem har huvudansvaret",
      "Dina kontakter",
      "Nästa uppföljning",
      "Bra att veta",
    ]);
    expect(await page.locator("#who tbody tr").count()).toBe(40);
    expect(await page.locator("b").count()).toBe(0); // "<b>" in a commitment stays text
    expect(await page.locator("#who tbody tr").first().textContent()).toContain("<b>Boka</b>");
    expect(await page.locator("#overall").textContent()).toContain(
      "Kommunen har huvudansvaret för din plan.",
    );
    expect(await page.locator("#follow-up").textContent()).toContain("15 februari 2027");
    expect(await page.locator("html").getAttribute("lang")).toBe("sv");
    await page.close();
  });

  it("prints on A4 without overflow, the table header repeated and sections kept whole", async () => {
    const page = await browser.newPage({ viewport: { width: 794, height: 1123 } }); // A4 at 96 dpi
    await page.setContent(renderPlanHtml(doc, "sv"), { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    const layout = await page.evaluate(() => {
      const body = getComputedStyle(document.body);
      const thead = document.querySelector("thead");
      const section = document.querySelector("section");
      return {
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        maxWidth: body.maxWidth,
        thead: thead === null ? "" : getComputedStyle(thead).display,
        sectionBreak: section === null ? "" : getComputedStyle(section).breakInside,
      };
    });
    expect(layout).toEqual({
      overflow: 0,
      maxWidth: "none",
      thead: "table-header-group",
      sectionBreak: "avoid",
    });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const raw = pdf.toString("latin1");
    expect(raw.startsWith("%PDF-")).toBe(true);
    const boxes = [...raw.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
      Math.round(Number(m[1])),
      Math.round(Number(m[2])),
    ]);
    expect(boxes.length).toBeGreaterThanOrEqual(2); // 40 rows take more than one page
    for (const box of boxes) expect(box).toEqual([595, 842]);
    await page.close();
  });
});
