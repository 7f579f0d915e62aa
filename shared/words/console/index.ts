/**
 * The console's words (docs/i18n.md): one section per part of the renderer
 * (`renderer/src/<dir>` reads `CONSOLE.<section>`, as `const t = CONSOLE.<section>`),
 * plus `common` for the words every part says the same way. Typed: reading a
 * key that does not exist is a type error. English only: the console is
 * English; the family page and the family's summary are in the family's
 * language (`WORDS`, shared/words/index.ts).
 */
import { app } from './app';
import { checklist } from './checklist';
import { clinic } from './clinic';
import { common } from './common';
import { ehr } from './ehr';
import { exporting } from './export';
import { patients } from './patients';
import { plan } from './plan';
import { pose } from './pose';
import { redFlags } from './red-flags';
import { session } from './session';
import { video } from './video';
import { visitRoom } from './visit-room';
import { visitServer } from './visit-server';
import { visits } from './visits';

export const CONSOLE = { common, app, checklist, clinic, ehr, export: exporting, patients, plan, pose, redFlags, session, video, visitRoom, visitServer, visits };
export type ConsoleWords = typeof CONSOLE;
