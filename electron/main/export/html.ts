/**
 * The clinician note and the family's after-visit summary as self-contained
 * HTML with a print stylesheet (US Letter). No scripts, no external resources:
 * the printer loads the page with JavaScript off and every request blocked.
 * Every piece of text goes through esc().
 *
 * Unsigned visits print with a DRAFT watermark on every page.
 */
import { clinicalContent, familyReturnPrecautions, type Language } from '../../../shared/clinical';
import { EXERCISES } from './exercises';
import { estimateLimits, estimateText } from './estimates';
import { doseWords, fmt } from './fhir';
import { clinicianDisplay, flagStateWords, formatInstant, SOURCE_WORDS, type DoseLine, type ExportModel } from './model';

/** Escape text for HTML element content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const BASE_CSS = `
@page { size: Letter; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; margin: 0; }
h1 { margin: 0 0 4px; }
h2 { margin: 18px 0 6px; border-bottom: 2px solid #1f3a5f; padding-bottom: 2px; break-after: avoid; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #9aa7b4; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #e8eef5; }
tr, li, .keep { break-inside: avoid; }
.muted { color: #444; }
.status { border: 2px solid #7a4b00; background: #fff6e0; padding: 6px 8px; margin: 8px 0; }
.watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center; font-size: 120px; font-weight: bold;
  color: rgba(200, 0, 0, 0.14); transform: rotate(-30deg); z-index: 1000; pointer-events: none; }
.banner { border: 3px solid #b00020; color: #b00020; font-weight: bold; padding: 6px 8px; margin: 6px 0; }
.demo { display: inline-block; border: 1px solid #555; padding: 0 4px; font-size: 0.8em; }
`;

function page(title: string, lang: string, css: string, body: string, draft: boolean): string {
  return (
    `<!DOCTYPE html><html lang="${esc(lang)}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    `<title>${esc(title)}</title><style>${BASE_CSS}${css}</style></head><body>` +
    (draft ? `<div class="watermark" aria-hidden="true">DRAFT</div>` : '') +
    body +
    `</body></html>`
  );
}

const NOTE_CSS = `
body { font-size: 10pt; line-height: 1.35; }
h1 { font-size: 16pt; } h2 { font-size: 12pt; }
dl { display: grid; grid-template-columns: 11em 1fr; gap: 2px 8px; margin: 0; }
dt { font-weight: bold; } dd { margin: 0; }
.present { color: #b00020; font-weight: bold; } .could_not_assess { color: #7a4b00; font-weight: bold; }
.sig { margin-top: 14px; border-top: 1px solid #111; padding-top: 6px; }
`;

function list(items: string[], empty = 'None.'): string {
  return items.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : `<p class="muted">${esc(empty)}</p>`;
}

function dl(rows: [string, string | null | undefined][]): string {
  return `<dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v ?? '—')}</dd>`).join('')}</dl>`;
}

/** The clinician note (English). */
export function noteHtml(m: ExportModel): string {
  const tz = m.timeZone;
  const at = (iso: string | null | undefined) => formatInstant(iso, tz);
  const ans = m.intake?.answers;
  const warn = ans ? Object.entries(ans.warningSigns ?? {}) : [];
  const questions = new Map(clinicalContent.intakeQuestions.warningSigns.map((q) => [q.id, q.text.en]));
  const positive = warn.filter(([, v]) => v === 'yes' || v === 'unsure').map(([id, v]) => `${questions.get(id) ?? id} — ${v}`);
  const noCount = warn.filter(([, v]) => v === 'no').length;
  const statusBanner =
    m.status === 'preliminary'
      ? `<div class="banner">DRAFT — this visit is not signed. Not a final record.</div>`
      : m.status === 'amended'
        ? `<div class="banner">AMENDED — addenda were added after signing (see Addenda).</div>`
        : '';

  const obsRows = m.observations
    .map((o) => {
      const findings = o.status === 'not_recorded' ? 'Not done in this visit' : o.status === 'not_assessed' ? 'Not assessed (could not be judged over video)' : o.findings.map((f) => `${f.label}: ${f.value}`).join('; ');
      // Issue 17: camera estimates print beside the finding they were attached to, never in its place.
      const estimates = m.estimates.filter((e) => e.maneuverId === o.maneuverId).map((e) => `<div class="estimate">${esc(estimateText(e))}</div>`).join('');
      return `<tr><td>${esc(o.title)}</td><td>${esc(findings)}${estimates}</td><td>${o.pain ? esc(`${o.pain.score}/10 (${o.pain.scale})`) : '—'}</td><td>${esc(o.side ?? '—')}</td><td>${esc(o.note ?? '')}</td></tr>`;
    })
    .join('');
  const flagRows = m.flags
    .map(
      (f) =>
        `<tr><td>${esc(f.label)}</td><td>${esc(f.tier)}</td><td class="${esc(f.state)}">${esc(flagStateWords(f))}</td><td>${esc(f.source ? SOURCE_WORDS[f.source] : '—')}</td>` +
        `<td>${esc([...f.evidence, ...(f.note ? [`Note: ${f.note}`] : [])].join(' · '))}</td></tr>`,
    )
    .join('');
  const d = m.decision;
  const plan = m.plan;
  const signature = m.visit.signedAt
    ? `Electronically signed by ${clinicianDisplay(m.signer)} on ${at(m.visit.signedAt)}. Red-flag catalog checked: ${m.visit.signedCatalogVersion ?? '—'}.`
    : 'NOT SIGNED — draft.';

  const body = `
<h1>Clinician note — video visit for back pain</h1>
<p class="muted">Generated ${esc(at(m.generatedAt))} · Visit ${esc(m.visit.id)}</p>
${statusBanner}
<div class="status">${esc(m.contentStatusLine)}</div>
${m.dataNotes.length > 0 ? `<h2>Values the rules could not use</h2><ul>${m.dataNotes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}

<h2>Patient and guardian</h2>
${dl([
  ['Patient', `${m.patient.childName}${m.patient.isDemo ? ' (DEMO patient, not a real person)' : ''}`],
  ['Date of birth', `${m.patient.dateOfBirth} (age ${m.ageText})`],
  ['Sex', m.patient.sex],
  ['Weight', `${fmt(m.patient.weightKg)} kg (recorded ${at(m.patient.weightRecordedAt)})`],
  ...m.guardians.map((g): [string, string] => ['Guardian', `${g.name}, ${g.phone}`]),
])}

<h2>Visit</h2>
${dl([
  ['Mode', 'Video (synchronous audio and video telehealth)'],
  ['Date', at(m.visit.startedAt ?? m.visit.scheduledStart)],
  ['Scheduled', at(m.visit.scheduledStart)],
  ['Started / ended', `${at(m.visit.startedAt)} / ${at(m.visit.endedAt)}`],
  ['Duration', m.durationText],
  ['Participants', m.participants.join('; ')],
  ['Reason', m.visit.reason],
  ['Status', m.visit.status.replace(/_/g, ' ')],
])}

<h2>Family intake</h2>
${
  m.intake && ans
    ? dl([
        ['Submitted', `${at(m.intake.submittedAt)} by ${m.intake.submittedBy} (${m.intake.language})`],
        ['Symptoms', ans.symptoms],
        ['Pain began', ans.onsetDate],
        ['Better / worse', ans.betterWorse],
        ['Medicines', ans.medicines],
        ['Questions', ans.questions],
        ['Pain today', ans.painScore ? `${ans.painScore.score}/10 (${ans.painScore.scale})` : null],
        ['Warning signs', positive.length ? `${positive.length} answered yes or unsure (below); ${noCount} answered no` : `${noCount} answered no; none yes or unsure`],
      ]) + (positive.length ? list(positive) : '')
    : '<p class="muted">No intake was submitted.</p>'
}

<h2>Movement observations (over video)</h2>
<p class="muted">Pain scale for this age: ${esc(m.painScale)}. Scores are kept on their own scale, never converted.</p>
<table><thead><tr><th>Movement</th><th>Findings</th><th>Pain</th><th>Side</th><th>Note</th></tr></thead><tbody>${obsRows}</tbody></table>
${m.estimates.length ? `<p class="muted">Camera estimates: ${esc(estimateLimits(m.estimates).join(' '))}</p>` : ''}

<h2>Not assessed</h2>
<table><thead><tr><th>Item</th><th>Why</th></tr></thead><tbody>${m.notAssessed.map((n) => `<tr><td>${esc(n.label)}</td><td>Not assessed — ${esc(n.why.toLowerCase())}</td></tr>`).join('')}</tbody></table>

<h2>Red-flag screen</h2>
<table><thead><tr><th>Red flag</th><th>Tier</th><th>State</th><th>Source</th><th>Evidence</th></tr></thead><tbody>${flagRows}</tbody></table>

<h2>Escalation decision</h2>
${
  d
    ? dl([
        ['Decision', `Tier ${d.tier}: ${d.tierInfo.name} (${d.tierInfo.meaning})`],
        ['Minimum by the rules', `Tier ${m.minimumTier}`],
        ['Rationale', d.rationale ?? 'None written'],
        ['Family was told', d.familyTold],
        ['Script for the family', d.tierInfo.familyScript.en],
        ['Decided', `${at(d.decidedAt)} by ${m.authors[d.decidedBy] ?? d.decidedBy}`],
      ])
    : '<p class="banner">No escalation decision recorded.</p>'
}

<h2>Plan</h2>
${
  plan
    ? `<h3>Analgesia</h3>${list(plan.analgesia.map((x) => `${doseWords(x)}${x.note ? ` Note: ${x.note}` : ''} For ${fmt(m.patient.weightKg)} kg.`), 'No medicine.')}
<h3>Advice given</h3>${list(plan.advice.map((a) => a.text?.en ?? a.id))}
<h3>Follow-up</h3>${dl([
        ['When', plan.followUp.when],
        ['With', plan.followUp.withWhom],
        ['Instructions', plan.followUp.instructions],
      ])}`
    : '<p class="muted">No plan recorded.</p>'
}

<h2>Addenda</h2>
${m.addenda.length ? m.addenda.map((a) => `<div class="keep"><p><b>${esc(at(a.createdAt))} — ${esc(m.authors[a.author] ?? a.author)}</b> · Reason: ${esc(a.reason)}</p><p>${esc(a.text)}</p></div>`).join('') : '<p class="muted">None.</p>'}

<div class="sig"><b>Signature.</b> ${esc(signature)}</div>
<p class="status">${esc(m.contentStatusLine)}</p>
`;
  return page('Clinician note', 'en', NOTE_CSS, body, m.draft);
}

// ---------------------------------------------------------------- family summary

const FAMILY_CSS = `
body { font-size: 15pt; line-height: 1.45; }
h1 { font-size: 24pt; } h2 { font-size: 18pt; }
.callout { border: 3px solid #1f3a5f; padding: 8px 12px; margin: 8px 0; font-size: 16pt; }
.disclaimer { border: 2px dashed #7a4b00; padding: 6px 10px; background: #fff6e0; }
.dose { font-size: 22pt; font-weight: bold; }
.tier-A { border-left: 10px solid #b00020; } .tier-B { border-left: 10px solid #d9480f; }
.tier-C { border-left: 10px solid #e8a100; } .tier-E { border-left: 10px solid #2b8a3e; }
.precaution { padding: 4px 10px; margin: 8px 0; break-inside: avoid; }
.exercises { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
.exercise { border: 1px solid #9aa7b4; padding: 6px; break-inside: avoid; font-size: 13pt; }
.small { font-size: 10pt; color: #333; }
.nw { white-space: nowrap; }
.columns ul { columns: 2; column-gap: 24px; margin: 4px 0; }
`;

/** Words for the family summary; the clinical texts themselves come from the content (familyAdvice, tier scripts). */
const T = {
  en: {
    title: 'After-visit summary',
    for: 'For',
    date: 'Visit date',
    clinician: 'Clinician',
    draft: 'DRAFT: this visit is not finished. Ask your clinician for the final summary.',
    now: 'What to do now',
    told: 'What your clinician told you',
    checked: 'What we checked on video',
    checkedIntro: 'We watched your child do these movements:',
    cannot: 'What video cannot check',
    cannotIntro: 'A video visit cannot replace an exam in person. We could not check:',
    medicine: 'Medicine',
    noMedicine: 'No medicine was suggested today.',
    product: 'Medicine',
    howMuch: 'How much each time',
    howOften: 'How often',
    everyHours: (a: number, b: number | null) => (b && b !== a ? `Every ${a} to ${b} hours, only if needed` : `Every ${a} hours, only if needed`),
    maxDay: 'Most in 24 hours',
    doses: (n: number) => `${n} doses`,
    stop: 'When to stop',
    stopOn: (date: string) => `Stop after ${date}, or sooner when the pain is better.`,
    stopDefault: 'Stop when the pain is better. Give it for a few days at most.',
    forWeight: (kg: string) => `This amount is for today's weight: ${kg} kg.`,
    home: 'Caring for the back at home',
    exercises: 'Gentle exercises',
    exercisesNote: 'Stop any exercise that makes the pain much worse.',
    precautions: 'When to get help',
    followUp: 'Follow-up',
    when: 'When',
    withWhom: 'With',
    notes: 'Notes',
    reviewLine: (v: string) => `The clinical content in this summary (version ${v}) has not yet been reviewed by a clinician.`,
    cannotItems: {
      reflexes: 'Reflexes (tapping the knees and ankles)',
      'formal-sensory-testing': 'Careful testing of feeling in the skin',
      'reliable-palpation': 'Pressing on the back by a clinician to find sore spots',
    } as Record<string, string>,
    drug: { acetaminophen: 'Acetaminophen (paracetamol)', ibuprofen: 'Ibuprofen' } as Record<string, string>,
    liquid: (mg: number, ml: number) => `liquid with ${fmt(mg)} mg in ${fmt(ml)} mL`,
    topics: { activity: 'Activity and school', comfort: 'Heat and ice', sleep: 'Sleep', exercise: 'Exercise', backpack: 'Backpack', medicine: 'Medicine safety', course: 'What to expect', 'follow-up': 'Pain diary' } as Record<string, string>,
  },
  es: {
    title: 'Resumen de la consulta',
    for: 'Para',
    date: 'Fecha de la consulta',
    clinician: 'Profesional',
    draft: 'BORRADOR: esta consulta no está terminada. Pida el resumen final a su profesional.',
    now: 'Qué hacer ahora',
    told: 'Lo que le dijo su profesional',
    checked: 'Lo que revisamos por video',
    checkedIntro: 'Vimos a su hijo o hija hacer estos movimientos:',
    cannot: 'Lo que el video no puede revisar',
    cannotIntro: 'Una consulta por video no reemplaza un examen en persona. No pudimos revisar:',
    medicine: 'Medicina',
    noMedicine: 'Hoy no se recomendó ninguna medicina.',
    product: 'Medicina',
    howMuch: 'Cuánto cada vez',
    howOften: 'Cada cuánto',
    everyHours: (a: number, b: number | null) => (b && b !== a ? `Cada ${a} a ${b} horas, solo si hace falta` : `Cada ${a} horas, solo si hace falta`),
    maxDay: 'Máximo en 24 horas',
    doses: (n: number) => `${n} dosis`,
    stop: 'Cuándo parar',
    stopOn: (date: string) => `Pare después del ${date}, o antes si el dolor mejora.`,
    stopDefault: 'Pare cuando el dolor mejore. Délo solo por unos días.',
    forWeight: (kg: string) => `Esta cantidad es para el peso de hoy: ${kg} kg.`,
    home: 'Cuidado de la espalda en casa',
    exercises: 'Ejercicios suaves',
    exercisesNote: 'Deje cualquier ejercicio que empeore mucho el dolor.',
    precautions: 'Cuándo buscar ayuda',
    followUp: 'Seguimiento',
    when: 'Cuándo',
    withWhom: 'Con',
    notes: 'Notas',
    reviewLine: (v: string) => `El contenido clínico de este resumen (versión ${v}) aún no ha sido revisado por un profesional clínico.`,
    cannotItems: {
      reflexes: 'Reflejos (golpecitos en las rodillas y los tobillos)',
      'formal-sensory-testing': 'Pruebas cuidadosas de la sensibilidad de la piel',
      'reliable-palpation': 'Presionar la espalda para encontrar puntos adoloridos',
    } as Record<string, string>,
    drug: { acetaminophen: 'Acetaminofén (paracetamol)', ibuprofen: 'Ibuprofeno' } as Record<string, string>,
    liquid: (mg: number, ml: number) => `líquido con ${fmt(mg)} mg en ${fmt(ml)} mL`,
    topics: { activity: 'Actividad y escuela', comfort: 'Calor y frío', sleep: 'Dormir', exercise: 'Ejercicio', backpack: 'Mochila', medicine: 'Medicinas con seguridad', course: 'Qué esperar', 'follow-up': 'Diario del dolor' } as Record<string, string>,
  },
} as const;

/** Plain names of the movements, for the family (the content's titles are clinical English). */
const MOVES: Record<string, Record<Language, string>> = {
  gait: { en: 'Walking', es: 'Caminar' },
  'standing-inspection': { en: 'Standing still, back to the camera', es: 'De pie, de espaldas a la cámara' },
  'adams-forward-bend': { en: 'Bending forward to touch the toes', es: 'Doblarse hacia adelante' },
  'lumbar-flexion': { en: 'Bending forward', es: 'Doblarse hacia adelante' },
  'lumbar-extension': { en: 'Bending backward', es: 'Doblarse hacia atrás' },
  'side-bend-left': { en: 'Bending to the left side', es: 'Doblarse hacia la izquierda' },
  'side-bend-right': { en: 'Bending to the right side', es: 'Doblarse hacia la derecha' },
  'rotation-left': { en: 'Turning to the left', es: 'Girar a la izquierda' },
  'rotation-right': { en: 'Turning to the right', es: 'Girar a la derecha' },
  'stork-left': { en: 'Standing on the left leg and leaning back', es: 'Pararse en la pierna izquierda e inclinarse atrás' },
  'stork-right': { en: 'Standing on the right leg and leaning back', es: 'Pararse en la pierna derecha e inclinarse atrás' },
  'heel-walk': { en: 'Walking on the heels', es: 'Caminar sobre los talones' },
  'toe-walk': { en: 'Walking on tiptoes', es: 'Caminar de puntillas' },
  'calf-raises': { en: 'Rising up on the toes', es: 'Subir en puntas de pie' },
  'squat-rise': { en: 'Squatting and standing up', es: 'Agacharse y levantarse' },
  palpation: { en: 'Pressing on the back (by you, guided by us)', es: 'Presionar la espalda (usted, con nuestra guía)' },
  'slump-slr': { en: 'Sitting and straightening a leg', es: 'Sentarse y estirar una pierna' },
  'saddle-bladder-bowel-history': { en: 'Questions about feeling, peeing and pooping', es: 'Preguntas sobre la sensibilidad, la orina y las heces' },
};

function medicineBlock(d: DoseLine, m: ExportModel, t: (typeof T)[Language]): string {
  const product = d.mgPerMl ? (clinicalContent.analgesics.products.find((p) => p.id === d.productId) ?? null) : null;
  const name = `${t.drug[d.drug] ?? d.drugName}${product ? ` — ${t.liquid(product.mg, product.ml)}` : ''}`;
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

/** The family's after-visit summary in English or Spanish. */
export function familyHtml(m: ExportModel, lang: Language): string {
  const t = T[lang];
  const advice = clinicalContent.familyAdvice;
  const disclaimer = advice.disclaimer[lang];
  const firstName = m.patient.childName.replace(/^Demo\s+/, '').split(/\s+/)[0] ?? m.patient.childName;
  const planAdvice = m.plan?.advice ?? [];
  const chosen = new Set(planAdvice.map((a) => a.id));
  const homeItems = advice.homeCare.filter((h) => chosen.has(h.id) && h.id !== 'medicine-short-course');
  const medicineSafety = advice.homeCare.find((h) => h.id === 'medicine-short-course');
  const checked = m.observations.filter((o) => o.status === 'recorded' && o.maneuverId !== 'setup').map((o) => MOVES[o.maneuverId]?.[lang] ?? o.title);
  const notAssessedMoves = m.observations.filter((o) => o.status === 'not_assessed').map((o) => MOVES[o.maneuverId]?.[lang] ?? o.title);
  const cannot = [...clinicalContent.maneuvers.cannotAssessOverVideo.map((c) => t.cannotItems[c.id] ?? c.label), ...notAssessedMoves];
  const uniq = (xs: string[]) => [...new Set(xs)];
  const tier = m.decision?.tierInfo;
  const analgesia = m.plan?.analgesia ?? [];

  const body = `
<h1>${esc(t.title)}</h1>
<p>${esc(t.for)}: <b>${esc(firstName)}</b>${m.patient.isDemo ? ' <span class="demo">DEMO</span>' : ''} · ${esc(t.date)}: ${esc(m.visitDate)} · ${esc(t.clinician)}: ${esc(clinicianDisplay(m.responsible))}</p>
${m.draft ? `<p class="banner">${esc(t.draft)}</p>` : ''}
<p class="disclaimer">${esc(disclaimer)}</p>

<h2>${esc(t.now)}</h2>
${tier ? `<div class="callout tier-${esc(tier.id)}">${esc(tier.familyScript[lang])}</div>` : ''}
${m.decision?.familyTold ? `<p><b>${esc(t.told)}:</b> ${esc(m.decision.familyTold)}</p>` : ''}

<h2>${esc(t.checked)}</h2>
<p>${esc(t.checkedIntro)}</p>
<div class="columns">${list(uniq(checked))}</div>

<h2>${esc(t.cannot)}</h2>
<p>${esc(t.cannotIntro)}</p>
${list(uniq(cannot))}

<h2>${esc(t.medicine)}</h2>
${analgesia.length ? analgesia.map((d) => medicineBlock(d, m, t)).join('') : `<p>${esc(t.noMedicine)}</p>`}
${analgesia.length && medicineSafety ? `<p>${esc(medicineSafety.text[lang])}</p>` : ''}

${
  homeItems.length
    ? `<h2>${esc(t.home)}</h2>${homeItems.map((h) => `<div class="keep"><h3>${esc(t.topics[h.topic] ?? h.topic)}</h3><p>${esc(h.text[lang])}</p></div>`).join('')}`
    : ''
}

${
  chosen.has('gentle-exercises')
    ? `<h2>${esc(t.exercises)}</h2><p>${esc(t.exercisesNote)}</p><div class="exercises">${EXERCISES.map(
        (e) => `<div class="exercise">${e.svg}<p><b>${esc(e.title[lang])}.</b> ${esc(e.steps[lang])}</p></div>`,
      ).join('')}</div>`
    : ''
}

<h2>${esc(t.precautions)}</h2>
${familyReturnPrecautions()
  .map((r) => `<div class="precaution tier-${esc(r.tier)}"><p><b>${esc(r.heading[lang])}</b></p>${r.signs[lang].length > 0 ? list(r.signs[lang]) : ''}</div>`)
  .join('')}

<h2>${esc(t.followUp)}</h2>
${
  m.plan
    ? `<p><b>${esc(t.when)}:</b> ${esc(m.plan.followUp.when ?? '—')}</p><p><b>${esc(t.withWhom)}:</b> ${esc(m.plan.followUp.withWhom ?? '—')}</p>` +
      (m.plan.followUp.instructions ? `<p><b>${esc(t.notes)}:</b> ${esc(m.plan.followUp.instructions)}</p>` : '')
    : '<p>—</p>'
}

<p class="disclaimer">${esc(disclaimer)}</p>
<p class="small">${esc(t.reviewLine(m.contentVersion))}</p>
<p class="small">${esc(m.contentStatusLine)}</p>
`;
  return page(t.title, lang, FAMILY_CSS, keepHyphenatedWords(body), m.draft);
}

/** Keep words like "in-person" on one line (a break after the hyphen reads badly and splits the word for copy and search). */
function keepHyphenatedWords(html: string): string {
  return html.replace(/>([^<]+)</g, (_m, text: string) => `>${text.replace(/([\p{L}\d]+(?:-[\p{L}\d]+)+)/gu, '<span class="nw">$1</span>')}<`);
}
