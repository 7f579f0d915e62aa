/**
 * Simple illustrated exercises for the family summary: inline SVG line
 * drawings (no external resources) with short captions in English and Spanish.
 *
 * NOTE for the content owner: these captions are not yet part of the cited
 * clinical content (resources/clinical/family-advice.json has only the general
 * "gentle-exercises" item). They are common gentle back exercises written in
 * plain words; they should move into the content files with citations and be
 * reviewed with the rest. The export prints them only when the clinician chose
 * the "gentle-exercises" advice item.
 */
import type { Language } from '../../../shared/clinical';

export interface Exercise {
  id: string;
  title: Record<Language, string>;
  steps: Record<Language, string>;
  svg: string;
}

const frame = (body: string, label: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 110" width="200" height="110" role="img" aria-label="${label}">` +
  `<g fill="none" stroke="#1f3a5f" stroke-width="4" stroke-linecap="round" stroke-linejoin="round">${body}</g>` +
  `<line x1="5" y1="100" x2="195" y2="100" stroke="#9aa7b4" stroke-width="2"/></svg>`;

export const EXERCISES: Exercise[] = [
  {
    id: 'knee-hug',
    title: { en: 'Knee hug', es: 'Abrazar la rodilla' },
    steps: {
      en: 'Lie on your back. Pull one knee gently toward your chest. Hold for 10 slow breaths. Switch legs.',
      es: 'Acuéstate boca arriba. Lleva una rodilla con suavidad hacia el pecho. Aguanta 10 respiraciones lentas. Cambia de pierna.',
    },
    svg: frame(
      '<circle cx="30" cy="88" r="9"/><line x1="39" y1="92" x2="110" y2="94"/><line x1="110" y1="94" x2="170" y2="96"/>' +
        '<line x1="110" y1="94" x2="95" y2="55"/><line x1="95" y1="55" x2="70" y2="70"/><line x1="55" y1="92" x2="80" y2="62"/>',
      'Knee hug',
    ),
  },
  {
    id: 'cat-camel',
    title: { en: 'Cat and camel', es: 'Gato y camello' },
    steps: {
      en: 'Get on your hands and knees. Slowly round your back up like a cat, then let it sag a little. Do this 10 times.',
      es: 'Ponte en cuatro patas. Arquea la espalda hacia arriba despacio, como un gato, y luego déjala bajar un poco. Hazlo 10 veces.',
    },
    svg: frame(
      '<circle cx="45" cy="52" r="9"/><path d="M55 55 Q100 25 145 55"/><line x1="62" y1="58" x2="62" y2="98"/>' +
        '<line x1="140" y1="55" x2="150" y2="98"/><line x1="150" y1="98" x2="175" y2="98"/>',
      'Cat and camel',
    ),
  },
  {
    id: 'bridge',
    title: { en: 'Bridge', es: 'Puente' },
    steps: {
      en: 'Lie on your back with your knees bent. Lift your bottom off the floor. Hold for 5 seconds, then lower. Do this 10 times.',
      es: 'Acuéstate boca arriba con las rodillas dobladas. Levanta la cadera del suelo. Aguanta 5 segundos y baja. Hazlo 10 veces.',
    },
    svg: frame(
      '<circle cx="28" cy="90" r="9"/><line x1="37" y1="92" x2="55" y2="92"/><line x1="55" y1="92" x2="110" y2="62"/>' +
        '<line x1="110" y1="62" x2="135" y2="98"/><line x1="135" y1="98" x2="150" y2="98"/><line x1="50" y1="92" x2="75" y2="98"/>',
      'Bridge',
    ),
  },
  {
    id: 'walk',
    title: { en: 'Short walks', es: 'Caminatas cortas' },
    steps: {
      en: 'Walk at an easy pace for 10 to 15 minutes, once or twice a day.',
      es: 'Camina a paso tranquilo de 10 a 15 minutos, una o dos veces al día.',
    },
    svg: frame(
      '<circle cx="100" cy="18" r="9"/><line x1="100" y1="27" x2="100" y2="62"/><line x1="100" y1="62" x2="82" y2="98"/>' +
        '<line x1="100" y1="62" x2="120" y2="98"/><line x1="100" y1="38" x2="82" y2="55"/><line x1="100" y1="38" x2="118" y2="55"/>',
      'Short walks',
    ),
  },
];
