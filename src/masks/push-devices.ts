// The ONVIF device of a camera, for masks pushed to it: the device a PTZ camera was linked to (ptz_devices, the
// PTZ capability's table: the address its head answers at), or the camera's ONVIF host and port; its stored
// credentials are its ONVIF account (as for PTZ).
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { deviceServiceUrl, OnvifClient } from '../onvif/index.js';
import type { MaskPushDevice } from './camera-push.js';

export interface PushDeviceCameras {
  get(id: string): Promise<{ readonly type: string; readonly onvif: { readonly host: string; readonly port: number | null } | null } | undefined>;
  streams(id: string): Promise<{ readonly main: { readonly username?: string | undefined; readonly password?: string | undefined } }>;
}

export function onvifPushDevices(db: Kysely<Database>, cameras: PushDeviceCameras): (cameraId: string) => Promise<MaskPushDevice | undefined> {
  return async (cameraId) => {
    const camera = await cameras.get(cameraId);
    if (camera === undefined) return undefined;
    const linked = await db.selectFrom('ptz_devices').select('device_url').where('camera_id', '=', cameraId).executeTakeFirst();
    if (linked === undefined && camera.onvif === null) return undefined;
    const url = linked?.device_url ?? deviceServiceUrl(`${camera.onvif?.host ?? ''}${camera.onvif?.port === null || camera.onvif?.port === undefined ? '' : `:${camera.onvif.port}`}`);
    const main = (await cameras.streams(cameraId)).main;
    const credentials = main.username === undefined ? undefined : { username: main.username, password: main.password ?? '' };
    return { client: new OnvifClient({ url, credentials }), ptz: camera.type === 'ptz' };
  };
}
