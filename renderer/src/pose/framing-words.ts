/**
 * The framing check's status in words, as the family's card shows it and the
 * clinician's preview repeats it (issue 17). Only these words travel to the
 * family; the landmarks they come from stay in the clinician's window. The
 * words live in the family's catalog (`familyPage.framing`, docs/i18n.md).
 */
import type { FramingStatus, MovementView } from '../../../shared/pose/framing';
import type { Language } from '../../../shared/signaling/intake';
import { WORDS } from '../../../shared/words';

export function framingWords(status: FramingStatus, view: MovementView, lang: Language): string {
  const words = WORDS[lang].familyPage.framing;
  return status === 'face-camera' ? words['face-camera'][view] : words[status];
}
