import type { Migration } from './types';

/**
 * The guardian's e-mail on file (issue 16, item 3): so "Send by e-mail"
 * addresses the join link to the guardian instead of leaving the mail app's
 * "To" empty. Optional (NULL for every guardian before this step, and for
 * anyone who gives none); when present it is one plain address, bounded, with
 * none of the characters that would let a mailto: URL carry a second
 * recipient or a header (`shared/domain/patient.ts` checks the same shape
 * first and says why in words; this CHECK is the last guard).
 *
 * Contact details only: the address is not part of the clinical record, the
 * signed snapshot (0009) or any export.
 */
export const m0020GuardianEmail: Migration = {
  version: 20,
  name: '0020-guardian-email',
  up(db) {
    db.exec(`
      ALTER TABLE guardians ADD COLUMN email TEXT CHECK (
        email IS NULL OR (
          length(email) BETWEEN 6 AND 254
          AND email GLOB '?*@?*.?*'
          AND email NOT GLOB '*[^A-Za-z0-9.@_+-]*'
          AND email NOT GLOB '*@*@*'
        )
      );
    `);
  },
};
