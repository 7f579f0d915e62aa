/**
 * The consoles' connection to the visit server (issue 11, item 2): one
 * outbound WSS per console at /console. Declared once here with zod and used
 * by both ends (the server's ./console-channel.ts and the console's
 * ../visit-server-client/). The clinician's video calls travel as the same
 * channels and payloads the renderer's IPC contract already declares, checked
 * against shared/ipc/contract.ts on the server.
 */
import { z } from 'zod';
import { FamilyIntake, Language } from '../../../shared/signaling/intake';
import { GuestRole } from '../../../shared/signaling/media';

export const MAX_CONSOLE_MESSAGE_BYTES = 256 * 1024;

/** The clinician's channels the server runs (links are `createLink`; stills stay on the console). */
export const REMOTE_CHANNELS = [
  'video:open',
  'video:join',
  'video:createTransport',
  'video:connectTransport',
  'video:produce',
  'video:consume',
  'video:resumeConsumer',
  'video:setProducerPaused',
  'video:restartIce',
  'video:participants',
  'video:admit',
  'video:end',
  'video:showMovement',
] as const;
export type RemoteChannel = (typeof REMOTE_CHANNELS)[number];

const Id = z.number().int().min(1).max(2 ** 31);
const VisitId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

export const ConsoleToServer = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('enrol'), code: z.string().max(64) }),
  z.strictObject({ type: z.literal('auth'), deviceId: z.string().max(64), credential: z.string().max(64) }),
  z.strictObject({ type: z.literal('call'), id: Id, channel: z.enum(REMOTE_CHANNELS), payload: z.unknown() }),
  z.strictObject({ type: z.literal('createLink'), id: Id, visitId: VisitId, role: GuestRole, expiresAt: z.iso.datetime() }),
  z.strictObject({ type: z.literal('ack'), id: Id }),
]);
export type ConsoleToServer = z.infer<typeof ConsoleToServer>;

export const RelayItemSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('intake'), visitId: VisitId, answers: FamilyIntake, language: Language }),
  z.strictObject({ kind: z.literal('waiting'), visitId: VisitId }),
]);

export const ServerToConsole = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('enrolled'), deviceId: z.string(), credential: z.string() }),
  z.strictObject({ type: z.literal('ready'), linkOrigin: z.string() }),
  z.strictObject({
    type: z.literal('result'),
    id: Id,
    ok: z.boolean(),
    value: z.unknown().optional(),
    error: z.strictObject({ code: z.string().max(40), message: z.string().max(500) }).optional(),
  }),
  z.strictObject({ type: z.literal('event'), event: z.unknown() }),
  z.strictObject({ type: z.literal('deliver'), id: Id, item: RelayItemSchema }),
]);
export type ServerToConsole = z.infer<typeof ServerToConsole>;

/** Close codes the console acts on. */
export const CONSOLE_CLOSE = {
  /** Credential refused or revoked: do not retry with it. */
  refused: 4003,
  /** No auth within the time limit. */
  timeout: 4008,
  /** The server is restarting: reconnect with back-off. */
  restarting: 1012,
} as const;
