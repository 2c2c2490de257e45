// What the ONVIF services of one simulated PTZ camera answer from: its service addresses, its two media
// profiles (main and sub stream), its PTZ head and its privacy masks.
import type { PtzState } from '../ptz/ptz-state.js';
import type { PrivacyMasks } from './privacy-masks.js';

export interface OnvifProfile {
  readonly token: 'main' | 'sub';
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly encoding: 'H264' | 'H265';
  readonly bitrateKbps: number;
  readonly streamUri: string;
}

export interface OnvifDeviceContext {
  readonly camera: number;
  /** http://HOST:PORT/onvif/cam<N> as the client reached it. */
  readonly baseUrl: string;
  readonly profiles: readonly OnvifProfile[];
  readonly ptz: PtzState;
  /** The camera's own privacy masks (Media2), when it has them. */
  readonly privacyMasks?: PrivacyMasks | undefined;
}

export const SERVICE_PATHS = { device: 'device_service', media: 'media_service', media2: 'media2_service', ptz: 'ptz_service', snapshot: 'snapshot.jpg' } as const;

export function serviceUrl(context: OnvifDeviceContext, service: keyof typeof SERVICE_PATHS): string {
  return `${context.baseUrl}/${SERVICE_PATHS[service]}`;
}
