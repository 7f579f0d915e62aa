import { z } from 'zod';
import { IsoDateTime, RecordId, SearchText, StoredDate } from './common';
import { SEXES } from './patient';

/** A visit's life: booked, family in the waiting room, call running, decision pending, signed (locked). */
export const VISIT_STATUSES = ['scheduled', 'waiting', 'in_progress', 'awaiting_decision', 'signed'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export const VISIT_LIMITS = { reasonMax: 500, minMinutes: 5, maxMinutes: 120, pageSizeMax: 100, searchMax: 100 } as const;

export const ScheduleVisitInput = z.strictObject({
  patientId: RecordId,
  scheduledStart: IsoDateTime,
  durationMinutes: z
    .number({ error: 'Enter the length in minutes.' })
    .int({ error: 'Use whole minutes.' })
    .min(VISIT_LIMITS.minMinutes, { error: `A visit lasts ${VISIT_LIMITS.minMinutes} to ${VISIT_LIMITS.maxMinutes} minutes.` })
    .max(VISIT_LIMITS.maxMinutes, { error: `A visit lasts ${VISIT_LIMITS.minMinutes} to ${VISIT_LIMITS.maxMinutes} minutes.` }),
  reason: z
    .string()
    .trim()
    .max(VISIT_LIMITS.reasonMax, { error: `The reason must be ${VISIT_LIMITS.reasonMax} characters or fewer.` })
    .optional(),
});
export type ScheduleVisitInput = z.infer<typeof ScheduleVisitInput>;

export const VisitListItem = z.strictObject({
  id: RecordId,
  patientId: RecordId,
  childName: z.string(),
  dateOfBirth: StoredDate,
  sex: z.enum(SEXES),
  scheduledStart: z.string(),
  durationMinutes: z.number().int(),
  reason: z.string().nullable(),
  status: z.enum(VISIT_STATUSES),
  /** A demo patient's visit (first run), shown with a DEMO badge. */
  isDemo: z.boolean().optional(),
});
export type VisitListItem = z.infer<typeof VisitListItem>;

export const VisitListQuery = z.strictObject({
  status: z.enum(VISIT_STATUSES).optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  search: SearchText(VISIT_LIMITS.searchMax).optional(),
  limit: z.number().int().min(1).max(VISIT_LIMITS.pageSizeMax).optional(),
  /** Opaque cursor from the previous page. */
  cursor: z.string().max(200).optional(),
});
export type VisitListQuery = z.infer<typeof VisitListQuery>;

export const VisitListPage = z.strictObject({
  items: z.array(VisitListItem),
  nextCursor: z.string().nullable(),
});
export type VisitListPage = z.infer<typeof VisitListPage>;
