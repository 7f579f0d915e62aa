/**
 * Still images the clinician takes from a participant's video, saved into the
 * visit's folder with a small JSON record beside each (who, when, under which
 * consent). Files are written owner-only. The store has no stills table yet;
 * when it gets one, this module is the only thing to change.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

const JPEG_MAGIC = [0xff, 0xd8, 0xff];

export interface StillRecord {
  stillId: string;
  visitId: string;
  participantId: string;
  takenAt: string;
  consent: 'family-recorded';
  bytes: number;
}

export function isJpeg(bytes: Uint8Array): boolean {
  return JPEG_MAGIC.every((b, i) => bytes[i] === b);
}

export function createStillStore(dir: string) {
  return {
    dir,
    async save(visitId: string, participantId: string, jpeg: Buffer, now: Date): Promise<StillRecord> {
      const stillId = randomUUID();
      const folder = join(dir, visitId);
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const record: StillRecord = { stillId, visitId, participantId, takenAt: now.toISOString(), consent: 'family-recorded', bytes: jpeg.length };
      await writeFile(join(folder, `${stillId}.jpg`), jpeg, { mode: 0o600, flag: 'wx' });
      await writeFile(join(folder, `${stillId}.json`), JSON.stringify(record), { mode: 0o600, flag: 'wx' });
      return record;
    },
  };
}
export type StillStore = ReturnType<typeof createStillStore>;
