/** The console's words shown by renderer/src/pose (docs/i18n.md). English only: the console is English. */
export const pose = {
  /** The child's orientation in the detail line. */
  orientation: { facing: 'facing the camera', 'side-on': 'side-on', turned: 'half turned' },
  notInView: (parts: string) => `; not in view: ${parts}`,
  stopped: (why: string) => `The framing check stopped: ${why} The call is not affected.`,
  title: "Estimated on this computer from the child's video; only this status, in words, is shown on the family's card.",
  off: 'Framing check off',
  idle: 'Framing check: runs while a movement card is shown',
  status: (words: string) => `Framing: ${words}`,
  starting: 'Framing check starting…',
  turnOff: 'Turn framing check off',
  turnOn: 'Turn framing check on',
  /** The pose estimator's errors, shown in `stopped`. */
  noPose: 'The pose estimator did not load (pose.js defined no Pose).',
  notLoaded: 'The pose estimator could not be loaded from the app.',
} as const;
