/**
 * Every key of the visit room in one table (issue 16 item 8), opened with
 * "Keys ?" in the header or the ? key. The same table is in
 * docs/visit-room.md; keep the two together (the rows are in the catalog).
 */
import { CONSOLE } from '../../../shared/words/console';
import { Dialog } from '../app/Dialog';

const t = CONSOLE.visitRoom;

/** The table's rows, in the catalog (shared/words/console/visit-room.ts). */
export const ROOM_KEYS = t.keysHelp.groups;

export function KeysHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title={t.keysHelp.title} labelId="keys-help-title" onClose={onClose}>
      <p className="muted">{t.keysHelp.intro}</p>
      {ROOM_KEYS.map((g) => (
        <table key={g.area} className="keys-table" data-testid="keys-help">
          <caption>{g.area}</caption>
          <thead>
            <tr>
              <th scope="col">{t.keysHelp.key}</th>
              <th scope="col">{t.keysHelp.does}</th>
            </tr>
          </thead>
          <tbody>
            {g.rows.map((row) => {
              const [k, does] = row.length === 2 ? row : ['', row[0]];
              return (
                <tr key={does}>
                  <td>{k ? <kbd>{k}</kbd> : ''}</td>
                  <td>{does}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ))}
      <div className="row">
        <button type="button" onClick={onClose} data-autofocus>
          {CONSOLE.common.close}
        </button>
      </div>
    </Dialog>
  );
}
