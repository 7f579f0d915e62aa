/**
 * IPC handlers for reviewing checklists across visits (issue 16, item 7):
 * kept apart from index.ts so the wiring there stays a one-line change.
 *
 * The room's earlier findings come with the visit the clinician has open
 * (visits:open is audited), so they add no audit row. Home's history and the
 * side-by-side view read a patient's record outside a visit: each adds one
 * audit entry naming the patient and the view, like patients:painHistory.
 */
import type { Handlers } from '../ipc/dispatch';
import type { PatientService } from './patients';
import type { VisitHistoryService } from './visit-history';

export function visitHistoryHandlers(
  history: VisitHistoryService,
  patients: PatientService,
  actor: () => string,
): Pick<Handlers, 'visits:previousFindings' | 'patients:visitHistory' | 'visits:compare'> {
  return {
    'visits:previousFindings': (req) => history.previousFindings(req.visitId),
    'patients:visitHistory': async (req) => {
      const who = actor();
      const result = await history.history(req.patientId);
      await patients.read(req.patientId, who, 'visit_history');
      return result;
    },
    'visits:compare': async (req) => {
      const who = actor();
      const result = await history.compare(req.firstVisitId, req.secondVisitId);
      await patients.read(result.patientId, who, 'visit_compare');
      return result;
    },
  };
}
