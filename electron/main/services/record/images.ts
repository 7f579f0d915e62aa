/** Still images from the call: kept only with a live still-capture consent, and only real images of the stated type. */
import { AppError } from '../../../../shared/ipc/errors';
import { NOT_AN_IMAGE, StillImageInput } from '../../../../shared/domain/record-input';
import { STORE_LIMITS, type ImageMime, type StillImageMeta } from '../../store/record-types';
import type { RecordContext } from './context';
import { noConsent, parseInput } from './write';

/** The first bytes of each accepted image type: the renderer's mime claim is checked against the data. */
export function sniffMime(data: Uint8Array): ImageMime | null {
  const b = (i: number) => data[i];
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'image/png';
  if (b(0) === 0x52 && b(1) === 0x49 && b(2) === 0x46 && b(3) === 0x46 && b(8) === 0x57 && b(9) === 0x45 && b(10) === 0x42 && b(11) === 0x50) {
    return 'image/webp';
  }
  return null;
}

/** The bytes are a non-empty image of the stated type (size and emptiness are the schema's to say). */
function sniffed(input: StillImageInput) {
  const data = (input as { data?: unknown } | null)?.data;
  const usable = data instanceof Uint8Array && data.byteLength > 0 && data.byteLength <= STORE_LIMITS.imageMaxBytes;
  return usable && sniffMime(data) !== input.mime ? [{ path: 'mime', message: NOT_AN_IMAGE }] : [];
}

export function imageCommands(ctx: RecordContext) {
  return {
    /** Keep a still image from the call. Needs a live still-capture consent (checked here and by a trigger). */
    async addImage(visitId: string, input: StillImageInput, actor: string): Promise<StillImageMeta> {
      ctx.requireClinician(actor);
      ctx.requireUnsigned(visitId);
      const { mime, data, caption } = parseInput(StillImageInput, input, sniffed(input));
      const consent = ctx.repo.liveConsent(visitId, 'still_capture');
      if (!consent) throw noConsent();
      const id = ctx.newId();
      ctx.write(() => {
        const at = ctx.now();
        ctx.repo.insertImage({ id, visitId, consentId: consent.id, mime, byteSize: data.byteLength, data, caption, by: actor, at });
        ctx.audit(actor, 'visit.change', 'still_image', id, at, { visitId, change: 'added', consentId: consent.id, bytes: data.byteLength });
      });
      return ctx.repo.imagesOf(visitId).find((i) => i.id === id)!;
    },

    async getImage(imageId: string): Promise<{ meta: StillImageMeta; data: Buffer }> {
      const image = ctx.repo.image(imageId);
      if (!image) throw new AppError('NOT_FOUND', 'That image was not found.');
      return image;
    },
  };
}
