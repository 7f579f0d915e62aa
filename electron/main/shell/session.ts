/** Session-wide permission policies (Electron glue over ../security/policies). */
import type { Session } from 'electron';
import { allowPermission } from '../security/policies';

export function applySessionPolicies(ses: Session, appOrigin: string): void {
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const url = details.requestingUrl || contents.getURL();
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(allowPermission(permission, url, appOrigin, mediaTypes));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    allowPermission(permission, requestingOrigin, appOrigin),
  );
  // Devices are chosen in the app's own UI, never by a site-level prompt.
  ses.setDevicePermissionHandler(() => false);
}
