// ONVIF Media2 privacy masks (Media2 Service Spec §5.11, ver20/media/wsdl): Vigie's picture fractions (x right,
// y down, 0..1) to and from the video source's normalised coordinates (x −1 left … +1 right, y −1 bottom … +1
// top), the Mask element Vigie sends, and the answers it reads.
import { escapeXml, find, findAll, textOf, type XmlElement } from './xml.js';

export interface PicturePoint {
  readonly x: number;
  readonly y: number;
}

export type OnvifMaskType = 'Color' | 'Pixelated' | 'Blurred';

export interface OnvifMask {
  readonly token: string;
  readonly configurationToken: string;
  /** Picture fractions (converted from the camera's normalised points). */
  readonly polygon: readonly PicturePoint[];
  readonly type: OnvifMaskType;
  readonly enabled: boolean;
}

export interface OnvifMaskOptions {
  readonly maxMasks: number;
  readonly maxPoints: number;
  readonly types: readonly OnvifMaskType[];
  readonly rectangleOnly: boolean;
  readonly singleColorOnly: boolean;
}

/** Black in YCbCr, the colour Vigie's own burn-in uses: a pushed mask looks like one Vigie burns. */
const BLACK_YCBCR = '<tt:Color X="16" Y="128" Z="128" Colorspace="http://www.onvif.org/ver10/colorspace/YCbCr"/>';

const round = (value: number): number => Math.round(value * 1e6) / 1e6;

export function toOnvifPoint(point: PicturePoint): PicturePoint {
  return { x: round(point.x * 2 - 1), y: round(1 - point.y * 2) };
}

export function fromOnvifPoint(point: PicturePoint): PicturePoint {
  return { x: round((point.x + 1) / 2), y: round((1 - point.y) / 2) };
}

/** The tt:Mask content of CreateMask / SetMask: a black, enabled, Color mask over the polygon. */
export function maskXml(element: string, configurationToken: string, polygon: readonly PicturePoint[], token?: string): string {
  const points = polygon
    .map(toOnvifPoint)
    .map((p) => `<tt:Point x="${p.x}" y="${p.y}"/>`)
    .join('');
  const attribute = token === undefined ? '' : ` token="${escapeXml(token)}"`;
  return (
    `<${element}${attribute}><tt:ConfigurationToken>${escapeXml(configurationToken)}</tt:ConfigurationToken>` +
    `<tt:Polygon>${points}</tt:Polygon><tt:Type>Color</tt:Type>${BLACK_YCBCR}<tt:Enabled>true</tt:Enabled></${element}>`
  );
}

const TYPES: readonly OnvifMaskType[] = ['Color', 'Pixelated', 'Blurred'];

export function parseMasks(answer: XmlElement): OnvifMask[] {
  return findAll(answer, 'Masks').map((mask) => ({
    token: mask.attributes['token'] ?? '',
    configurationToken: textOf(mask, 'ConfigurationToken') ?? '',
    polygon: findAll(find(mask, 'Polygon'), 'Point').map((p) => fromOnvifPoint({ x: Number(p.attributes['x']), y: Number(p.attributes['y']) })),
    type: (TYPES as readonly string[]).includes(textOf(mask, 'Type') ?? '') ? (textOf(mask, 'Type') as OnvifMaskType) : 'Color',
    enabled: textOf(mask, 'Enabled') !== 'false',
  }));
}

export function parseMaskOptions(answer: XmlElement): OnvifMaskOptions {
  const options = find(answer, 'Options');
  return {
    maxMasks: Number(textOf(options, 'MaxMasks') ?? 0),
    maxPoints: Number(textOf(options, 'MaxPoints') ?? 0),
    types: findAll(options, 'Types').flatMap((t) => t.text.split(/\s+/).filter((name): name is OnvifMaskType => (TYPES as readonly string[]).includes(name))),
    rectangleOnly: options?.attributes['RectangleOnly'] === 'true',
    singleColorOnly: options?.attributes['SingleColorOnly'] === 'true',
  };
}
