// The camera scope of a subject: all cameras, or the cameras of some communes (mayors, their deputies and
// municipal police). Access decides who gets which scope; this is the one rule saying what a scope includes,
// used both for one camera (the policy) and for lists (queries filtered by commune).

export type CameraScope = { readonly all: true } | { readonly all: false; readonly communes: readonly string[] };

export const ALL_CAMERAS: CameraScope = { all: true };
export const NO_CAMERAS: CameraScope = { all: false, communes: [] };

export function scopeIncludes(scope: CameraScope, communeInsee: string): boolean {
  return scope.all || scope.communes.includes(communeInsee);
}
