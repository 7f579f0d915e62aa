/**
 * The family's after-visit summary as self-contained HTML (US Letter), in
 * English or Spanish. Every fixed word comes from the catalog (shared/words,
 * docs/i18n.md); the clinical texts come from the content (family advice,
 * tier scripts, precautions, exercises). The clinician's free text is
 * printed as written: a summary in Spanish with free text is only made once
 * the clinician has confirmed it (service.ts, shared/words/family-text.ts).
 */
import { addDays, clinicalContent, clinicalContentStatus, familyReturnPrecautions, type Language } from '../../../shared/clinical';
import { lookup, wordsFor, type Words } from '../../../shared/words';
import { EXERCISES } from './exercises';
import { fmt } from './fhir';
import { esc, page } from './html-page';
import { clinicianDisplay, type DoseLine, type ExportModel } from './model';

type SummaryWords = Words['summary'];

const FAMILY_CSS = `
body { font-size: 12pt; line-height: 1.3; }
h1 { font-size: 18pt; } h2 { font-size: 14pt; margin: 8px 0 3px; } h3 { font-size: 13pt; margin: 6px 0 2px; }
p { margin: 3px 0; } ul { margin: 3px 0; padding-left: 22px; }
.callout { border: 3px solid #1f3a5f; padding: 4px 10px; margin: 4px 0; font-size: 12.5pt; }
.disclaimer { border: 2px dashed #7a4b00; padding: 3px 8px; background: #fff6e0; font-size: 10pt; }
.dose { font-size: 18pt; font-weight: bold; }
.tier-A { border-left: 10px solid #b00020; } .tier-B { border-left: 10px solid #d9480f; }
.tier-C { border-left: 10px solid #e8a100; } .tier-D { border-left: 10px solid #6b7785; } .tier-E { border-left: 10px solid #2b8a3e; }
.precaution { padding: 1px 8px; margin: 3px 0; break-inside: avoid; font-size: 10pt; line-height: 1.22; }
.precaution b { font-size: 11pt; }
.precaution p { margin: 0; }
.exercises { display: grid; grid-template-columns: 1fr 1fr 1fr 1fr; gap: 6px; }
.exercise { border: 1px solid #9aa7b4; padding: 3px; break-inside: avoid; font-size: 9.5pt; line-height: 1.2; }
.exercise svg { width: 100%; height: auto; max-height: 60px; }
.small { font-size: 9.5pt; color: #333; }
.nw { white-space: nowrap; }
.columns ul { columns: 2; column-gap: 24px; margin: 2px 0; }
.fridge-head { display: grid; grid-template-columns: 1fr auto; gap: 12px; align-items: start; }
.phone { border: 3px solid #1f3a5f; padding: 6px 10px; text-align: center; }
.phone .number { font-size: 20pt; font-weight: bold; white-space: nowrap; }
.fridge { break-after: page; }
.followup { border: 2px solid #1f3a5f; padding: 3px 10px; margin: 5px 0; font-size: 12.5pt; }
.rest { font-size: 11pt; }
.rest h2 { font-size: 13pt; }
.rest .callout { font-size: 11.5pt; columns: 2; column-gap: 18px; }
.rest .callout p { margin: 1px 0; break-inside: avoid; }
.dose { font-size: 15pt; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0 18px; }
`;

function medicineBlock(d: DoseLine, m: ExportModel, t: SummaryWords): string {
  const product = d.mgPerMl ? (clinicalContent.analgesics.products.find((p) => p.id === d.productId) ?? null) : null;
  const name = `${lookup(t.drug, d.drug) ?? d.drugName}${product ? ` — ${t.liquid(product.mg, product.ml)}` : ''}`;
  const amount = d.doseMl !== null ? `${fmt(d.doseMl)} mL (${fmt(d.doseMg)} mg)` : `${fmt(d.doseMg)} mg`;
  return (
    `<div class="callout keep"><p><b>${esc(t.product)}:</b> ${esc(name)}</p>` +
    `<p><b>${esc(t.howMuch)}:</b> <span class="dose">${esc(amount)}</span></p>` +
    `<p><b>${esc(t.howOften)}:</b> ${esc(t.everyHours(d.intervalHours, d.maxIntervalHours))}</p>` +
    `<p><b>${esc(t.maxDay)}:</b> ${esc(t.doses(d.maxDosesPer24h))}</p>` +
    `<p><b>${esc(t.stop)}:</b> ${esc(d.stopDate ? t.stopOn(d.stopDate) : t.stopDefault)}</p>` +
    `<p>${esc(t.forWeight(fmt(m.patient.weightKg)))}</p></div>`
  );
}

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, six: 6, un: 1, una: 1, uno: 1, dos: 2, tres: 3, cuatro: 4, seis: 6 };

