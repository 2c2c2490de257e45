// Recording profile against the legal floors the brief adopts (legal-fr.md: arrêté of 3 August 2007 technical
// norms): ≥ 704×576 and ≥ 12 fps for narrow-field cameras watching people, ≥ 352×288 and ≥ 6 fps otherwise.

export interface ProfileFacts {
  readonly narrowField: boolean;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
  readonly frameRate?: number | undefined;
}

export function profileWarning(facts: ProfileFacts): string | undefined {
  const floor = facts.narrowField ? { width: 704, height: 576, fps: 12 } : { width: 352, height: 288, fps: 6 };
  const problems: string[] = [];
  if (
    facts.width !== undefined &&
    facts.height !== undefined &&
    (facts.width * facts.height < floor.width * floor.height || Math.min(facts.width, facts.height) < Math.min(floor.width, floor.height))
  ) {
    problems.push(`resolution ${facts.width}×${facts.height} is below ${floor.width}×${floor.height}`);
  }
  if (facts.frameRate !== undefined && facts.frameRate < floor.fps) problems.push(`frame rate ${facts.frameRate} fps is below ${floor.fps} fps`);
  if (problems.length === 0) return undefined;
  return `recording profile below the legal floor for a ${facts.narrowField ? 'narrow-field' : 'wide-field'} camera: ${problems.join('; ')}`;
}
