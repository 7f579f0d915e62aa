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
import { clinicianDisplay, flagStateWords, formatInstant, formatTime, SOURCE_WORDS, type DoseLine, type ExportModel } from './model';

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
body { font-size: 9.5pt; line-height: 1.3; }
h1 { font-size: 14pt; } h2 { font-size: 11pt; margin: 8px 0 3px; } h3 { font-size: 10pt; margin: 6px 0 2px; }
dl { display: grid; grid-template-columns: 11em 1fr; gap: 1px 8px; margin: 0; }
dt { font-weight: bold; } dd { margin: 0; }
p { margin: 2px 0; } ul { margin: 2px 0; padding-left: 18px; }
.present { color: #b00020; font-weight: bold; } .could_not_assess { color: #7a4b00; font-weight: bold; }
.sig { margin-top: 8px; border-top: 1px solid #111; padding-top: 4px; }
.head { display: grid; grid-template-columns: 1.1fr 1fr; gap: 0 16px; }
.head dl { grid-template-columns: 7.5em 1fr; }
.decision { border: 2px solid #1f3a5f; padding: 5px 8px; margin: 6px 0; }
.decision .tier { font-size: 12pt; font-weight: bold; }
.soap h2 { border-bottom: 1px solid #1f3a5f; }
.soap .letter { display: inline-block; width: 1.4em; }
.abnormal { font-weight: bold; }
.appendix { break-before: page; }
.appendix h2 { font-size: 10.5pt; }
.appendix table { font-size: 8.5pt; }
.status { padding: 3px 6px; margin: 4px 0; font-size: 8.5pt; }
`;

function list(items: string[], empty = 'None.'): string {
  return items.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : `<p class="muted">${esc(empty)}</p>`;
}

function dl(rows: [string, string | null | undefined][]): string {
  return `<dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v ?? '—')}</dd>`).join('')}</dl>`;
}

/** "Reflexes, formal sensory testing and reliable palpation". */
function joinWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** One observation's findings in a line: "Result: painful; Level: lumbar". */
function findingWords(o: ExportModel['observations'][number]): string {
  const title = o.title.toLowerCase();
  return o.findings
    .filter((f) => f.fieldId !== 'note' && f.fieldId !== 'side')
    .map((f) => {
      const label = f.label.replace(/:$/, '');
      // "Side bend to the right: limited", not "Side bend to the right: Side bend right: limited".
      return f.fieldId === 'result' || title.includes(label.toLowerCase()) || label.toLowerCase().split(' ').every((w) => title.includes(w)) ? f.value : `${label}: ${f.value}`;
    })
    .join('; ');
}

/**
 * The clinician note (English), read like a note: the decision, tier and
 * rationale at the top; then one page in SOAP order with abnormal findings
 * first and the pertinent negatives in one line; local times with the zone;
 * the full tables (movements, red flags, not assessed, intake, visit) in an
 * appendix that starts on a new page.
 */
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
  const d = m.decision;
  const plan = m.plan;
  const signature = m.visit.signedAt
    ? `Electronically signed by ${clinicianDisplay(m.signer)} on ${at(m.visit.signedAt)}. Red-flag catalog checked: ${m.visit.signedCatalogVersion ?? '—'}.`
    : 'NOT SIGNED — draft.';

  // Objective: abnormal first, then the pertinent negatives in one line.
  const recorded = m.observations.filter((o) => o.status === 'recorded');
  const abnormal = recorded.filter((o) => o.coarse !== 'normal');
  const normal = recorded.filter((o) => o.coarse === 'normal');
  const raised = m.flags.filter((f) => f.state === 'present');
  const unclear = m.flags.filter((f) => f.state === 'could_not_assess');
  const absent = m.flags.filter((f) => f.state === 'absent');
  const unscreened = m.flags.filter((f) => f.state === 'not_screened');
  const notAssessedMoves = m.notAssessed.filter((n) => n.why !== 'Cannot be done over video');
  const cannot = m.notAssessed.filter((n) => n.why === 'Cannot be done over video').map((n) => n.label.replace(/\s*\(.*\)$/, '').toLowerCase());
  const abnormalItems = [
    ...raised.map((f) => `<li class="abnormal">Red flag present (tier ${esc(f.tier)}): ${esc(f.label)}${f.evidence.length ? ` — ${esc(f.evidence.join(' · '))}` : ''}</li>`),
    ...abnormal.map(
      (o) =>
        `<li class="abnormal">${esc(o.title)}: ${esc(findingWords(o))}${o.side ? ` (${esc(o.side)})` : ''}${o.pain ? `; pain ${esc(`${o.pain.score}/10 ${o.pain.scale}`)}` : ''}${o.note ? ` — ${esc(o.note)}` : ''}</li>`,
    ),
    ...unclear.map((f) => `<li>Could not assess (tier ${esc(f.tier)}): ${esc(f.label)}${f.note ? ` — ${esc(f.note)}` : ''}</li>`),
  ];
  const negatives = [
    normal.length ? `normal over video (${normal.length}): ${normal.map((o) => o.title).join(', ')}` : null,
    absent.length ? `${absent.length} of ${m.flags.length} red flags absent${absent.some((f) => f.familyAbsence === 'unconfirmed') ? ` (${absent.filter((f) => f.familyAbsence === 'unconfirmed').length} per family only, not confirmed)` : ''}` : null,
    unscreened.length ? `${unscreened.length} red flags not screened` : null,
  ].filter((x): x is string => x !== null);

  const callLine =
    m.call.minutes === null
      ? 'No call recorded (no exam entries)'
      : `${m.call.minutes < 1 ? 'under 1 min' : `about ${m.call.minutes} min`}, ${formatTime(m.call.start, tz, false)}–${formatTime(m.call.end, tz)}`;

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

  const body = `
<h1>Clinician note — video visit for back pain</h1>
${statusBanner}
<div class="head">
${dl([
  ['Patient', `${m.patient.childName}${m.patient.isDemo ? ' (DEMO patient, not a real person)' : ''}`],
  ['Born / age / sex', `${m.patient.dateOfBirth} · ${m.ageText} · ${m.patient.sex}`],
  ['Weight', `${fmt(m.patient.weightKg)} kg (recorded ${at(m.patient.weightRecordedAt)})`],
])}
${dl([
  ['Visit', `${at(m.visit.startedAt ?? m.visit.scheduledStart)} · video`],
  ['Call', callLine],
  ['Clinician', clinicianDisplay(m.responsible)],
])}
</div>
<div class="decision keep">
${
  d
    ? `<p class="tier">Decision: Tier ${esc(d.tier)} — ${esc(d.tierInfo.name)} (${esc(d.tierInfo.meaning)})</p>` +
      `<p><b>Rationale:</b> ${esc(d.rationale ?? 'None written')}</p>` +
      `<p><b>Minimum tier by the rules:</b> ${esc(m.minimumTier)}${raised.length ? ` · raised: ${esc(raised.map((f) => f.label).join('; '))}` : ' · no red flag present'}</p>` +
      `<p><b>Family was told:</b> ${esc(d.familyTold ?? '—')}</p>`
    : '<p class="banner">No escalation decision recorded.</p>'
}
</div>
${m.dataNotes.length > 0 ? `<h2>Values the rules could not use</h2><ul>${m.dataNotes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}

<div class="soap">
<h2><span class="letter">S</span>Subjective (family intake)</h2>
${
  m.intake && ans
    ? `<p>${esc(ans.symptoms ?? '—')}${ans.onsetDate ? ` Pain began ${esc(ans.onsetDate)}.` : ''}${ans.betterWorse ? ` Better/worse: ${esc(ans.betterWorse)}.` : ''}${ans.painScore ? ` Pain today ${esc(`${ans.painScore.score}/10 (${ans.painScore.scale})`)}.` : ''}${ans.medicines ? ` Medicines: ${esc(ans.medicines)}.` : ''}</p>` +
      `<p>Warning signs: ${positive.length ? `<b>${esc(positive.join('; '))}</b>; ` : 'none answered yes or unsure; '}${esc(noCount)} answered no.${ans.questions ? ` Questions: ${esc(ans.questions)}` : ''}</p>`
    : '<p class="muted">No intake was submitted.</p>'
}
<h2><span class="letter">O</span>Objective (over video)</h2>
${abnormalItems.length ? `<ul>${abnormalItems.join('')}</ul>` : '<p>No abnormal finding recorded.</p>'}
<p><b>Pertinent negatives:</b> ${esc(negatives.length ? negatives.join('; ') : 'none recorded')}.</p>
<p><b>Not assessed:</b> ${esc(joinWords(cannot))} (cannot be done over video)${notAssessedMoves.length ? `; ${esc(notAssessedMoves.map((n) => `${n.label} (${n.why.toLowerCase()})`).join('; '))}` : ''}.</p>
<h2><span class="letter">A</span>Assessment</h2>
<p>${d ? `Tier ${esc(d.tier)}: ${esc(d.tierInfo.name)}.` : 'No decision recorded.'} Rules' minimum tier ${esc(m.minimumTier)}${raised.length ? ` (${esc(raised.map((f) => `${f.label}, tier ${f.tier}`).join('; '))})` : ''}.${unclear.length ? ` Could not assess: ${esc(unclear.map((f) => f.label).join('; '))}.` : ''}</p>
<h2><span class="letter">P</span>Plan</h2>
${
  plan
    ? `${plan.analgesia.length ? list(plan.analgesia.map((x) => `${doseWords(x)}${x.note ? ` Note: ${x.note}` : ''} For ${fmt(m.patient.weightKg)} kg.`)) : '<p>No medicine.</p>'}` +
      `<p><b>Advice:</b> ${esc(plan.advice.length ? plan.advice.map((a) => adviceLabel(a)).join('; ') : 'none')}.</p>` +
      `<p><b>Follow-up:</b> ${esc([plan.followUp.when, plan.followUp.withWhom ? `with ${plan.followUp.withWhom}` : null, plan.followUp.instructions].filter(Boolean).join(' — ') || '—')}</p>`
    : '<p class="muted">No plan recorded.</p>'
}
${d ? `<p><b>Script for the family:</b> ${esc(d.tierInfo.familyScript.en)}</p>` : ''}
</div>

${m.addenda.length ? `<h2>Addenda</h2>${m.addenda.map((a) => `<div class="keep"><p><b>${esc(at(a.createdAt))} — ${esc(m.authors[a.author] ?? a.author)}</b> · Reason: ${esc(a.reason)}</p><p>${esc(a.text)}</p></div>`).join('')}` : ''}

<div class="sig"><b>Signature.</b> ${esc(signature)}</div>
<p class="status">${esc(m.contentStatusLine)}</p>
<p class="muted">Times are local (${esc(tz)}). Generated ${esc(at(m.generatedAt))} · Visit ${esc(m.visit.id)}</p>

<section class="appendix">
<h1>Appendix — full record</h1>
<h2>A1. Movement observations (over video)</h2>
<p class="muted">Pain scale for this age: ${esc(m.painScale)}. Scores are kept on their own scale, never converted.</p>
<table><thead><tr><th>Movement</th><th>Findings</th><th>Pain</th><th>Side</th><th>Note</th></tr></thead><tbody>${obsRows}</tbody></table>
${m.estimates.length ? `<p class="muted">Camera estimates: ${esc(estimateLimits(m.estimates).join(' '))}</p>` : ''}

<h2>A2. Red-flag screen</h2>
<table><thead><tr><th>Red flag</th><th>Tier</th><th>State</th><th>Source</th><th>Evidence</th></tr></thead><tbody>${flagRows}</tbody></table>

<h2>A3. Not assessed</h2>
<table><thead><tr><th>Item</th><th>Why</th></tr></thead><tbody>${m.notAssessed.map((n) => `<tr><td>${esc(n.label)}</td><td>Not assessed — ${esc(n.why.toLowerCase())}</td></tr>`).join('')}</tbody></table>

<h2>A4. Family intake</h2>
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

<h2>A5. Visit, patient and guardian</h2>
${dl([
  ['Mode', 'Video (synchronous audio and video telehealth)'],
  ['Scheduled', at(m.visit.scheduledStart)],
  ['Started / ended', `${at(m.visit.startedAt)} / ${at(m.visit.endedAt)}`],
  ['Duration', m.durationText],
  ['How the call is timed', 'From the first to the last exam entry in the record (admission consent, observations, stills, red flags the clinician assessed). The console does not store when the call was joined and left.'],
  ['Participants', m.participants.join('; ')],
  ['Reason', m.visit.reason],
  ['Status', m.visit.status.replace(/_/g, ' ')],
  ...m.guardians.map((g): [string, string] => ['Guardian', `${g.name}, ${g.phone}`]),
])}
${
  d
    ? `<h2>A6. Escalation decision</h2>${dl([
        ['Decision', `Tier ${d.tier}: ${d.tierInfo.name} (${d.tierInfo.meaning})`],
        ['Minimum by the rules', `Tier ${m.minimumTier}`],
        ['Decided', `${at(d.decidedAt)} by ${m.authors[d.decidedBy] ?? d.decidedBy}`],
      ])}`
    : ''
}
${plan ? `<h2>A7. Advice given (full text)</h2>${list(plan.advice.map((a) => a.text?.en ?? a.id))}` : ''}
<p class="status">${esc(m.contentStatusLine)}</p>
</section>
`;
  return page('Clinician note', 'en', NOTE_CSS, body, m.draft);
}

/** A short label for an advice item: its topic in words, else its id. */
function adviceLabel(a: { id: string; topic: string | null }): string {
  return T.en.topics[a.topic ?? ''] ?? a.id.replace(/-/g, ' ');
}

// ---------------------------------------------------------------- family summary

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
    callUs: 'Questions or worse? Call us',
    yourClinic: 'your clinic',
    noPhone: 'Call your clinic (the number is on your appointment letter).',
    warning: 'Warning signs: when to get help',
    followUpOn: (date: string) => `Follow-up: ${date}`,
    clinicDefault: (days: number) => `(if the pain is not better; ${days} days after the visit)`,
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
    callUs: '¿Preguntas o empeora? Llámenos',
    yourClinic: 'su clínica',
    noPhone: 'Llame a su clínica (el número está en su cita).',
    warning: 'Señales de alarma: cuándo buscar ayuda',
    followUpOn: (date: string) => `Seguimiento: ${date}`,
    clinicDefault: (days: number) => `(si el dolor no mejora; ${days} días después de la consulta)`,
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
  'injury-history': { en: 'Questions about a recent fall or injury', es: 'Preguntas sobre una caída o lesión reciente' },
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
    if (days > 0 && days <= 366) return { date: addDaysTo(m.visitDate, days), source: 'plan' };
  }
  const tier = m.decision?.tier;
  if (m.clinic.followUpDays > 0 && (tier === 'D' || tier === 'E')) return { date: addDaysTo(m.visitDate, m.clinic.followUpDays), source: 'clinic' };
  return null;
}

function addDaysTo(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
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
<p>${esc(t.for)}: <b>${esc(firstName)}</b>${m.patient.isDemo ? ' <span class="demo">DEMO</span>' : ''} · ${esc(t.date)}: ${esc(longDate(m.visitDate, lang))} · ${esc(t.clinician)}: ${esc(clinicianDisplay(m.responsible))}</p>
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
    ? `<h2>${esc(t.home)}</h2>${homeItems.map((h) => `<div class="keep"><p><b>${esc(t.topics[h.topic] ?? h.topic)}.</b> ${esc(h.text[lang])}</p></div>`).join('')}`
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
<p class="small">${esc(m.contentStatusLine)}</p>
</section>
`;
  return page(t.title, lang, FAMILY_CSS, keepHyphenatedWords(body), m.draft);
}

/** Keep words like "in-person" on one line (a break after the hyphen reads badly and splits the word for copy and search). */
function keepHyphenatedWords(html: string): string {
  return html.replace(/>([^<]+)</g, (_m, text: string) => `>${text.replace(/([\p{L}\d]+(?:-[\p{L}\d]+)+)/gu, '<span class="nw">$1</span>')}<`);
}
