// Identifiers: random UUIDs, so that nodes of a cluster never collide.
import { randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}
