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
import { estimateLimits, estimateText } from './estimates';
import { doseWords, fmt } from './fhir';
import { esc, page } from './html-page';
import { clinicianDisplay, flagStateWords, formatInstant, formatTime, SOURCE_WORDS, type ExportModel } from './model';

export { esc } from './html-page';
// The family summary lives in family-html.ts; re-exported for the callers that import it from here.
export { familyHtml, followUpDate } from './family-html';

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
  return lookup(WORDS.en.summary.topics, a.topic) ?? a.id.replace(/-/g, ' ');
}

