import { useEffect, useRef, type Ref } from 'react';

/** A <video> showing a MediaStream. Always muted: sound plays through a separate <audio>. */
export function StreamVideo(props: {
  stream: MediaStream | null;
  className?: string;
  label: string;
  testId?: string;
  mirrored?: boolean;
  videoRef?: Ref<HTMLVideoElement>;
  data?: Record<string, string>;
}) {
  const own = useRef<HTMLVideoElement | null>(null);
  useEffect(() => {
    const el = own.current;
    if (el && el.srcObject !== props.stream) el.srcObject = props.stream;
  }, [props.stream]);
  return (
    <video
      ref={(el) => {
        own.current = el;
        const r = props.videoRef;
        if (typeof r === 'function') r(el);
        else if (r) (r as { current: HTMLVideoElement | null }).current = el;
      }}
      className={`${props.className ?? ''}${props.mirrored ? ' mirrored' : ''}`}
      aria-label={props.label}
      data-testid={props.testId}
      {...Object.fromEntries(Object.entries(props.data ?? {}).map(([k, v]) => [`data-${k}`, v]))}
      autoPlay
      playsInline
      muted
    />
  );
}

/** Plays a stream's audio. */
export function StreamAudio({ stream }: { stream: MediaStream }) {
  const ref = useRef<HTMLAudioElement | null>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return <audio ref={ref} autoPlay />;
}