/**
 * The follow-up date for the family: a date written in the plan
 * (YYYY-MM-DD, or "in 2 weeks", "en 10 días" counted from the visit date),
 * else the clinic's default interval for home-care decisions (tiers D and E),
 * else none. Pure; the visit date is the rules' date (the signing date).
 */
export function followUpDate(m: Pick<ExportModel, 'plan' | 'visitDate' | 'clinic' | 'decision'>): { date: string; source: 'plan' | 'clinic' } | null {
  const when = m.plan?.followUp.when ?? '';
  const literal = /\b(\d{4}-\d{2}-\d{2})\b/.exec(when);
  if (literal && !Number.isNaN(Date.parse(`${literal[1]}T00:00:00Z`))) return { date: literal[1]!, source: 'plan' };
  const rel = /\b(\d{1,3}|an?|one|two|three|four|six|una?|uno|dos|tres|cuatro|seis)\s+(days?|weeks?|months?|d[ií]as?|semanas?|mes(?:es)?)\b/i.exec(when);
  if (rel) {
    const n = /^\d+$/.test(rel[1]!) ? Number(rel[1]) : (NUMBER_WORDS[rel[1]!.toLowerCase()] ?? 0);
    const unit = rel[2]!.toLowerCase();
    const days = unit.startsWith('w') || unit.startsWith('sem') ? n * 7 : unit.startsWith('m') ? n * 30 : n;
    if (days > 0 && days <= 366) return { date: addDays(m.visitDate, days), source: 'plan' };
  }
  const tier = m.decision?.tier;
  if (m.clinic.followUpDays > 0 && (tier === 'D' || tier === 'E')) return { date: addDays(m.visitDate, m.clinic.followUpDays), source: 'clinic' };
  return null;
}

