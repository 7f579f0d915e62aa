/**
 * Short clinician-facing labels for the home-care advice (issue 16 item 4):
 * the list stays scannable and the full, cited text the family receives is
 * one disclosure away. These are UI labels, not clinical content: the text
 * that goes home is always `familyAdvice.homeCare[].text`. The labels live in
 * the console's catalog (CONSOLE.plan.advice.labels); an advice item without
 * a label there falls back to its content topic.
 */
import { CONSOLE } from '../../../shared/words/console';

const LABELS = CONSOLE.plan.advice.labels;

export function adviceLabel(item: { id: string; topic: string }): string {
  const label = LABELS[item.id];
  if (label) return label;
  return item.topic.charAt(0).toUpperCase() + item.topic.slice(1);
}
