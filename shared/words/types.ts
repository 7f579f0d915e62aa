/** The catalog's type: the shape of the English words (docs/i18n.md). */
import type { en } from './en';

export type Words = typeof en;