/** "Friday, December 11, 2026" / "viernes, 11 de diciembre de 2026". */
function longDate(date: string, lang: Language): string {
  return new Intl.DateTimeFormat(lang === 'es' ? 'es-US' : 'en-US', { timeZone: 'UTC', weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(`${date}T12:00:00Z`));
}

/**
 * The family's after-visit summary in English or Spanish, at most three
 * pages. Page 1 is a sheet for the fridge: what to do now, the warning signs
 * by urgency, the clinic's phone number and the follow-up date. Then the
 * medicine, home care, exercises and what was (and could not be) checked.
 */
export function familyHtml(m: ExportModel, lang: Language): string {
  const t = wordsFor(lang).summary;
  const advice = clinicalContent.familyAdvice;
  const disclaimer = advice.disclaimer[lang];
  const firstName = m.patient.childName.replace(/^Demo\s+/, '').split(/\s+/)[0] ?? m.patient.childName;
  const planAdvice = m.plan?.advice ?? [];
  const chosen = new Set(planAdvice.map((a) => a.id));
  const homeItems = advice.homeCare.filter((h) => chosen.has(h.id) && h.id !== 'medicine-short-course');
  const medicineSafety = advice.homeCare.find((h) => h.id === 'medicine-short-course');
  const checked = m.observations.filter((o) => o.status === 'recorded' && o.maneuverId !== 'setup').map((o) => lookup(t.moves, o.maneuverId) ?? o.title);
  const notAssessedMoves = m.observations.filter((o) => o.status === 'not_assessed').map((o) => lookup(t.moves, o.maneuverId) ?? o.title);
  const cannot = [...clinicalContent.maneuvers.cannotAssessOverVideo.map((c) => lookup(t.cannotItems, c.id) ?? c.label), ...notAssessedMoves];
  const uniq = (xs: string[]) => [...new Set(xs)];
  const tier = m.decision?.tierInfo;
  const analgesia = m.plan?.analgesia ?? [];
  const phone = m.clinic.clinicPhone;
  const clinicName = m.clinic.clinicName || t.yourClinic;
  const follow = followUpDate(m);
  const followWho = m.plan?.followUp.withWhom;
  const followText = follow
    ? `${longDate(follow.date, lang)} ${follow.source === 'clinic' ? t.clinicDefault(m.clinic.followUpDays) : m.plan?.followUp.when ? `— ${m.plan.followUp.when}` : ''}`
    : (m.plan?.followUp.when ?? '—');
  // Tiers C-E say "call us": the number goes right there.
  const callTiers = new Set(['C', 'D', 'E']);

  const body = `
<section class="fridge">
<div class="fridge-head">
<div>
<h1>${esc(t.title)}</h1>
<p>${esc(t.for)}: <b>${esc(firstName)}</b>${m.patient.isDemo ? ` <span class="demo">${esc(t.demo)}</span>` : ''} · ${esc(t.date)}: ${esc(longDate(m.visitDate, lang))} · ${esc(t.clinician)}: ${esc(m.responsible ? clinicianDisplay(m.responsible) : t.unknownClinician)}</p>
</div>
<div class="phone">${phone ? `<div>${esc(t.callUs)}</div><div class="number">${esc(phone)}</div><div class="small">${esc(clinicName)}</div>` : `<div>${esc(t.noPhone)}</div>`}</div>
</div>
${m.draft ? `<p class="banner">${esc(t.draft)}</p>` : ''}
<p class="disclaimer">${esc(disclaimer)}</p>

<h2>${esc(t.now)}</h2>
${tier ? `<div class="callout tier-${esc(tier.id)}">${esc(tier.familyScript[lang])}</div>` : ''}
${m.decision?.familyTold ? `<p><b>${esc(t.told)}:</b> ${esc(m.decision.familyTold)}</p>` : ''}

<div class="followup"><b>${esc(t.followUpOn(''))}</b>${esc(followText)}${followWho ? ` · ${esc(t.withWhom)}: ${esc(followWho)}` : ''}${m.plan?.followUp.instructions ? ` · ${esc(m.plan.followUp.instructions)}` : ''}</div>
<h2>${esc(t.warning)}</h2>
${familyReturnPrecautions()
  .map(
    (r) =>
      `<div class="precaution tier-${esc(r.tier)}"><p><b>${esc(r.heading[lang])}</b>${callTiers.has(r.tier) && phone ? ` <b class="nw">${esc(phone)}</b>` : ''}</p>` +
      (r.signs[lang].length > 0 ? `<p>${r.signs[lang].map((x) => esc(x)).join(' · ')}</p>` : '') +
      `</div>`,
  )
  .join('')}

</section>

<section class="rest">
<h2>${esc(t.medicine)}</h2>
${analgesia.length ? analgesia.map((d) => medicineBlock(d, m, t)).join('') : `<p>${esc(t.noMedicine)}</p>`}
${analgesia.length && medicineSafety ? `<p>${esc(medicineSafety.text[lang])}</p>` : ''}

${
  homeItems.length
    ? `<h2>${esc(t.home)}</h2>${homeItems.map((h) => `<div class="keep"><p><b>${esc(lookup(t.topics, h.topic) ?? h.topic)}.</b> ${esc(h.text[lang])}</p></div>`).join('')}`
    : ''
}

${
  chosen.has('gentle-exercises')
    ? `<h2>${esc(t.exercises)}</h2><p>${esc(t.exercisesNote)}</p><div class="exercises">${EXERCISES.map(
        (e) => `<div class="exercise">${e.svg}<p><b>${esc(e.title[lang])}.</b> ${esc(e.steps[lang])}</p></div>`,
      ).join('')}</div>`
    : ''
}

<h2>${esc(t.checked)}</h2>
<p>${esc(t.checkedIntro)} ${esc(uniq(checked).join(' · '))}</p>
<h2>${esc(t.cannot)}</h2>
<p>${esc(t.cannotIntro)} ${esc(uniq(cannot).join(' · '))}</p>

<p class="disclaimer">${esc(disclaimer)}</p>
<p class="small">${esc(t.reviewLine(m.contentVersion))}</p>
<p class="small">${esc(t.statusLine(m.contentVersion, clinicalContentStatus().reviewed))}</p>
</section>
`;
  return page(t.title, lang, FAMILY_CSS, keepHyphenatedWords(body), m.draft, t.watermark);
}

/** Keep words like "in-person" on one line (a break after the hyphen reads badly and splits the word for copy and search). */
function keepHyphenatedWords(html: string): string {
  return html.replace(/>([^<]+)</g, (_m, text: string) => `>${text.replace(/([\p{L}\d]+(?:-[\p{L}\d]+)+)/gu, '<span class="nw">$1</span>')}<`);
}

