/** IPC handlers for camera estimates (issue 17): kept apart from index.ts so the wiring there stays a one-line change. */
import type { Handlers } from '../ipc/dispatch';
import type { PoseEstimateService } from './pose-estimates';

export function poseEstimateHandlers(
  service: PoseEstimateService,
  actor: () => string,
): Pick<Handlers, 'visits:attachEstimate' | 'visits:estimates' | 'visits:retractEstimate'> {
  return {
    'visits:attachEstimate': (req) => service.attach(req, actor()),
    'visits:estimates': (req) => service.list(req.visitId),
    'visits:retractEstimate': (req) => service.retract(req, actor()),
  };
}
