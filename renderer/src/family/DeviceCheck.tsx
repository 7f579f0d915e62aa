/** Step 1: camera preview, microphone level, and device choice. */
import { FAMILY_CAMERA } from '../video/capture';
import { useEffect, useRef, useState } from 'react';
import { StreamVideo } from '../video/MediaView';
import type { Strings } from './i18n';

/** RMS level of a stream's audio, 0..1, updated about 15 times a second. */
function useMicLevel(stream: MediaStream | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0) return;
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const data = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(data);
      let sum = 0;
      for (const v of data) sum += v * v;
      setLevel(Math.min(1, Math.sqrt(sum / data.length) * 4));
    }, 66);
    return () => {
      clearInterval(timer);
      void ctx.close();
    };
  }, [stream]);
  return level;
}

export function DeviceCheck(props: { t: Strings; stream: MediaStream | null; onStream: (s: MediaStream) => void; onDone: () => void }) {
  const { t, stream, onStream } = props;
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [failed, setFailed] = useState(false);
  const [cameraId, setCameraId] = useState('');
  const [micId, setMicId] = useState('');
  const level = useMicLevel(stream);
  const opened = useRef(false);

  const open = async (camera: string, mic: string) => {
    try {
      const s = await navigator.mediaDevices.getUserMedia({
        video: camera ? { ...FAMILY_CAMERA, deviceId: { exact: camera } } : FAMILY_CAMERA,
        audio: mic ? { deviceId: { exact: mic } } : true,
      });
      for (const tr of stream?.getTracks() ?? []) tr.stop();
      onStream(s);
      setFailed(false);
      setDevices(await navigator.mediaDevices.enumerateDevices());
      setCameraId(s.getVideoTracks()[0]?.getSettings().deviceId ?? '');
      setMicId(s.getAudioTracks()[0]?.getSettings().deviceId ?? '');
    } catch {
      setFailed(true);
    }
  };

  useEffect(() => {
    if (opened.current) return;
    opened.current = true;
    if (stream) {
      void navigator.mediaDevices.enumerateDevices().then(setDevices);
      return;
    }
    void open('', '');
  }, []);

  const cams = devices.filter((d) => d.kind === 'videoinput');
  const mics = devices.filter((d) => d.kind === 'audioinput');
  return (
    <section className="family-card" aria-labelledby="step-devices">
      <h2 id="step-devices">{t.stepDevices}</h2>
      {failed ? (
        <p role="alert" className="family-error">
          {t.noDevices}
        </p>
      ) : (
        <p>{t.devicesHelp}</p>
      )}
      <StreamVideo stream={stream} className="family-preview" label={t.you} testId="preview-video" mirrored />
      <label className="family-field">
        {t.micLevel}
        <meter min={0} max={1} value={level} data-testid="mic-level" />
      </label>
      <DevicePicker label={t.camera} devices={cams} value={cameraId} onPick={(id) => void open(id, micId)} />
      <DevicePicker label={t.microphone} devices={mics} value={micId} onPick={(id) => void open(cameraId, id)} />
      <button type="button" className="family-primary" onClick={props.onDone} disabled={!stream}>
        {t.looksGood}
      </button>
    </section>
  );
}

/** One kind of device to choose from; a device the browser does not name yet is "<kind> <n>". */
function DevicePicker(props: { label: string; devices: MediaDeviceInfo[]; value: string; onPick: (deviceId: string) => void }) {
  return (
    <label className="family-field">
      {props.label}
      <select value={props.value} onChange={(e) => props.onPick(e.target.value)}>
        {props.devices.map((d, i) => (
          <option key={d.deviceId || i} value={d.deviceId}>
            {d.label || `${props.label} ${i + 1}`}
          </option>
        ))}
      </select>
    </label>
  );
}
