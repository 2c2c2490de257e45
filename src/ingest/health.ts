// The health of one camera stream, as the API, the metrics and the state-change events show it.

export const STREAM_STATES = ['online', 'degraded', 'offline', 'idle'] as const;
/** `idle`: an on-demand stream nobody is watching, so not connected on purpose. */
export type StreamState = (typeof STREAM_STATES)[number];

export const LINK_ERROR_KINDS = ['auth-rejected', 'refused', 'timeout', 'garbage', 'not-found', 'unsupported', 'closed-by-camera', 'error'] as const;
export type LinkErrorKind = (typeof LINK_ERROR_KINDS)[number];

export interface LinkError {
  readonly kind: LinkErrorKind;
  /** For an operator: what went wrong, never a credential. */
  readonly message: string;
  readonly atMs: number;
}

export interface StreamHealth {
  readonly cameraId: string;
  readonly stream: 'main' | 'sub';
  readonly state: StreamState;
  /** Over the last few seconds. */
  readonly bitrateBps: number;
  readonly fps: number;
  /** Between the last two keyframes; undefined before the second one. */
  readonly keyframeIntervalMs: number | undefined;
  readonly framesReceived: number;
  readonly framesLost: number;
  readonly lastFrameAtMs: number | undefined;
  readonly connectedSinceMs: number | undefined;
  readonly reconnects: number;
  readonly lastError: LinkError | undefined;
  readonly codec: string | undefined;
  readonly width: number | undefined;
  readonly height: number | undefined;
}

export interface StreamStateChange {
  readonly cameraId: string;
  readonly stream: 'main' | 'sub';
  readonly from: StreamState;
  readonly to: StreamState;
  readonly atMs: number;
  readonly error: LinkError | undefined;
}
