// The person's plan as a PDF (pdfkit). The built-in Helvetica covers Swedish (å ä ö use its WinAnsi
// encoding), so no font file is needed. Same content and order as the HTML page.
import PDFDocument from "pdfkit";
import type { PlanDocument } from "../app/plan-document.ts";
import type { Locale } from "../app/ports.ts";
import { formatDate } from "../conversation/format.ts";
import { texts } from "../conversation/locale.ts";

const MARGIN = 50;

export function renderPlanPdf(doc: PlanDocument, locale: Locale): Promise<Buffer> {
  const t = texts(locale).ft.plan;
  const date = (d: string | null) => (d === null ? t.noDate : formatDate(d, locale));
  const pdf = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: {
      Title: `${t.title} – ${doc.personRef}`,
      // Pinned to the plan's date, so the same plan gives the same file.
      CreationDate: new Date(`${doc.generatedOn}T12:00:00Z`),
    },
    lang: locale === "en" ? "en-GB" : "sv-SE",
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("data", (c: Buffer) => chunks.push(c));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });

  const heading = (text: string) => {
    if (pdf.y > pdf.page.height - MARGIN - 80) pdf.addPage();
    pdf.moveDown(0.8).font("Helvetica-Bold").fontSize(14).text(text).moveDown(0.2);
    pdf.font("Helvetica").fontSize(11);
  };
  const para = (text: string) => pdf.font("Helvetica").fontSize(11).text(text);
  const bullet = (text: string) => pdf.font("Helvetica").fontSize(11).text(`•  ${text}`, { indent: 8 });

  pdf.font("Helvetica-Bold").fontSize(20).text(t.title);
  pdf.moveDown(0.3);
  para(t.intro(doc.personRef));
  pdf
    .fontSize(9)
    .fillColor("#444")
    .text(t.printedOn(formatDate(doc.generatedOn, locale)))
    .fillColor("#000");

  heading(t.goalsTitle);
  if (doc.goals.length === 0) para(t.goalsNone);
  for (const g of doc.goals) bullet(g);

  heading(t.effortsTitle);
  if (doc.efforts.length === 0) para(t.effortsNone);
  for (const p of ["MUNICIPALITY", "REGION"] as const) {
    const list = doc.efforts.filter((e) => e.principal === p);
    if (list.length === 0) continue;
    pdf.font("Helvetica-Bold").fontSize(11).text(t.effortsBy[p]);
    for (const e of list) bullet(`${locale === "en" ? e.en : e.sv}${e.unitName ? ` – ${e.unitName}` : ""}`);
  }

  heading(t.whoTitle);
  if (doc.commitments.length === 0) para(t.whoNone);
  for (const c of doc.commitments) {
    const who = c.who || t.principalName[c.principal];
    const status = c.done ? ` (${t.doneMark})` : "";
    bullet(`${c.what}`);
    pdf
      .fontSize(10)
      .fillColor("#333")
      .text(`${who}, ${t.principalName[c.principal]} · ${t.whoColumns[2]}: ${date(c.dueDate)}${status}`, {
        indent: 20,
      })
      .fillColor("#000");
  }

  heading(t.overallTitle);
  para(t.overall(doc.overallResponsibility === null ? null : t.principalName[doc.overallResponsibility]));

  heading(t.contactsTitle);
  if (doc.contacts.length === 0) para(t.contactsNone);
  for (const c of doc.contacts)
    bullet(`${c.name} – ${c.unitName ?? t.principalName[c.principal]} (${t.principalName[c.principal]})`);

  heading(t.followUpTitle);
  para(t.followUp(doc.followUpDate === null ? null : formatDate(doc.followUpDate, locale)));

  heading(t.rightsTitle);
  for (const r of t.rights) bullet(r);

  pdf.end();
  return done;
}
