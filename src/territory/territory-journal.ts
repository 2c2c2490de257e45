// Journal entries for territory changes made outside the API's own journaling (command line, imports, demo).
// Never carries credentials.
import type { Journal, JournalEntryInput } from '../journal/index.js';
import type { Camera, ChangeAuthor } from './model.js';

export async function journalChange(
  journal: Pick<Journal, 'append'>,
  author: ChangeAuthor,
  action: string,
  camera: Camera | null,
  details: Record<string, unknown>,
  outcome: JournalEntryInput['outcome'] = 'allowed',
): Promise<void> {
  await journal.append({
    actor: author.actor,
    action,
    outcome,
    ...(author.ip === undefined ? {} : { ip: author.ip }),
    target: camera === null ? { type: action.split('.')[0] ?? 'territory' } : { type: 'camera', id: camera.id, cameraId: camera.id, communeInsee: camera.communeInsee },
    details: { via: author.via, ...(author.osUser === undefined ? {} : { osUser: author.osUser }), ...details },
  });
}
