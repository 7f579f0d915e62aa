import type { Page } from '@playwright/test';
import { test, expect, shot } from './support/fixtures';
import { ALL_NO, goToManeuver, openRoom, seedVisit } from './support/visit-room';
import './support/preload-shim-types';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const flag = (page: Page, id: string) => page.getByTestId(`flag-${id}`);
const saved = (page: Page) => expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');

test.describe('visit room', () => {
  test('a red-flag visit: the finding raises the flag, closing is blocked and says why, a tier is chosen, the visit is signed, stays locked after a reload and takes an addendum', async ({
    app: page,
    main,
  }) => {
    const { visitId } = await seedVisit(main, {
      childName: 'Leo Redflag',
      intake: { onsetDate: daysAgo(5), painScore: { scale: 'NRS-11', score: 5 }, warningSigns: ALL_NO },
    });
    await openRoom(page, visitId);
    await expect(page.getByTestId('patient-name')).toHaveText('Leo Redflag');
    await expect(page.getByRole('heading', { name: 'Video visit' })).toBeVisible();

    // Set-up: keys 1 (adequate); general appearance by its button.
    await page.keyboard.press('1');
    await saved(page);
    await page.getByRole('button', { name: 'Well', exact: true }).click();
    await expect(flag(page, 'appears-very-ill')).toHaveAttribute('data-state', 'absent');
    await shot(page, 'room-checklist');

    // Walking: N to move on, P 3 pain, then 1 normal, which moves on; Shift+N back to it.
    await page.keyboard.press('n');
    await expect(page.locator('#maneuver-title')).toContainText('Walking');
    await page.keyboard.press('p');
    await page.keyboard.press('3');
    await page.keyboard.press('1');
    await expect(page.locator('#maneuver-title')).toContainText('Standing, back to the camera');
    await page.keyboard.press('Shift+N');
    await expect(page.getByRole('button', { name: 'Pain 3 of 10 (NRS-11)' })).toHaveAttribute('aria-pressed', 'true');
    await saved(page);

    // The child cannot heel-walk: 2 (unable), L (left).
    await goToManeuver(page, 'Heel walk');
    await page.keyboard.press('2');
    await page.keyboard.press('l');
    await expect(page.getByRole('button', { name: /Left/ })).toHaveAttribute('aria-pressed', 'true');
    await saved(page);
    const weakness = flag(page, 'leg-weakness');
    await expect(weakness).toHaveAttribute('data-state', 'present');
    await expect(weakness).toContainText('Observed on video');
    await expect(weakness).toContainText('Heel walk: unable');
    await expect(page.getByTestId('minimum-tier')).toContainText('B');
    await expect(page.getByTestId('minimum-tier')).toContainText('Same-day in person');

    // Remaining unscreened flags: two from the checklist, two from the panel.
    await goToManeuver(page, 'Squat and rise; sit to stand');
    await page.keyboard.press('1');
    await expect(page.locator('#maneuver-title')).not.toContainText('Squat');
    await goToManeuver(page, 'Parent-guided palpation');
    await page.keyboard.press('1');
    await expect(page.locator('#maneuver-title')).not.toContainText('palpation');
    await flag(page, 'posterior-element-pain').getByRole('radio', { name: 'Absent' }).click();
    await expect(flag(page, 'posterior-element-pain')).toHaveAttribute('data-state', 'absent');
    await expect(page.getByTestId('flag-group-not_screened')).toHaveCount(0);

    // Closing is blocked, in words; the store refuses too.
    const signButton = page.getByRole('button', { name: 'Sign and close' });
    await expect(signButton).toBeDisabled();
    await expect(page.getByTestId('gate-reasons')).toContainText('Record an escalation decision');
    await shot(page, 'room-gate-blocked');
    const direct = await page.evaluate((id) => window.consoleApi.signVisit({ visitId: id }), visitId);
    expect(direct).toMatchObject({ ok: false, error: { code: 'GATE_BLOCKED' } });

    // The escalation dialog: the minimum tier is preselected; a less urgent tier needs a rationale.
    await page.getByRole('button', { name: 'Record decision…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Escalation decision' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('radio', { name: /Same-day in person/ })).toBeChecked();
    await expect(dialog.getByRole('radio', { name: /Same-day in person/ })).toBeFocused();
    await expect(dialog.getByLabel(/What the family was told/)).toHaveValue(/seen in person today/);
    await dialog.getByRole('radio', { name: /In person within 24 h/ }).check();
    await dialog.getByRole('button', { name: 'Record decision' }).click();
    await expect(dialog.locator('#rationale-error')).toContainText('less urgent than the minimum tier B');
    await expect(dialog.getByLabel(/What the family was told/)).toHaveValue(/within the next 24 hours/);
    await shot(page, 'escalation-dialog');
    await dialog.getByRole('radio', { name: /Same-day in person/ }).check();
    await dialog.getByRole('button', { name: 'Record decision' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Decision: tier B (change)' })).toBeFocused();

    // Content 0.2: the family's "no" answers wait for the clinician, and so do the movements never examined.
    await expect(page.getByTestId('gate-reasons')).toContainText("absent only by the family's answers, not confirmed");
    await expect(page.getByTestId('minimum-tier-provisional')).toBeVisible();
    await page.getByRole('button', { name: /I went over the family's answers with them/ }).click();
    await expect(page.getByTestId('family-answers')).toHaveCount(0);
    await page.getByLabel(/Why were these not examined/).fill('Child too sore to continue on video.');
    await page.getByRole('button', { name: 'Record as not examined' }).click();
    await expect(page.getByTestId('not-examined')).toHaveCount(0);
    await expect(page.getByTestId('minimum-tier-provisional')).toHaveCount(0);

    // Same-day in person (tier B) needs where the child is and a call-back number (issue 16), confirmed under the video.
    await expect(page.getByTestId('gate-reasons')).toContainText('where the child is and a call-back number');
    const check = page.getByTestId('call-check');
    await expect(check.getByLabel('Call-back number')).toHaveValue('+1 555 010 2000');
    await check.getByLabel('Where the child is now').fill('At home, 12 Elm Street');
    await check.getByRole('button', { name: 'Confirm location and number' }).click();
    await expect(page.getByTestId('call-check-location')).toHaveText('At home, 12 Elm Street');

    // Now it can close.
    await expect(page.getByTestId('gate-reasons')).toContainText('Ready to sign.');
    await signButton.click();
    await expect(page.getByTestId('visit-status')).toHaveText('Signed');
    await expect(page.getByTestId('signed-record')).toBeVisible();
    await expect(page.getByTestId('signed-decision')).toContainText('Tier B');
    await shot(page, 'room-signed');

    // After a reload (and a restart of the store) the visit is locked: read-only, addenda only.
    await main.restart();
    await page.reload();
    await expect(page.getByTestId('signed-record')).toBeVisible();
    await expect(page.getByTestId('checklist')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Sign and close' })).toHaveCount(0);
    await expect(flag(page, 'leg-weakness').getByRole('radio', { name: 'Absent' })).toHaveCount(0);
    const edit = await page.evaluate(
      (id) => window.consoleApi.recordObservation({ visitId: id, maneuverId: 'heel-walk', values: { result: 'able' } }),
      visitId,
    );
    expect(edit.ok).toBe(false);

    await page.getByRole('button', { name: 'Add addendum' }).click();
    await expect(page.locator('#addendum-reason-error')).toHaveText('Give a reason for the addendum.');
    await page.getByLabel('Reason').fill('Late information');
    await page.getByLabel('Addendum', { exact: true }).fill('Mother called: the weakness began two days ago.');
    await page.getByRole('button', { name: 'Add addendum' }).click();
    const addendum = page.getByTestId('addendum');
    await expect(addendum).toHaveCount(1);
    await expect(addendum).toContainText('Dr Robin Test, MD');
    await expect(addendum).toContainText('Late information');
    await shot(page, 'room-addendum');

    const row = main.db.prepare(`SELECT status, signed_by FROM visits WHERE id = ?`).get(visitId) as { status: string; signed_by: string };
    expect(row.status).toBe('signed');
    const decision = main.db.prepare(`SELECT tier, family_told FROM escalation_decisions WHERE visit_id = ?`).get(visitId) as
      | { tier: string; family_told: string }
      | undefined;
    expect(decision?.tier).toBe('B');
  });

  test('a visit with no flags closes with the home-care tier E', async ({ app: page, main }) => {
    const { visitId } = await seedVisit(main, { childName: 'Ada Noflag', intake: { onsetDate: daysAgo(3), warningSigns: ALL_NO } });
    await openRoom(page, visitId);
    // The four flags only a look can answer: two by keys, two from the panel.
    await page.getByRole('button', { name: 'Well', exact: true }).click();
    await expect(page.getByTestId('save-status')).toContainText('Not saved yet: choose exam quality');
    await page.keyboard.press('1');
    await expect(page.locator('#maneuver-title')).toContainText('Walking');
    await goToManeuver(page, 'Bend backward');
    await page.keyboard.press('1');
    await expect(page.locator('#maneuver-title')).not.toContainText('Bend backward');
    for (const id of ['functional-disability', 'midline-bony-tenderness']) {
      await flag(page, id).getByRole('radio', { name: 'Absent' }).click();
      await expect(flag(page, id)).toHaveAttribute('data-state', 'absent');
    }
    await expect(page.getByTestId('minimum-tier')).toContainText('E');
    await expect(page.getByTestId('gate-reasons')).toContainText('Record an escalation decision');
    // The family's answers gone over with them; the movements not examined skipped with a reason (content 0.2).
    await page.getByRole('button', { name: /I went over the family's answers with them/ }).click();
    await page.getByLabel(/Why were these not examined/).fill('Well child, pain settling; parent declined the rest.');
    await page.getByRole('button', { name: 'Record as not examined' }).click();
    await expect(page.getByTestId('not-examined')).toHaveCount(0);

    await page.getByRole('button', { name: 'Record decision…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Escalation decision' });
    await expect(dialog.getByRole('radio', { name: /Home care/ })).toBeChecked();
    // Skipped movements leave their flags "could not assess": home care then needs a rationale.
    await dialog.getByLabel(/Rationale/).fill('Walks, bends and squats normally at home per parent; safety net given.');
    await dialog.getByRole('button', { name: 'Record decision' }).click();
    await expect(dialog).toBeHidden();
    await page.getByRole('button', { name: 'Sign and close' }).click();
    await expect(page.getByTestId('visit-status')).toHaveText('Signed');
    await expect(page.getByTestId('signed-decision')).toContainText('Tier E');
    await shot(page, 'room-signed-home-care');
    const decision = main.db.prepare(`SELECT tier FROM escalation_decisions WHERE visit_id = ?`).get(visitId) as { tier: string };
    expect(decision.tier).toBe('E');
  });

  test('the whole checklist from the keyboard: skip with a reason, back, note, no shortcuts while typing; entries survive a reload', async ({
    app: page,
    main,
  }) => {
    const { visitId } = await seedVisit(main, { intake: { warningSigns: ALL_NO } });
    await openRoom(page, visitId);
    await page.keyboard.press('1');
    await saved(page);
    await page.keyboard.press('Enter');
    await expect(page.locator('#maneuver-title')).toContainText('Walking');

    // S: skip with the default reason; the checklist moves on.
    await page.keyboard.press('s');
    await expect(page.getByLabel('Why is this movement skipped?')).toBeFocused();
    await expect(page.getByLabel('Why is this movement skipped?')).toHaveValue('Could not assess over video');
    await shot(page, 'room-checklist-skip');
    await page.keyboard.press('Enter');
    await expect(page.locator('#maneuver-title')).toContainText('Standing, back to the camera');
    await expect(page.locator('#maneuver-title')).toBeFocused();
    // Shift+N goes back: the walk is recorded as not assessed, with the reason as its note.
    await page.keyboard.press('Shift+N');
    await expect(page.locator('#maneuver-title')).toContainText('Walking');
    await expect(page.locator('#maneuver-title')).toContainText('Skipped');
    await expect(page.getByRole('button', { name: /Not assessed/ })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByLabel(/^Note/)).toHaveValue('Could not assess over video');
    // The family said no, but a walk that could not be judged is doubt, and doubt outranks a "no".
    await expect(flag(page, 'cannot-walk')).toHaveAttribute('data-state', 'could_not_assess');
    // The clinician changes their mind: 3 = limp, and a note; digits typed into the note are text, not findings.
    await page.keyboard.press('3');
    await saved(page);
    await page.keyboard.press('/');
    await expect(page.getByLabel(/^Note/)).toBeFocused();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Limps on the left 12 steps');
    await page.keyboard.press('Escape');
    await saved(page);
    await expect(page.getByTestId('checklist').getByRole('button', { name: /Limp/ })).toHaveAttribute('aria-pressed', 'true');
    await expect(flag(page, 'limp-or-altered-gait')).toHaveAttribute('data-state', 'present');

    // The rules raised the limp flag; marking it absent needs a note.
    await flag(page, 'limp-or-altered-gait').getByRole('radio', { name: 'Absent' }).click();
    await flag(page, 'limp-or-altered-gait').getByRole('button', { name: 'Save as absent' }).click();
    await expect(flag(page, 'limp-or-altered-gait').getByRole('alert')).toContainText('Say why');
    await flag(page, 'limp-or-altered-gait').getByLabel(/Why is it absent/).fill('Old ankle sprain, not the back');
    await flag(page, 'limp-or-altered-gait').getByRole('button', { name: 'Save as absent' }).click();
    await expect(flag(page, 'limp-or-altered-gait')).toHaveAttribute('data-state', 'absent');
    await expect(flag(page, 'limp-or-altered-gait')).toContainText('Rules said: Present');
    await expect(flag(page, 'limp-or-altered-gait')).toContainText('Old ankle sprain');

    // A reload (a crash, a restart): everything shown as saved is there.
    await main.restart();
    await page.reload();
    await expect(page.getByTestId('checklist')).toBeVisible();
    await goToManeuver(page, 'Walking');
    await expect(page.getByTestId('checklist').getByRole('button', { name: /Limp/ })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByLabel(/^Note/)).toHaveValue('Limps on the left 12 steps');
    const stored = main.db.prepare(`SELECT fields_json FROM observations WHERE visit_id = ? AND maneuver_id = 'gait'`).get(visitId) as { fields_json: string };
    expect(JSON.parse(stored.fields_json)).toEqual({ result: 'limp', note: 'Limps on the left 12 steps' });
  });

  test('the plan: advice, a confirmed dose from the visit weight, follow-up, the body map by keyboard, and pain across visits', async ({ app: page, main }) => {
    // A reload and screenshots at two sizes on a shared, loaded machine.
    test.setTimeout(180_000);
    const { visitId, patientId } = await seedVisit(main, {
      childName: 'Ben Plan',
      weightKg: 38,
      intake: { painScore: { scale: 'NRS-11', score: 6 }, warningSigns: ALL_NO },
    });
    // An earlier visit of the same child, with its own pain score.
    const earlier = await main.services.visits.schedule({ patientId, scheduledStart: new Date(Date.now() - 20 * 86_400_000).toISOString(), durationMinutes: 20 });
    await main.services.intakes.save(earlier.id, JSON.stringify({ painScore: { scale: 'FPS-R', score: 8 }, warningSigns: ALL_NO }), 'en', 'family');
    await openRoom(page, visitId);
    await page.getByRole('tab', { name: 'Plan' }).click();
    await expect(page.getByRole('tab', { name: 'Plan' })).toHaveAttribute('aria-selected', 'true');

    // Short advice labels, the full text the family receives on demand.
    await expect(page.getByTestId('plan-status')).toContainText('Each change saves as you make it');
    await page.getByText('Full text', { exact: true }).first().click();
    await expect(page.getByText(/Keep your child gently active and at school/)).toBeVisible();
    await page.getByRole('checkbox', { name: 'Stay gently active, keep at school', exact: true }).check();
    await expect(page.getByTestId('plan-status')).toHaveAttribute('data-state', 'saved');
    // The weight carries its date.
    await expect(page.getByTestId('plan-weight')).toContainText(/38 kg, recorded .*\d{4}/);
    await page.getByLabel('Medicine', { exact: true }).selectOption('acetaminophen');
    const result = page.getByTestId('dose-result');
    await expect(result).toContainText('mL');
    await expect(result).toContainText('in 24 hours');
    // The product and its strength in full beside the mL dose, and again under "I confirm".
    await expect(page.getByTestId('dose-main')).toContainText(/mL of Acetaminophen oral suspension 160 mg \/ 5 mL/);
    await expect(page.getByTestId('dose-confirm-what')).toContainText('Acetaminophen oral suspension 160 mg / 5 mL for a weight of 38 kg');
    await expect(page.getByRole('button', { name: 'Add to plan' })).toBeDisabled();
    await page.getByLabel('I confirm this dose, product and weight').check();
    await page.getByRole('button', { name: 'Add to plan' }).click();
    await expect(page.getByRole('list', { name: 'Pain medicine in the plan' })).toContainText('Acetaminophen');
    await page.getByLabel('When', { exact: true }).fill('In 1 week if not better');
    await page.getByLabel('With whom').fill('Family doctor');

    // Body map from the keyboard: focus a region, Space toggles it.
    await page.getByRole('checkbox', { name: 'Lower back, centre' }).focus();
    await page.keyboard.press('Space');
    await expect(page.getByRole('checkbox', { name: 'Lower back, centre' })).toHaveAttribute('aria-checked', 'true');
    await page.getByRole('checkbox', { name: 'Buttock, left' }).click();

    // Pain across visits: one series per scale, never converted.
    const chart = page.getByTestId('pain-chart');
    await expect(chart.locator('[data-scale="NRS-11"] circle')).toHaveCount(1);
    await expect(chart.locator('[data-scale="FPS-R"] circle')).toHaveCount(1);
    // The time axis is dated (issue 16): the first tick names its day and year.
    await expect(chart.getByTestId('pain-chart-date').first()).toHaveText(/\d{1,2}.*\d{4}|\d{4}.*\d{1,2}/);
    // No Save button: every change saved itself.
    await expect(page.getByRole('button', { name: 'Save plan' })).toHaveCount(0);
    await expect(page.getByTestId('plan-status')).toHaveAttribute('data-state', 'saved');
    await expect(page.getByTestId('plan-status')).toContainText(/^Saved /);
    await shot(page, 'room-plan');

    const plan = main.db.prepare(`SELECT * FROM plans WHERE visit_id = ?`).get(visitId) as Record<string, string> | undefined;
    expect(plan).toBeTruthy();
    const state = await main.services.visitRoom.state(visitId);
    expect(state.plan?.adviceIds).toEqual(['stay-active']);
    expect(state.plan?.bodyMap.sort()).toEqual(['buttock-left', 'lower-back-center']);
    expect(state.plan?.analgesia[0]).toMatchObject({ drug: 'acetaminophen', confirmed: true });
    expect(state.plan?.followUp).toMatchObject({ when: 'In 1 week if not better', withWhom: 'Family doctor' });

    // Reload the room: the plan is there, as typed.
    await page.reload();
    await openRoom(page, visitId);
    await page.getByRole('tab', { name: 'Plan' }).click();
    await expect(page.getByRole('checkbox', { name: 'Stay gently active, keep at school', exact: true })).toBeChecked();
    await expect(page.getByLabel('When', { exact: true })).toHaveValue('In 1 week if not better');
    await expect(page.getByLabel('With whom')).toHaveValue('Family doctor');
    await expect(page.getByRole('list', { name: 'Pain medicine in the plan' })).toContainText('Acetaminophen oral suspension 160 mg / 5 mL');
    await expect(page.getByRole('checkbox', { name: 'Buttock, left' })).toHaveAttribute('aria-checked', 'true');

    // The changed screen at both sizes the issue names, one advice text open.
    await page.getByRole('group', { name: 'Home-care advice for the family' }).getByText('Full text', { exact: true }).first().click();
    for (const [width, height] of [[1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      await expect(page.getByTestId('dose-main')).toBeVisible();
      await shot(page, `room-plan-${width}x${height}`);
    }
  });

  test('the plan saves as it is typed; a refused save says so, keeps the typed text, and Retry saves it', async ({ app: page, main }) => {
    test.setTimeout(180_000);
    const { visitId } = await seedVisit(main, { childName: 'Ada Autosave', intake: { warningSigns: ALL_NO } });
    await openRoom(page, visitId);
    await page.getByRole('tab', { name: 'Plan' }).click();
    const status = page.getByTestId('plan-status');
    // Where the clinician types what the family reads: the language to write it in, tied to each field.
    await expect(page.getByTestId('family-language-notice')).toHaveText('The family reads English: write what they will read (what they were told, follow-up) in English.');
    await expect(page.getByLabel('Instructions')).toHaveAccessibleDescription(/The family reads English/);

    // Typing alone saves, after a pause, without leaving the field.
    await page.getByLabel('Instructions').fill('Call if the pain wakes her at night');
    await expect(status).toHaveAttribute('data-state', 'saved');
    expect((await main.services.visitRoom.state(visitId)).plan?.followUp.instructions).toBe('Call if the pain wakes her at night');

    // The store refuses the next save (a real SQLite failure on this connection).
    main.db.exec(`CREATE TEMP TRIGGER refuse_plan BEFORE UPDATE ON plans BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    await page.getByLabel('With whom').fill('Dr Osei, physiotherapy');
    await page.getByLabel('With whom').blur();
    await expect(status).toHaveAttribute('data-state', 'error');
    await expect(status.getByRole('alert')).toContainText('Not saved');
    await expect(status.getByRole('alert')).toContainText('What you entered is still here.');
    await expect(page.getByLabel('With whom')).toHaveValue('Dr Osei, physiotherapy');
    expect((await main.services.visitRoom.state(visitId)).plan?.followUp.withWhom ?? null).toBeNull();
    for (const [width, height] of [[1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      await shot(page, `room-plan-save-error-${width}x${height}`);
    }

    main.db.exec(`DROP TRIGGER refuse_plan`);
    await status.getByRole('button', { name: 'Retry saving' }).click();
    await expect(status).toHaveAttribute('data-state', 'saved');
    expect((await main.services.visitRoom.state(visitId)).plan?.followUp.withWhom).toBe('Dr Osei, physiotherapy');

    await page.reload();
    await openRoom(page, visitId);
    await page.getByRole('tab', { name: 'Plan' }).click();
    await expect(page.getByLabel('With whom')).toHaveValue('Dr Osei, physiotherapy');
    await expect(page.getByLabel('Instructions')).toHaveValue('Call if the pain wakes her at night');
  });
  test('issue 16 item 8 keys: every finding by key, the flags by F and one key per row, the decision by D; the store holds what the keys chose, and no key acts while typing', async ({
    app: page,
    main,
  }) => {
    test.setTimeout(120_000);
    const { visitId } = await seedVisit(main, { childName: 'Kai Keys', intake: { onsetDate: daysAgo(3), warningSigns: ALL_NO } });
    await openRoom(page, visitId);
    const state = () => main.services.visitRoom.state(visitId);
    const title = page.locator('#maneuver-title');

    // Set-up: G then 1 (general appearance well), 1 (exam quality adequate): all chosen and normal, so on to Walking.
    await expect(page.getByTestId('checklist').locator('fieldset[data-field="generalAppearance"] legend kbd')).toHaveText('G');
    await page.keyboard.press('g');
    await expect(page.getByTestId('checklist').locator('fieldset[data-field="generalAppearance"]')).toContainText('then 1–3');
    await page.keyboard.press('1');
    await expect(page.getByRole('button', { name: 'Well', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(title).toContainText('Set-up');
    await page.keyboard.press('1');
    await expect(title).toContainText('Walking');
    await expect.poll(async () => (await state()).observations.setup?.values).toEqual({ examQuality: 'adequate', generalAppearance: 'well' });

    // An abnormal finding stays for the side and the pain: heel walk 3 (asymmetric), R.
    await goToManeuver(page, 'Heel walk');
    await page.keyboard.press('3');
    await page.keyboard.press('r');
    await expect(title).toContainText('Heel walk');
    await expect.poll(async () => (await state()).observations['heel-walk']?.values).toEqual({ result: 'asymmetric', side: 'right' });

    // Saddle, bladder and bowel: U 2 (urine change yes) stays; T 1 stool no; 1 saddle no.
    await goToManeuver(page, 'Saddle numbness, bladder and bowel');
    const urine = page.getByTestId('checklist').locator('fieldset[data-field="urineChange"]');
    const stool = page.getByTestId('checklist').locator('fieldset[data-field="stoolChange"]');
    await expect(urine.locator('legend kbd')).toHaveText('U');
    await expect(stool.locator('legend kbd')).toHaveText('T');
    await page.keyboard.press('u');
    await page.keyboard.press('2');
    await page.keyboard.press('t');
    await page.keyboard.press('1');
    await page.keyboard.press('1');
    await expect(urine.getByRole('button', { name: /Yes/ })).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(async () => (await state()).observations['saddle-bladder-bowel-history']?.values).toEqual({
      saddleNumbness: 'no',
      urineChange: 'yes',
      stoolChange: 'no',
    });
    await expect(flag(page, 'bladder-bowel-change')).toHaveAttribute('data-state', 'present');

    // Typing in the note: letters and digits are text, not keys (no field armed, no flag, no dialog, no admit).
    await page.keyboard.press('/');
    await expect(page.getByLabel(/^Note/)).toBeFocused();
    await page.keyboard.type('u1 t1 g2 f a d w ? 3');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect.poll(async () => (await state()).observations['saddle-bladder-bowel-history']?.values).toEqual({
      saddleNumbness: 'no',
      urineChange: 'yes',
      stoolChange: 'no',
      note: 'u1 t1 g2 f a d w ? 3',
    });

    // F: the family's answers first (Enter confirms them), then focus on the first flag not yet screened.
    await page.keyboard.press('f');
    await expect(page.getByRole('button', { name: /I went over the family's answers with them/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('family-answers')).toHaveCount(0);
    const focusedFlag = () => page.evaluate(() => document.activeElement?.closest('li.flag')?.getAttribute('data-flag') ?? null);
    await expect.poll(focusedFlag).not.toBeNull();
    const first = (await focusedFlag())!;
    expect(await flag(page, first).getAttribute('data-state')).toBe('not_screened');
    // The segmented control is a radio group; arrows move focus only, they record nothing.
    await expect(flag(page, first).getByRole('radiogroup')).toHaveCount(1);
    await page.keyboard.press('ArrowRight');
    await expect(flag(page, first).getByRole('radio', { name: 'Absent' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    const second = (await focusedFlag())!;
    expect(second).not.toBe(first);
    await page.keyboard.press('ArrowUp');
    expect(await focusedFlag()).toBe(first);
    expect((await state()).flags.find((f) => f.id === first)?.state).toBe('not_screened');
    // A: absent, recorded by the clinician; focus moves on to the next flag not yet screened. C: could not assess.
    await page.keyboard.press('a');
    await expect(flag(page, first)).toHaveAttribute('data-state', 'absent');
    await expect.poll(focusedFlag).toBe(second);
    await page.keyboard.press('c');
    await expect(flag(page, second)).toHaveAttribute('data-state', 'could_not_assess');
    const flags = (await state()).flags;
    expect(flags.find((f) => f.id === first)).toMatchObject({ state: 'absent', source: 'clinician' });
    expect(flags.find((f) => f.id === second)).toMatchObject({ state: 'could_not_assess', source: 'clinician' });
    await expect(flag(page, first).getByRole('radio', { name: 'Absent' })).toHaveAttribute('aria-checked', 'true');

    // ?: every key in one table; D: the decision dialog on the minimum tier; Escape returns focus to "Record decision…".
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keys in the visit room' });
    await expect(help).toContainText('Admit the waiting family');
    await shot(page, 'room-keys-help');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
    await page.keyboard.press('d');
    const dialog = page.getByRole('dialog', { name: 'Escalation decision' });
    await expect(dialog.getByRole('radio', { checked: true })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: /^Record decision…/ })).toBeFocused();
  });
});
