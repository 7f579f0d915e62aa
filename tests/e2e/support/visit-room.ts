/** Helpers for the visit-room, home, session and a11y specs: seed a patient and visit in the real store, open the room. */
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { WARNING_SIGN_IDS, type TierId } from '../../../shared/clinical';
import type { TestMain } from './main-process';

export const ALL_NO = Object.fromEntries(WARNING_SIGN_IDS.map((id) => [id, 'no']));

/** A family intake: pain since `daysAgo` days, every warning sign answered no. */
export const quietIntake = (daysAgo = 3) => ({ onsetDate: new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10), warningSigns: ALL_NO });

/** Hand every main-process event to the page, as the preload does in the app (exports' progress, deliveries…). */
export function forwardEvents(main: TestMain, page: Page): void {
  main.onEvent((event, payload) => {
    void page.evaluate(([e, p]) => window.__consoleEmit(e, p), [event, payload] as const).catch(() => undefined);
  });
}

export interface SeedOptions {
  childName?: string;
  dateOfBirth?: string;
  weightKg?: number;
  /** Minutes from now; negative for a past visit. */
  startInMinutes?: number;
  reason?: string;
  /** The family's answers (saved as if sent from the join page); none when omitted. */
  intake?: Record<string, unknown>;
  language?: 'en' | 'es';
}

/** A patient and a visit in the real store (through the services, as the app would write them). */
export async function seedVisit(main: TestMain, options: SeedOptions = {}): Promise<{ patientId: string; visitId: string }> {
  const patient = await main.services.patients.create({
    childName: options.childName ?? 'Mia Example',
    dateOfBirth: options.dateOfBirth ?? '2014-04-12',
    sex: 'female',
    weightKg: options.weightKg ?? 38,
    guardianName: 'Ana Example',
    guardianPhone: '+1 555 010 2000',
  });
  const visit = await main.services.visits.schedule({
    patientId: patient.id,
    scheduledStart: new Date(Date.now() + (options.startInMinutes ?? 5) * 60_000).toISOString(),
    durationMinutes: 30,
    ...(options.reason ? { reason: options.reason } : {}),
  });
  if (options.intake) await main.services.intakes.save(visit.id, JSON.stringify(options.intake), options.language ?? 'en', 'family');
  return { patientId: patient.id, visitId: visit.id };
}

/** Open the visit room and wait until the checklist is ready for keys. */
export async function openRoom(page: Page, visitId: string): Promise<void> {
  await page.evaluate((id) => {
    window.location.hash = `#/visit/${id}`;
  }, visitId);
  await expect(page.getByTestId('checklist').or(page.getByTestId('signed-record'))).toBeVisible();
}

/** Go to a maneuver through the "All movements" list. */
export async function goToManeuver(page: Page, title: string): Promise<void> {
  const list = page.locator('details.maneuver-list');
  if (!(await list.evaluate((d: HTMLDetailsElement) => d.open))) await list.locator('summary').click();
  await list.getByRole('button', { name: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`) }).click();
  await expect(page.locator('#maneuver-title')).toContainText(title);
}

/** The number of saves the room has rendered. */
export async function savedSeq(page: Page): Promise<number> {
  return Number(await page.getByTestId('checklist').getAttribute('data-saved-seq'));
}

/** Minutes from now that stay on today's local date (a visit "today" even just before midnight). */
export function todayOffsetMinutes(): number {
  const now = new Date();
  const later = new Date(now.getTime() + 5 * 60_000);
  return later.getDate() === now.getDate() ? 5 : -5;
}

/** The signed-in test clinician's id (the harness sets the session up). */
/**
 * Sign a visit through the services: every flag not yet screened marked
 * absent, the family's answers confirmed (content 0.2), the movements not
 * examined skipped with `skipReason`, `decision` taken. Answers the signed state.
 */
/** Everything signing needs, through the services: flags absent, answers confirmed, the rest skipped with `skipReason`, the decision. Answers the actor. */
export async function prepareForSigning(main: TestMain, visitId: string, options: SignOptions): Promise<string> {
  const actor = await clinicianId(main);
  const state = await main.services.visitRoom.open(visitId, actor);
  for (const f of state.flags.filter((x) => x.state === 'not_screened')) {
    await main.services.visitRoom.assessFlag(visitId, { flagId: f.id, state: 'absent' }, actor);
  }
  await main.services.visitRoom.confirmFamilyAnswers(visitId, actor);
  await main.services.visitRoom.skipNotExamined(visitId, options.skipReason, actor);
  await main.services.visitRoom.decide(visitId, options.decision, actor);
  return actor;
}

export interface SignOptions {
  skipReason: string;
  decision: { tier: TierId; rationale: string; familyTold: string };
}

export async function signThroughServices(main: TestMain, visitId: string, options: SignOptions) {
  const actor = await prepareForSigning(main, visitId, options);
  return main.services.visitRoom.sign(visitId, actor);
}

/** A visit seen by phone (no video), home care (tier E) with `rationale`. */
export const phoneVisit = (rationale: string): SignOptions => ({
  skipReason: 'Phone visit: no video.',
  decision: { tier: 'E', rationale, familyTold: 'Home care; call if not better in 2 weeks.' },
});

/** A visit seen by phone, signed with home care (tier E) and `rationale`. */
export async function signPhoneVisit(main: TestMain, visitId: string, rationale: string): Promise<void> {
  await signThroughServices(main, visitId, phoneVisit(rationale));
}

export async function clinicianId(main: TestMain): Promise<string> {
  const [c] = await main.services.clinicians.list();
  if (!c) throw new Error('no clinician');
  return c.id;
}
