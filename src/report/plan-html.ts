// The person's plan as one self-contained HTML page: no scripts, no external files, a print style sheet
// for A4. Every value is escaped; the wording is the person's, not the staff's (texts `ft.plan`).
import type { PlanDocument } from "../app/plan-document.ts";
import type { Locale } from "../app/ports.ts";
import { formatDate } from "../conversation/format.ts";
import { texts } from "../conversation/locale.ts";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const STYLE = `
  :root { color-scheme: light; }
  body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 12pt; line-height: 1.5;
         color: #111; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 20pt; margin: 0 0 .25rem; }
  h2 { font-size: 14pt; margin: 1.5rem 0 .5rem; border-bottom: 1px solid #999; padding-bottom: .15rem; }
  h3 { font-size: 12pt; margin: .75rem 0 .25rem; }
  .meta { color: #444; font-size: 10pt; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; vertical-align: top; padding: .3rem .4rem; border-bottom: 1px solid #ccc; }
  th { font-weight: bold; background: #f0f0f0; }
  ul { margin: .25rem 0; padding-left: 1.25rem; }
  .done { color: #2b6a2b; }
  section { break-inside: avoid; page-break-inside: avoid; }
  @page { size: A4; margin: 18mm 16mm; }
  @media print {
    body { margin: 0; max-width: none; font-size: 11pt; }
    h2 { break-after: avoid; page-break-after: avoid; }
    tr { break-inside: avoid; page-break-inside: avoid; }
    thead { display: table-header-group; }
  }
`;

export function renderPlanHtml(doc: PlanDocument, locale: Locale): string {
  const t = texts(locale).ft.plan;
  const e = escapeHtml;
  const date = (d: string | null) => (d === null ? t.noDate : formatDate(d, locale));
  const section = (id: string, title: string, body: string) =>
    `<section id="${id}"><h2>${e(title)}</h2>${body}</section>`;

  const goals =
    doc.goals.length === 0
      ? `<p>${e(t.goalsNone)}</p>`
      : `<ul>${doc.goals.map((g) => `<li>${e(g)}</li>`).join("")}</ul>`;

  const effortsBy = (["MUNICIPALITY", "REGION"] as const)
    .map((p) => {
      const list = doc.efforts.filter((x) => x.principal === p);
      if (list.length === 0) return "";
      const items = list
        .map((x) => `<li>${e(locale === "en" ? x.en : x.sv)}${x.unitName ? ` – ${e(x.unitName)}` : ""}</li>`)
        .join("");
      return `<h3>${e(t.effortsBy[p])}</h3><ul>${items}</ul>`;
    })
    .join("");
  const efforts = effortsBy === "" ? `<p>${e(t.effortsNone)}</p>` : effortsBy;

  const [cWhat, cWho, cDue, cStatus] = t.whoColumns;
  const rows = doc.commitments
    .map(
      (c) =>
        `<tr><td>${e(c.what)}</td><td>${e(c.who || t.principalName[c.principal])}` +
        ` <span class="meta">(${e(t.principalName[c.principal])})</span></td>` +
        `<td>${e(date(c.dueDate))}</td><td>${c.done ? `<span class="done">${e(t.doneMark)}</span>` : ""}</td></tr>`,
    )
    .join("");
  const who =
    doc.commitments.length === 0
      ? `<p>${e(t.whoNone)}</p>`
      : `<table><thead><tr><th>${e(cWhat)}</th><th>${e(cWho)}</th><th>${e(cDue)}</th><th>${e(cStatus)}</th></tr></thead><tbody>${rows}</tbody></table>`;

  const overall = doc.overallResponsibility === null ? null : t.principalName[doc.overallResponsibility];
  const contacts =
    doc.contacts.length === 0
      ? `<p>${e(t.contactsNone)}</p>`
      : `<ul>${doc.contacts
          .map(
            (c) =>
              `<li>${e(c.name)} – ${e(c.unitName ?? t.principalName[c.principal])}` +
              ` <span class="meta">(${e(t.principalName[c.principal])})</span></li>`,
          )
          .join("")}</ul>`;

  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(t.title)} – ${e(doc.personRef)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${e(t.title)}</h1>
<p>${e(t.intro(doc.personRef))}</p>
<p class="meta">${e(t.printedOn(formatDate(doc.generatedOn, locale)))}</p>
</header>
<main>
${section("goals", t.goalsTitle, goals)}
${section("efforts", t.effortsTitle, efforts)}
${section("who", t.whoTitle, who)}
${section("overall", t.overallTitle, `<p>${e(t.overall(overall))}</p>`)}
${section("contacts", t.contactsTitle, contacts)}
${section("follow-up", t.followUpTitle, `<p>${e(t.followUp(doc.followUpDate === null ? null : formatDate(doc.followUpDate, locale)))}</p>`)}
${section("rights", t.rightsTitle, `<ul>${t.rights.map((r) => `<li>${e(r)}</li>`).join("")}</ul>`)}
</main>
</body>
</html>
`;
}
