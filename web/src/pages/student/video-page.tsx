/**
 * A video page. It reports playback through `POST /v1/events`: `video_started`,
 * `video_progressed` (each quarter and on pause) and `video_completed`, with positions in
 * seconds. A video plays in the browser's player when it can: served by this server or by an
 * origin the operator allowed (`PATHWISE_MEDIA_ORIGINS`, the content-security policy's
 * `media-src`, which the session reply lists). Any other (such as the demo course's videos), one
 * the player fails to load (an unreachable host, a page rather than a media file) or one with no
 * media file plays its transcript at the video's pace, with the same controls and events, and
 * links to the original.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { describeError } from '../../api/api-client';
import type { ContentEntry } from '../../api/api-types';
import { routeHref } from '../../app/hash-route';
import { useSession } from '../../app/session-context';
import { usePageHeading } from '../../app/use-page-heading';
import { Panel } from '../../components/panel';
import { postLearningEvents } from './learning-events';
import { createVideoTracker, type VideoSignal } from './video-tracker';

interface VideoPageProps {
  studentId: string;
  courseId: string;
  entry: ContentEntry;
}

/**
 * Whether the player may load `url`: media from this origin or from one the operator allowed
 * (the content-security policy's `media-src`, told by the session). Anything else would only be
 * refused by the browser.
 */
function allowedMedia(url: string, mediaOrigins: readonly string[]): boolean {
  try {
    const { origin } = new URL(url, window.location.origin);
    return origin === window.location.origin || mediaOrigins.includes(origin);
  } catch {
    return false;
  }
}

/** Only http(s) links are shown; anything else (javascript:, data:) is not. */
function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url, window.location.origin);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

const clock = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

const NAMES: Record<VideoSignal['type'], string> = {
  video_started: 'started',
  video_progressed: 'progress',
  video_completed: 'completed',
};

export function VideoPage({ studentId, courseId, entry }: VideoPageProps) {
  const headingRef = usePageHeading(entry.title, entry.id);
  const duration = entry.media?.durationSeconds ?? 0;
  const url = entry.media?.url;
  const { session } = useSession();
  // An allowed file may still fail (unreachable, not a media file): then the transcript plays.
  const [unplayable, setUnplayable] = useState<string | null>(null);
  const playable =
    url !== undefined &&
    isWebLink(url) &&
    allowedMedia(url, session.mediaOrigins) &&
    unplayable !== url;
  const tracker = useMemo(() => createVideoTracker(duration), [duration]);
  const [recorded, setRecorded] = useState<string>('');
  const [error, setError] = useState<string | null>(null);

  const emit = (signals: VideoSignal[]) => {
    if (signals.length === 0) {
      return;
    }
    postLearningEvents(
      { studentId, courseId },
      signals.map((s) => ({
        type: s.type,
        contentId: entry.id,
        positionSeconds: s.positionSeconds,
        durationSeconds: duration,
      })),
    ).then(
      () =>
        setRecorded(
          `Recorded: ${signals.map((s) => `${NAMES[s.type]} at ${clock(s.positionSeconds)}`).join(', ')}`,
        ),
      (e: unknown) => setError(`Could not record your viewing: ${describeError(e)}`),
    );
  };

  return (
    <>
      <p className="breadcrumb">
        <a href={routeHref('courses', courseId)}>← Back to the course</a>
      </p>
      <h1 ref={headingRef} tabIndex={-1}>
        {entry.title}
      </h1>
      {entry.description ? <p className="page-description">{entry.description}</p> : null}
      <div className="page-grid">
        <Panel
          title="Video"
          aside={duration > 0 ? clock(duration) : undefined}
          className="span-full"
        >
          {playable ? (
            <video
              className="video-player"
              controls
              src={url}
              onPlay={(e) => emit(tracker.play(e.currentTarget.currentTime))}
              onTimeUpdate={(e) => emit(tracker.position(e.currentTarget.currentTime))}
              onPause={(e) => emit(tracker.pause(e.currentTarget.currentTime))}
              onEnded={() => emit(tracker.position(duration))}
              onError={() => setUnplayable(url)}
            >
              <track kind="captions" />
            </video>
          ) : (
            <TranscriptPlayer
              source={url !== undefined && isWebLink(url) ? url : undefined}
              duration={duration}
              transcript={entry.media?.transcript ?? ''}
              onPlay={(p) => emit(tracker.play(p))}
              onPosition={(p) => emit(tracker.position(p))}
              onPause={(p) => emit(tracker.pause(p))}
            />
          )}
          <p className="muted" role="status" aria-live="polite">
            {recorded}
          </p>
          {error ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : null}
        </Panel>
      </div>
    </>
  );
}

interface TranscriptPlayerProps {
  /** The original video, when the player could not load it. */
  source: string | undefined;
  duration: number;
  transcript: string;
  onPlay: (position: number) => void;
  onPosition: (position: number) => void;
  onPause: (position: number) => void;
}

/** Plays a transcript at the video's pace: play/pause, a seek slider, the current passage. */
function TranscriptPlayer(props: TranscriptPlayerProps) {
  const [position, setPosition] = useState(0);
  const [playing, setPlaying] = useState(false);
  const latest = useRef(props);
  latest.current = props;
  const sentences = useMemo(
    () => props.transcript.split(/(?<=[.!?])\s+/).filter((s) => s.trim() !== ''),
    [props.transcript],
  );

  useEffect(() => {
    if (!playing) {
      return;
    }
    const started = performance.now();
    const from = position;
    const timer = window.setInterval(() => {
      const p = Math.min(props.duration, from + (performance.now() - started) / 1000);
      setPosition(p);
      latest.current.onPosition(p);
      if (p >= props.duration) {
        setPlaying(false);
      }
    }, 250);
    return () => window.clearInterval(timer);
    // Restart the clock only when play state changes; the position is read at that moment.
  }, [playing, props.duration]);

  const current =
    sentences.length === 0
      ? ''
      : sentences[
          Math.min(
            sentences.length - 1,
            Math.floor((position / Math.max(1, props.duration)) * sentences.length),
          )
        ];

  return (
    <div className="transcript-player">
      <p className="muted">
        {props.source ? (
          <>
            This video cannot be played on this page (
            <a href={props.source} target="_blank" rel="noopener noreferrer">
              open the original<span className="visually-hidden"> in a new tab</span>
            </a>
            ); here its transcript plays at the video&apos;s pace.
          </>
        ) : (
          <>This video has no media file here; its transcript plays at the video&apos;s pace.</>
        )}
      </p>
      <blockquote className="transcript-current" aria-live="off">
        {current}
      </blockquote>
      <div className="transcript-controls">
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            if (playing) {
              setPlaying(false);
              props.onPause(position);
            } else {
              const from = position >= props.duration ? 0 : position;
              setPosition(from);
              setPlaying(true);
              props.onPlay(from);
            }
          }}
        >
          {playing ? 'Pause' : 'Play'}
        </button>
        <label className="transcript-seek">
          <span className="visually-hidden">Position</span>
          <input
            type="range"
            min={0}
            max={props.duration}
            step={1}
            value={Math.floor(position)}
            aria-valuetext={`${clock(position)} of ${clock(props.duration)}`}
            onChange={(e) => {
              const p = Number(e.target.value);
              setPosition(p);
              props.onPosition(p);
            }}
          />
        </label>
        <span className="transcript-time" aria-hidden="true">
          {clock(position)} / {clock(props.duration)}
        </span>
      </div>
      <details>
        <summary>Full transcript</summary>
        <p>{props.transcript}</p>
      </details>
    </div>
  );
}
