/**
 * The clinician note (English) as self-contained
 * HTML with a print stylesheet (US Letter). No scripts, no external resources:
 * the printer loads the page with JavaScript off and every request blocked.
 * Every piece of text goes through esc().
 *
 * Unsigned visits print with a DRAFT watermark on every page.
 */
import { clinicalContent } from '../../../shared/clinical';
import { lookup, WORDS } from '../../../shared/words';
import { NOTE } from '../../../shared/words/note';
import { estimateLimits, estimateText } from './estimates';
import { doseWords, fmt } from './fhir';
import { esc, page } from './html-page';
import { clinicianDisplay, flagStateWords, formatInstant, formatTime, SOURCE_WORDS, type ExportModel } from './model';

export { esc } from './html-page';
// The family summary lives in family-html.ts; re-exported for the callers that import it from here.
export { familyHtml, followUpDate } from './family-html';

const t = NOTE;

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

function list(items: string[], empty: string = t.none): string {
  return items.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : `<p class="muted">${esc(empty)}</p>`;
}

/** A table's header row. */
function columns(names: readonly string[]): string {
  return `<thead><tr>${names.map((n) => `<th>${n}</th>`).join('')}</tr></thead>`;
}

function dl(rows: [string, string | null | undefined][]): string {
  return `<dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v ?? '—')}</dd>`).join('')}</dl>`;
}

/** "Reflexes, formal sensory testing and reliable palpation". */
function joinWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return t.lastOf(items.slice(0, -1).join(', '), items.at(-1)!);
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
      ? `<div class="banner">${t.draftBanner}</div>`
      : m.status === 'amended'
        ? `<div class="banner">${t.amendedBanner}</div>`
        : '';
  const d = m.decision;
  const plan = m.plan;
  const signature = m.visit.signedAt
    ? t.signedBy(clinicianDisplay(m.signer), at(m.visit.signedAt), m.visit.signedCatalogVersion ?? '—')
    : t.notSigned;

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
    ...raised.map((f) => `<li class="abnormal">${t.objective.redFlag(esc(f.tier), esc(f.label))}${f.evidence.length ? ` — ${esc(f.evidence.join(' · '))}` : ''}</li>`),
    ...abnormal.map(
      (o) =>
        `<li class="abnormal">${esc(o.title)}: ${esc(findingWords(o))}${o.side ? ` (${esc(o.side)})` : ''}${o.pain ? t.objective.pain(esc(`${o.pain.score}/10 ${o.pain.scale}`)) : ''}${o.note ? ` — ${esc(o.note)}` : ''}</li>`,
    ),
    ...unclear.map((f) => `<li>${t.objective.couldNotAssess(esc(f.tier), esc(f.label))}${f.note ? ` — ${esc(f.note)}` : ''}</li>`),
  ];
  const negatives = [
    normal.length ? t.objective.normal(normal.length, normal.map((o) => o.title).join(', ')) : null,
    absent.length ? `${t.objective.absent(absent.length, m.flags.length)}${absent.some((f) => f.familyAbsence === 'unconfirmed') ? t.objective.familyOnly(absent.filter((f) => f.familyAbsence === 'unconfirmed').length) : ''}` : null,
    unscreened.length ? t.objective.unscreened(unscreened.length) : null,
  ].filter((x): x is string => x !== null);

  const callLine =
    m.call.minutes === null
      ? t.head.noCall
      : `${m.call.minutes < 1 ? t.head.underAMinute : t.head.aboutMinutes(m.call.minutes)}, ${formatTime(m.call.start, tz, false)}–${formatTime(m.call.end, tz)}`;

  const obsRows = m.observations
    .map((o) => {
      const findings = o.status === 'not_recorded' ? t.appendix.notDone : o.status === 'not_assessed' ? t.appendix.notJudged : o.findings.map((f) => `${f.label}: ${f.value}`).join('; ');
      // Issue 17: camera estimates print beside the finding they were attached to, never in its place.
      const estimates = m.estimates.filter((e) => e.maneuverId === o.maneuverId).map((e) => `<div class="estimate">${esc(estimateText(e))}</div>`).join('');
      return `<tr><td>${esc(o.title)}</td><td>${esc(findings)}${estimates}</td><td>${o.pain ? esc(`${o.pain.score}/10 (${o.pain.scale})`) : '—'}</td><td>${esc(o.side ?? '—')}</td><td>${esc(o.note ?? '')}</td></tr>`;
    })
    .join('');
  const flagRows = m.flags
    .map(
      (f) =>
        `<tr><td>${esc(f.label)}</td><td>${esc(f.tier)}</td><td class="${esc(f.state)}">${esc(flagStateWords(f))}</td><td>${esc(f.source ? SOURCE_WORDS[f.source] : '—')}</td>` +
        `<td>${esc([...f.evidence, ...(f.note ? [t.appendix.flagNote(f.note)] : [])].join(' · '))}</td></tr>`,
    )
    .join('');

  const body = `
