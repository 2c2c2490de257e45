// What onboarding needs from one ONVIF device, in one call: identity, profiles, main and sub stream URIs (the
// largest and the smallest picture), snapshot URI, and the PTZ head's limits when it has one.
import { VigieError } from '../core/errors.js';
import { OnvifClient, type OnvifDeviceInformation, type OnvifProfile, type PtzLimits } from './client.js';
import type { OnvifCredentials } from './soap-client.js';

export interface OnvifInspection {
  readonly deviceUrl: string;
  readonly device: OnvifDeviceInformation;
  readonly profiles: readonly OnvifProfile[];
  readonly mainProfile: string;
  readonly subProfile: string | null;
  /** RTSP URIs as the device gives them (Vigie keeps credentials apart from URLs). */
  readonly mainUri: string;
  readonly subUri: string | null;
  readonly snapshotUri: string | null;
  readonly ptz: PtzLimits | null;
}

const pixels = (profile: OnvifProfile): number => (profile.width ?? 0) * (profile.height ?? 0);

/** Credentials that a device put into a URI are removed (they are stored encrypted apart). */
export function withoutCredentials(uri: string): string {
  try {
    const url = new URL(uri);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return uri;
  }
}

export async function inspectOnvifDevice(address: string, credentials: OnvifCredentials | undefined, timeoutMs = 5000): Promise<OnvifInspection> {
  const client = new OnvifClient({ url: address, credentials, timeoutMs });
  const device = await client.getDeviceInformation();
  const profiles = await client.getProfiles();
  const ordered = [...profiles].sort((a, b) => pixels(b) - pixels(a));
  const main = ordered[0];
  if (main === undefined) {
    throw new VigieError('VIGIE_ONVIF_BAD_RESPONSE', `La caméra ONVIF ${client.label} n'a aucun profil vidéo.`, { status: 502 });
  }
  const sub = ordered.length > 1 ? ordered.at(-1) : undefined;
  const mainUri = withoutCredentials(await client.getStreamUri(main.token));
  const subUri = sub === undefined ? null : withoutCredentials(await client.getStreamUri(sub.token));
  const snapshotUri = await client.getSnapshotUri(main.token).then(withoutCredentials, () => null);
  const ptz = (await client.hasPtz()) ? await client.getPtzLimits() : null;
  return { deviceUrl: client.url, device, profiles, mainProfile: main.token, subProfile: sub?.token ?? null, mainUri, subUri, snapshotUri, ptz };
}
