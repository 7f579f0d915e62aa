/**
 * The visit server's mediasoup workers: one per core (configurable), each
 * with one WebRtcServer, so every transport on a worker shares one UDP and
 * one TCP port (the firewall opens two ports per worker, not a range). A
 * visit's router goes on the worker with the fewest open routers; all of a
 * visit's participants are on that router, so no piping between workers is
 * needed for visits of up to four people.
 *
 * A worker that dies is replaced (same ports); mediasoup closes its routers,
 * which the visit sessions turn into an `ended` notice.
 */
import * as mediasoup from 'mediasoup';
import type { types as ms } from 'mediasoup';
import { MEDIA_CODECS, type MediaLog } from '../media/worker';

export interface WorkerPoolOptions {
  count: number;
  listenIp: string;
  announcedAddress?: string;
  /** UDP and TCP port of worker i is `rtcPort + i`; 0 picks free ports from `portRange` (tests). */
  rtcPort: number;
  portRange: { min: number; max: number };
  logLevel: 'debug' | 'warn' | 'error' | 'none';
  log?: MediaLog;
}

interface Slot {
  index: number;
  worker: ms.Worker;
  server: ms.WebRtcServer;
  routers: number;
}

export interface WorkerStats {
  index: number;
  pid: number;
  routers: number;
  /** The UDP/TCP ports of this worker's WebRtcServer. */
  ports: { protocol: string; port: number }[];
}

export class WorkerPool {
  private readonly slots: (Slot | null)[];
  private closed = false;

  private constructor(private readonly options: WorkerPoolOptions) {
    this.slots = Array.from({ length: options.count }, () => null);
  }

  static async start(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    try {
      for (let i = 0; i < options.count; i += 1) pool.slots[i] = await pool.startSlot(i);
    } catch (error) {
      pool.close();
      throw error;
    }
    return pool;
  }

  private async startSlot(index: number): Promise<Slot> {
    const { options } = this;
    const worker = await mediasoup.createWorker({ logLevel: options.logLevel });
    const listen = (protocol: 'udp' | 'tcp'): ms.TransportListenInfo => ({
      protocol,
      ip: options.listenIp,
      ...(options.announcedAddress ? { announcedAddress: options.announcedAddress } : {}),
      ...(options.rtcPort > 0 ? { port: options.rtcPort + index } : { portRange: options.portRange }),
    });
    let server: ms.WebRtcServer;
    try {
      server = await worker.createWebRtcServer({ listenInfos: [listen('udp'), listen('tcp')] });
    } catch (error) {
      worker.close();
      throw error;
    }
    const slot: Slot = { index, worker, server, routers: 0 };
    worker.on('died', (error) => {
      options.log?.({ level: 'error', code: 'WORKER_DIED', detail: `${index}: ${error.name}` });
      if (this.closed || this.slots[index] !== slot) return;
      this.slots[index] = null;
      // Replace it after a moment (same ports once the dead process has released them).
      setTimeout(() => {
        if (this.closed) return;
        this.startSlot(index).then(
          (next) => {
            if (this.closed) next.worker.close();
            else this.slots[index] = next;
          },
          (e: unknown) => options.log?.({ level: 'error', code: 'WORKER_RESTART_FAILED', detail: e instanceof Error ? e.name : typeof e }),
        );
      }, 500).unref();
    });
    return slot;
  }

  /**
   * A router for a new visit on the least-loaded live worker. The worker's
   * WebRtcServer travels in the router's appData, where the visit session
   * (media/session.ts) looks for it when it creates transports.
   */
  async createRouter(): Promise<ms.Router> {
    if (this.closed) throw new Error('WorkerPool closed');
    const live = this.slots.filter((s): s is Slot => s !== null && !s.worker.closed);
    if (live.length === 0) throw new Error('No mediasoup worker is running.');
    const slot = live.reduce((a, b) => (b.routers < a.routers ? b : a));
    const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { webRtcServer: slot.server } });
    slot.routers += 1;
    router.observer.once('close', () => {
      slot.routers -= 1;
    });
    return router;
  }

  async stats(): Promise<WorkerStats[]> {
    const out: WorkerStats[] = [];
    for (const slot of this.slots) {
      if (!slot || slot.worker.closed) continue;
      const dump = await slot.server.dump();
      out.push({
        index: slot.index,
        pid: slot.worker.pid,
        routers: slot.routers,
        ports: [...dump.udpSockets.map((s) => ({ protocol: 'udp', port: s.port })), ...dump.tcpServers.map((s) => ({ protocol: 'tcp', port: s.port }))],
      });
    }
    return out;
  }

  /** Worker processes configured and running now. */
  get size(): { configured: number; running: number } {
    return { configured: this.slots.length, running: this.slots.filter((s) => s && !s.worker.closed).length };
  }

  close(): void {
    this.closed = true;
    for (const slot of this.slots) slot?.worker.close();
  }
}
