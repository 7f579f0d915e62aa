/**
 * Short clinician-facing labels for the home-care advice (issue 16 item 4):
 * the list stays scannable and the full, cited text the family receives is
 * one disclosure away. These are UI labels, not clinical content: the text
 * that goes home is always `familyAdvice.homeCare[].text`. An advice item
 * without a label here falls back to its content topic.
 */
const LABELS: Record<string, string> = {
  'stay-active': 'Stay gently active, keep at school',
  'heat-or-ice': 'Warm or cold pack',
  'sleep-position': 'Comfortable sleep positions',
  'gentle-exercises': 'Daily gentle exercises',
  backpack: 'Light school backpack',
  'medicine-short-course': 'Pain medicine only as written',
  'expected-course': 'Expected course',
  'pain-diary': 'Daily pain diary',
};

export function adviceLabel(item: { id: string; topic: string }): string {
  const label = LABELS[item.id];
  if (label) return label;
  return item.topic.charAt(0).toUpperCase() + item.topic.slice(1);
}
