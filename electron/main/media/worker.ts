/**
 * One mediasoup worker for the app, created on first use. If it dies, every
 * router on it is closed by mediasoup (routers emit `workerclose`, which the
 * visit sessions turn into an `ended` notice) and the next visit gets a new
 * worker.
 */
import * as mediasoup from 'mediasoup';
import type { types as ms } from 'mediasoup';
import type { MediaConfig } from './config';

/** Codecs every visit router offers. Opus for voice, VP8 for video (every browser decodes it). */
export const MEDIA_CODECS: ms.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 800 } },
];

export interface MediaLog {
  (entry: { level: 'warn' | 'error'; code: string; detail?: string }): void;
}

export class WorkerManager {
  private worker: ms.Worker | null = null;
  private starting: Promise<ms.Worker> | null = null;
  private closed = false;

  constructor(
    private readonly config: MediaConfig,
    private readonly log: MediaLog = () => {},
  ) {}

  /** The live worker, starting one if needed. */
  async get(): Promise<ms.Worker> {
    if (this.closed) throw new Error('WorkerManager closed');
    if (this.worker && !this.worker.closed) return this.worker;
    this.starting ??= mediasoup
      .createWorker({ logLevel: this.config.logLevel, rtcMinPort: this.config.portMin, rtcMaxPort: this.config.portMax })
      .then((worker) => {
        worker.on('died', (error) => {
          this.log({ level: 'error', code: 'WORKER_DIED', detail: error.name });
          if (this.worker === worker) this.worker = null;
        });
        this.worker = worker;
        return worker;
      })
      .finally(() => {
        this.starting = null;
      });
    return this.starting;
  }

  async createRouter(): Promise<ms.Router> {
    const worker = await this.get();
    return worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  }

  /** CPU time the worker has used so far, in milliseconds (user + system). */
  async cpuMs(): Promise<number> {
    if (!this.worker || this.worker.closed) return 0;
    const usage = await this.worker.getResourceUsage();
    return usage.ru_utime + usage.ru_stime;
  }

  get pid(): number | null {
    return this.worker && !this.worker.closed ? this.worker.pid : null;
  }

  close(): void {
    this.closed = true;
    this.worker?.close();
    this.worker = null;
  }
}
