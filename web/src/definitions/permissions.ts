import type { Role } from '@hindsight/types';

/**
 * Who may edit an event's description: the server's EditEventDefinitions permission (admins and
 * architects). The dashboard only hides the editor from the others; the server refuses them anyway.
 */
export function canEditDefinitions(role: Role | null | undefined): boolean {
  return role === 'admin' || role === 'architect';
}
