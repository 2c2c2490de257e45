// What a handler adds to the journal entry the auth hook writes for its request: a more precise action, the
// target, the change. Lives beside the route declarations so that capabilities need not import access/.
import type { FastifyRequest } from 'fastify';
import type { JournalTarget } from '../journal/index.js';

export interface JournalNote {
  readonly action?: string;
  readonly target?: JournalTarget;
  readonly details?: Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyRequest {
    journalNote: JournalNote | null;
  }
}

export function noteJournal(request: FastifyRequest, note: JournalNote): void {
  request.journalNote = { ...request.journalNote, ...note, details: { ...request.journalNote?.details, ...note.details } };
}
