/**
 * Decides which video events a playback produces: `video_started` on the first play,
 * `video_progressed` each time playback crosses another quarter (and when paused), and
 * `video_completed` once, when the position reaches the end (within a second). Positions and
 * durations are in seconds. Pure: the page feeds it positions and posts what it returns.
 */
export type VideoEventType = 'video_started' | 'video_progressed' | 'video_completed';

export interface VideoSignal {
  type: VideoEventType;
  positionSeconds: number;
}

export interface VideoTracker {
  play(positionSeconds: number): VideoSignal[];
  /** A new position while playing or after a seek. */
  position(positionSeconds: number): VideoSignal[];
  pause(positionSeconds: number): VideoSignal[];
}

const QUARTERS = [0.25, 0.5, 0.75];

export function createVideoTracker(durationSeconds: number): VideoTracker {
  let started = false;
  let completed = false;
  let lastReported = -1;
  const passed = new Set<number>();
  const clamp = (p: number) => Math.min(durationSeconds, Math.max(0, p));
  const at = (type: VideoEventType, p: number): VideoSignal => ({
    type,
    positionSeconds: Number(clamp(p).toFixed(2)),
  });

  function position(raw: number): VideoSignal[] {
    const p = clamp(raw);
    const out: VideoSignal[] = [];
    if (!started) {
      return out;
    }
    const crossed = QUARTERS.filter((q) => !passed.has(q) && p >= q * durationSeconds);
    if (crossed.length > 0) {
      crossed.forEach((q) => passed.add(q));
      out.push(at('video_progressed', p));
      lastReported = p;
    }
    if (!completed && durationSeconds > 0 && p >= durationSeconds - 1) {
      completed = true;
      out.push(at('video_completed', p));
      lastReported = p;
    }
    return out;
  }

  return {
    play(p) {
      if (started) {
        return position(p);
      }
      started = true;
      lastReported = clamp(p);
      return [at('video_started', p), ...position(p)];
    },
    position,
    pause(p) {
      const out = position(p);
      if (started && !completed && out.length === 0 && Math.abs(clamp(p) - lastReported) >= 1) {
        lastReported = clamp(p);
        out.push(at('video_progressed', p));
      }
      return out;
    },
  };
}
