import type { Migration } from './types';

/**
 * A join link's role (the child's device, a second caregiver, an interpreter)
 * is stored with its token hash, so a link keeps its role across an app
 * restart. Links made before this step have no role (NULL): they are refused
 * as unknown rather than defaulted to "family", which would hand an
 * interpreter's link the guardian's consent and the intake.
 */
export const m0012JoinTokenRoles: Migration = {
  version: 12,
  name: '0012-join-token-roles',
  up(db) {
    db.exec(`
      ALTER TABLE join_tokens ADD COLUMN role TEXT CHECK (role IS NULL OR role IN ('family', 'caregiver', 'interpreter'));
    `);
  },
};
