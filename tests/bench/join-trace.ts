/**
 * Per-step timestamps of a join, for `npm run bench:join` only (never in the
 * product's logs): an init script wraps each page's RTCPeerConnection and
 * WebSocket and records, on the machine's shared clock (performance.timeOrigin
 * + performance.now(), so the clinician's and the family's pages compare), the
 * signaling messages and the peer connections' milestones. `steps` reduces
 * one join's two traces to named offsets from the clinician's Admit click.
 */
import type { Page } from 'playwright-core';

export interface TraceEntry {
  t: number;
  what: string;
}

/** Browser-side, as a string (tsx would wrap named inner functions in a helper the page does not have). */
export const TRACE_SCRIPT = `(() => {
  const log = (window.__joinTrace = window.__joinTrace || []);
  const now = () => performance.timeOrigin + performance.now();
  const mark = (what) => log.push({ t: now(), what });
  window.__joinMark = mark;
  const md = navigator.mediaDevices;
  if (md && md.getUserMedia) {
    const gum = md.getUserMedia.bind(md);
    md.getUserMedia = async (c) => {
      const stream = await gum(c);
      const v = stream.getVideoTracks()[0];
      if (v) { const s = v.getSettings(); mark('camera ' + s.width + 'x' + s.height); }
      return stream;
    };
  }
  const NativeWS = window.WebSocket;
  class TracedWS extends NativeWS {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        try {
          const m = JSON.parse(String(e.data));
          mark('ws< ' + m.type + (m.type === 'media' ? ' ' + m.event.type + (m.event.consumer ? ' ' + m.event.consumer.kind : '') : '') + (m.type === 'result' ? ' #' + m.id : ''));
        } catch {}
      });
    }
    send(data) {
      try {
        const m = JSON.parse(String(data));
        mark('ws> ' + m.type + (m.direction ? ' ' + m.direction : '') + (m.kind ? ' ' + m.kind : '') + (m.id ? ' #' + m.id : ''));
      } catch {}
      return super.send(data);
    }
  }
  window.WebSocket = TracedWS;
  const NativePC = window.RTCPeerConnection;
  let n = 0;
  class TracedPC extends NativePC {
    constructor(config, ...rest) {
      super(config, ...rest);
      const id = 'pc' + ++n;
      this.__id = id;
      mark(id + ' new');
      this.addEventListener('iceconnectionstatechange', () => mark(id + ' ice ' + this.iceConnectionState));
      this.addEventListener('connectionstatechange', () => {
        mark(id + ' conn ' + this.connectionState);
        if (this.connectionState === 'connected') {
          this.getStats().then((stats) => {
            let pair;
            stats.forEach((s) => { if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId); });
            const local = pair && stats.get(pair.localCandidateId);
            const remote = pair && stats.get(pair.remoteCandidateId);
            if (local && remote) mark(id + ' pair ' + local.candidateType + '/' + local.protocol + ' ' + local.address + ' -> ' + remote.candidateType + '/' + remote.protocol + ' ' + remote.address + ':' + remote.port);
          }).catch(() => {});
        }
      });
      this.addEventListener('icegatheringstatechange', () => mark(id + ' gather ' + this.iceGatheringState));
      this.addEventListener('icecandidate', (e) => mark(id + ' cand ' + (e.candidate ? (e.candidate.type + '/' + e.candidate.protocol + ' ' + e.candidate.address) : 'end')));
      this.addEventListener('track', (e) => mark(id + ' track ' + e.track.kind));
    }
    async setRemoteDescription(d) {
      mark(this.__id + ' setRemote ' + (d && d.type));
      const r = await super.setRemoteDescription(d);
      mark(this.__id + ' setRemote done');
      return r;
    }
    async setLocalDescription(d) {
      const r = await super.setLocalDescription(d);
      mark(this.__id + ' setLocal done');
      return r;
    }
  }
  window.RTCPeerConnection = TracedPC;
})()`;

export async function takeTrace(page: Page): Promise<TraceEntry[]> {
  return page.evaluate(`(() => { const t = window.__joinTrace || []; window.__joinTrace = []; return t; })()`) as Promise<TraceEntry[]>;
}

/** Offsets (ms from Admit) of the join's milestones, named once per join. */
export function steps(admitAt: number, frameAt: number, clinician: TraceEntry[], family: TraceEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  const at = (name: string, list: TraceEntry[], test: (what: string) => boolean) => {
    const e = list.find((x) => x.t >= admitAt - 1 && test(x.what));
    if (e && !(name in out)) out[name] = Math.round((e.t - admitAt) * 10) / 10;
  };
  at('family_admitted', family, (w) => w === 'ws< admitted');
  at('family_join_sent', family, (w) => w.startsWith('ws> join'));
  at('family_transports_ready', family, (w) => w.startsWith('ws< result'));
  at('family_send_pc', family, (w) => / new$/.test(w));
  at('family_connect_sent', family, (w) => w.startsWith('ws> connectTransport'));
  at('family_produce_video_sent', family, (w) => w.startsWith('ws> produce video'));
  at('family_send_ice_checking', family, (w) => / ice checking$/.test(w));
  at('family_send_ice_connected', family, (w) => / ice connected$/.test(w));
  at('family_send_dtls_connected', family, (w) => / conn connected$/.test(w));
  at('clinician_video_offer', clinician, (w) => / setRemote offer$/.test(w));
  at('clinician_video_track', clinician, (w) => / track video$/.test(w));
  out.first_frame = Math.round((frameAt - admitAt) * 10) / 10;
  return out;
}

/** The camera sizes the family's page was given (getUserMedia), in order. */
export function cameras(family: TraceEntry[]): string[] {
  return family.filter((e) => e.what.startsWith('camera ')).map((e) => e.what.slice(7));
}

/** The selected candidate pairs the family's peer connections reported. */
export function pairs(family: TraceEntry[]): string[] {
  return family.filter((e) => / pair /.test(e.what)).map((e) => e.what);
}
