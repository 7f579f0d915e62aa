/**
 * The framing check's status in words, as the family's card shows it and the
 * clinician's preview repeats it (issue 17). Only these words travel to the
 * family; the landmarks they come from stay in the clinician's window.
 */
import type { FramingStatus, MovementView } from '../../../shared/pose/framing';
import type { Language } from '../../../shared/signaling/intake';

const WORDS: Record<Language, Record<Exclude<FramingStatus, 'face-camera'>, string> & { 'face-camera': Record<MovementView, string> }> = {
  en: {
    'in-view': 'Whole body in view ✓',
    'step-back': 'Step back: we need to see the whole body, head to feet',
    'turn-side': 'Turn side-on to the camera',
    'face-camera': { front: 'Turn to face the camera', back: 'Turn your back to the camera', side: 'Turn to face the camera' },
    'no-person': 'We cannot see anyone: step into the picture',
  },
  es: {
    'in-view': 'Se ve todo el cuerpo ✓',
    'step-back': 'Aléjense un poco: necesitamos ver todo el cuerpo, de la cabeza a los pies',
    'turn-side': 'Pónganse de lado a la cámara',
    'face-camera': { front: 'Pónganse de frente a la cámara', back: 'Pónganse de espaldas a la cámara', side: 'Pónganse de frente a la cámara' },
    'no-person': 'No se ve a nadie: pónganse delante de la cámara',
  },
};

export function framingWords(status: FramingStatus, view: MovementView, lang: Language): string {
  const words = WORDS[lang];
  return status === 'face-camera' ? words['face-camera'][view] : words[status];
}
