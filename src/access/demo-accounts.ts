// Demo accounts, created in demo mode only (never in production): one per role, mayors and municipal police
// in three communes of Chartres métropole. All share the password "demo".
import type { Role } from './actions.js';

export const DEMO_PASSWORD = 'demo';

export interface DemoAccountSpec {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly communes: readonly string[];
}

export type DemoAccount = DemoAccountSpec & { readonly password: string };

export const DEMO_ACCOUNTS: readonly DemoAccountSpec[] = [
  { username: 'operateur', displayName: 'Opérateur (démo)', role: 'operator', communes: [] },
  { username: 'chef', displayName: 'Chef de salle (démo)', role: 'room_lead', communes: [] },
  { username: 'admin', displayName: 'Administrateur (démo)', role: 'administrator', communes: [] },
  { username: 'maire.chartres', displayName: 'Maire de Chartres (démo)', role: 'mayor', communes: ['28085'] },
  { username: 'maire.luce', displayName: 'Maire de Lucé (démo)', role: 'mayor', communes: ['28218'] },
  { username: 'pm.mainvilliers', displayName: 'Police municipale de Mainvilliers (démo)', role: 'municipal_police', communes: ['28229'] },
  { username: 'auditeur', displayName: 'Auditeur / DPO (démo)', role: 'auditor', communes: [] },
  { username: 'enqueteur', displayName: 'Enquêteur OPJ (démo)', role: 'investigator', communes: [] },
];