<h1>${t.heading}</h1>
${statusBanner}
<div class="head">
${dl([
  [t.head.patient, `${m.patient.childName}${m.patient.isDemo ? t.head.demoPatient : ''}`],
  [t.head.born, `${m.patient.dateOfBirth} · ${m.ageText} · ${m.patient.sex}`],
  [t.head.weight, t.head.weightValue(fmt(m.patient.weightKg), at(m.patient.weightRecordedAt))],
])}
${dl([
  [t.head.visit, t.head.visitValue(at(m.visit.startedAt ?? m.visit.scheduledStart))],
  [t.head.call, callLine],
  [t.head.clinician, clinicianDisplay(m.responsible)],
])}
</div>
<div class="decision keep">
${
  d
    ? `<p class="tier">${t.decision.line(esc(d.tier), esc(d.tierInfo.name), esc(d.tierInfo.meaning))}</p>` +
      `<p><b>${t.decision.rationale}</b> ${esc(d.rationale ?? t.decision.noneWritten)}</p>` +
      `<p><b>${t.decision.minimum}</b> ${esc(m.minimumTier)}${raised.length ? t.decision.raised(esc(raised.map((f) => f.label).join('; '))) : t.decision.noFlag}</p>` +
      `<p><b>${t.decision.familyTold}</b> ${esc(d.familyTold ?? '—')}</p>`
    : `<p class="banner">${t.decision.none}</p>`
}
</div>
${m.dataNotes.length > 0 ? `<h2>${t.dataNotes}</h2><ul>${m.dataNotes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}

<div class="soap">
<h2><span class="letter">S</span>${t.subjective.title}</h2>
${
  m.intake && ans
    ? `<p>${esc(ans.symptoms ?? '—')}${ans.onsetDate ? t.subjective.painBegan(esc(ans.onsetDate)) : ''}${ans.betterWorse ? t.subjective.betterWorse(esc(ans.betterWorse)) : ''}${ans.painScore ? t.subjective.painToday(esc(`${ans.painScore.score}/10 (${ans.painScore.scale})`)) : ''}${ans.medicines ? t.subjective.medicines(esc(ans.medicines)) : ''}</p>` +
      `<p>${t.subjective.warningSigns}${positive.length ? `<b>${esc(positive.join('; '))}</b>; ` : t.subjective.noneYes}${t.subjective.answeredNo(esc(noCount))}${ans.questions ? t.subjective.questions(esc(ans.questions)) : ''}</p>`
    : `<p class="muted">${t.noIntake}</p>`
}
<h2><span class="letter">O</span>${t.objective.title}</h2>
${abnormalItems.length ? `<ul>${abnormalItems.join('')}</ul>` : `<p>${t.objective.noAbnormal}</p>`}
<p><b>${t.objective.negatives}</b> ${esc(negatives.length ? negatives.join('; ') : t.objective.noNegatives)}.</p>
<p><b>${t.objective.notAssessed}</b> ${esc(joinWords(cannot))}${t.objective.cannot}${notAssessedMoves.length ? `; ${esc(notAssessedMoves.map((n) => `${n.label} (${n.why.toLowerCase()})`).join('; '))}` : ''}.</p>
<h2><span class="letter">A</span>${t.assessment.title}</h2>
<p>${d ? t.assessment.tier(esc(d.tier), esc(d.tierInfo.name)) : t.assessment.noDecision}${t.assessment.minimum(esc(m.minimumTier))}${raised.length ? ` (${esc(raised.map((f) => t.assessment.flagTier(f.label, f.tier)).join('; '))})` : ''}.${unclear.length ? t.assessment.couldNotAssess(esc(unclear.map((f) => f.label).join('; '))) : ''}</p>
<h2><span class="letter">P</span>${t.plan.title}</h2>
${
  plan
    ? `${plan.analgesia.length ? list(plan.analgesia.map((x) => `${doseWords(x)}${x.note ? t.plan.doseNote(x.note) : ''}${t.plan.forWeight(fmt(m.patient.weightKg))}`)) : `<p>${t.plan.noMedicine}</p>`}` +
      `<p><b>${t.plan.advice}</b> ${esc(plan.advice.length ? plan.advice.map((a) => adviceLabel(a)).join('; ') : t.plan.noAdvice)}.</p>` +
      `<p><b>${t.plan.followUp}</b> ${esc([plan.followUp.when, plan.followUp.withWhom ? t.plan.withWhom(plan.followUp.withWhom) : null, plan.followUp.instructions].filter(Boolean).join(' — ') || '—')}</p>`
    : `<p class="muted">${t.plan.none}</p>`
}
${d ? `<p><b>${t.plan.script}</b> ${esc(d.tierInfo.familyScript.en)}</p>` : ''}
</div>

${m.addenda.length ? `<h2>${t.addenda}</h2>${m.addenda.map((a) => `<div class="keep"><p><b>${esc(at(a.createdAt))} — ${esc(m.authors[a.author] ?? a.author)}</b> · ${t.reason}${esc(a.reason)}</p><p>${esc(a.text)}</p></div>`).join('')}` : ''}

<div class="sig"><b>${t.signature}</b> ${esc(signature)}</div>
<p class="status">${esc(m.contentStatusLine)}</p>
<p class="muted">${t.times(esc(tz), esc(at(m.generatedAt)), esc(m.visit.id))}</p>

<section class="appendix">
<h1>${t.appendix.title}</h1>
<h2>${t.appendix.observations}</h2>
<p class="muted">${t.appendix.painScale(esc(m.painScale))}</p>
<table>${columns(t.appendix.observationColumns)}<tbody>${obsRows}</tbody></table>
${m.estimates.length ? `<p class="muted">${t.appendix.estimates(esc(estimateLimits(m.estimates).join(' ')))}</p>` : ''}

<h2>${t.appendix.flags}</h2>
<table>${columns(t.appendix.flagColumns)}<tbody>${flagRows}</tbody></table>

<h2>${t.appendix.notAssessed}</h2>
<table>${columns(t.appendix.notAssessedColumns)}<tbody>${m.notAssessed.map((n) => `<tr><td>${esc(n.label)}</td><td>${t.appendix.notAssessedWhy(esc(n.why.toLowerCase()))}</td></tr>`).join('')}</tbody></table>

<h2>${t.appendix.intake}</h2>
${
  m.intake && ans
    ? dl([
        [t.appendix.submitted, t.appendix.submittedValue(at(m.intake.submittedAt), m.intake.submittedBy, m.intake.language)],
        [t.appendix.symptoms, ans.symptoms],
        [t.appendix.painBegan, ans.onsetDate],
        [t.appendix.betterWorse, ans.betterWorse],
        [t.appendix.medicines, ans.medicines],
        [t.appendix.questions, ans.questions],
        [t.appendix.painToday, ans.painScore ? `${ans.painScore.score}/10 (${ans.painScore.scale})` : null],
        [t.appendix.warningSigns, positive.length ? t.appendix.someYes(positive.length, noCount) : t.appendix.noneYes(noCount)],
      ]) + (positive.length ? list(positive) : '')
    : `<p class="muted">${t.noIntake}</p>`
}

<h2>${t.appendix.visit}</h2>
${dl([
  [t.appendix.mode, t.appendix.modeValue],
  [t.appendix.scheduled, at(m.visit.scheduledStart)],
  [t.appendix.startedEnded, `${at(m.visit.startedAt)} / ${at(m.visit.endedAt)}`],
  [t.appendix.duration, m.durationText],
  [t.appendix.howTimed, t.appendix.howTimedValue],
  [t.appendix.participants, m.participants.join('; ')],
  [t.appendix.reason, m.visit.reason],
  [t.appendix.status, m.visit.status.replace(/_/g, ' ')],
  ...m.guardians.map((g): [string, string] => [t.appendix.guardian, `${g.name}, ${g.phone}`]),
])}
${
  d
    ? `<h2>${t.appendix.decision}</h2>${dl([
        [t.appendix.decisionLabel, t.appendix.decisionValue(d.tier, d.tierInfo.name, d.tierInfo.meaning)],
        [t.appendix.minimum, WORDS.en.labels.tier(m.minimumTier)],
        [t.appendix.decided, t.appendix.decidedValue(at(d.decidedAt), m.authors[d.decidedBy] ?? d.decidedBy)],
      ])}`
    : ''
}
${plan ? `<h2>${t.appendix.advice}</h2>${list(plan.advice.map((a) => a.text?.en ?? a.id))}` : ''}
<p class="status">${esc(m.contentStatusLine)}</p>
</section>
`;
  return page(t.title, 'en', NOTE_CSS, body, m.draft);
}

/** A short label for an advice item: its topic in words, else its id. */
function adviceLabel(a: { id: string; topic: string | null }): string {
  return lookup(WORDS.en.summary.topics, a.topic) ?? a.id.replace(/-/g, ' ');
}

