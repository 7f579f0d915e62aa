/** The console's words shown by renderer/src/visit-server (docs/i18n.md). English only: the console is English. */
export const visitServer = {
  title: 'Visit server',
  reading: 'Reading…',
  leave: 'Leave server mode',
  left: 'Left server mode: standalone from the next start. Ask the administrator to revoke this device on the server.',
  hide: 'Hide',
  enrolConsole: 'Enrol this console',
  enrolled: 'Enrolled. Server mode starts the next time the console starts.',
  address: 'Visit server address',
  code: 'One-time enrolment code',
  codeHint: 'From the administrator (--enrol); it works once, for 24 hours.',
  enrolling: 'Enrolling…',
  enrol: 'Enrol',
  /** The card's state in words (renderer/src/visit-server/words.ts). */
  state: {
    connection: {
      connecting: 'connecting to it',
      ready: 'connected',
      reconnecting: 'connection lost, trying again',
      refused: 'the server refused this console (revoked?): leave server mode and enrol again',
      closed: 'not connected',
    },
    problem: (problem: string) => `The stored enrolment cannot be used: ${problem}`,
    enrolledAs: (deviceId: string | null, server: string | null) => `Enrolled as device ${deviceId} at ${server}.`,
    notEnrolled: 'Not enrolled: this console runs standalone (video through this computer).',
    runningServer: (connection: string) => `Running in server mode now: ${connection}.`,
    standaloneNext: 'Standalone from the next start of the console.',
    runningStandalone: 'Running standalone now: server mode starts the next time the console starts.',
  },
} as const;
