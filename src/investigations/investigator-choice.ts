// Whom a room lead may register a requisition for: the investigator accounts that may act now (not disabled,
// habilitation in force), reduced to what choosing one needs — id, name and username, no habilitation record, no
// contact. Listing accounts is an administrator's right (user.read); this list is the room lead's, for the
// registration form, through `requisition.delegate`: an investigator (who registers for himself only), a mayor or
// an operator gets 403. Not journaled, like the other lists (docs/access.md); the registration it leads to is.
import type { FastifyInstance } from 'fastify';
import type { Requisitions } from './requisitions.js';

export function investigatorChoiceRoutes(requisitions: Pick<Requisitions, 'investigators'>) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/api/requisitions/investigators',
      {
        config: { access: { kind: 'action', action: 'requisition.delegate' } },
        schema: {
          tags: ['investigations'],
          summary: 'The investigator accounts a room lead may register a requisition for (active, habilitation in force): id, display name, username',
        },
      },
      async () => ({ investigators: await requisitions.investigators() }),
    );
  };
}
