/**
 * Every key of the visit room in one table (issue 16 item 8), opened with
 * "Keys ?" in the header or the ? key. The same table is in
 * docs/visit-room.md; keep the two together.
 */
import { Dialog } from '../app/Dialog';

export const ROOM_KEYS: { area: string; keys: [string, string][] }[] = [
  {
    area: 'Anywhere in the room',
    keys: [
      ['W', 'Admit the waiting family (several waiting: focus on the first Admit)'],
      ['F', "Jump to the red flags: the family's answers to confirm, else the first flag not yet screened"],
      ['D', 'Record the escalation decision (the dialog opens on the minimum tier; Enter records it)'],
      ['V', 'Switch between the focus and the split layout'],
      ['?', 'This list'],
    ],
  },
  {
    area: 'Checklist',
    keys: [
      ['1–9', "The movement's main finding (the digit is on the button)"],
      ['G, U, T, I… then 1–9', "The movement's other findings: the letter beside the finding's name, then the digit on its button"],
      ['L R B', 'Side, where the movement has one'],
      ['P then a digit', 'Pain score (P 1 0 is 10)'],
      ['', 'A finding chosen by key that leaves every finding on the screen chosen and normal moves on to the next movement'],
      ['N, Enter', 'Next movement'],
      ['Shift+N, Backspace', 'Previous movement'],
      ['S', 'Skip with a reason (where the movement allows it)'],
      ['/', 'The note (Escape returns)'],
    ],
  },
  {
    area: 'Red flags (on a row)',
    keys: [
      ['Y A C', 'Present, absent, could not assess; focus moves on to the next row'],
      ['↑ ↓', 'Previous or next row'],
      ['← →', "The row's choices (Space or Enter records the focused one)"],
    ],
  },
];

export function KeysHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keys in the visit room" labelId="keys-help-title" onClose={onClose}>
      <p className="muted">Keys never act while you type in a field, while a dialog is open, or while the console is locked.</p>
      {ROOM_KEYS.map((g) => (
        <table key={g.area} className="keys-table" data-testid="keys-help">
          <caption>{g.area}</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Does</th>
            </tr>
          </thead>
          <tbody>
            {g.keys.map(([k, does]) => (
              <tr key={does}>
                <td>{k ? <kbd>{k}</kbd> : ''}</td>
                <td>{does}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <div className="row">
        <button type="button" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
