// The crisis's contact: whom owners call while Communicatie holds their channel, the crisis
// cell's Communicatie desk (a name and a phone). Entered when the crisis is declared or the cell
// recorded; every owner notice names it (notify/notices.ts reads the crisis row).
import type { z } from 'zod';
import type { Crisis } from '../../../db/schema';

/** Whom owners call during the crisis: the crisis cell's Communicatie desk (name and phone). */
export type CrisisContact = { name: string; phone: string };

/** The contact's fields as the forms and the API send them (phone already checked as a phone). */
export type CrisisContactFields = { contactName?: string | null; contactPhone?: string | null };

/** The contact is given whole (a name and a phone) or not at all. */
export function refineContact(v: CrisisContactFields, ctx: z.RefinementCtx) {
  if (v.contactName && !v.contactPhone)
    ctx.addIssue({ code: 'custom', path: ['contactPhone'], message: 'field.required' });
  if (!v.contactName && v.contactPhone)
    ctx.addIssue({ code: 'custom', path: ['contactName'], message: 'field.required' });
}

export const contactOf = (v: CrisisContactFields): CrisisContact | null =>
  v.contactName && v.contactPhone ? { name: v.contactName, phone: v.contactPhone } : null;

export const contactColumns = (contact: CrisisContact | null | undefined) =>
  contact ? { contactName: contact.name.trim(), contactPhone: contact.phone.trim() } : {};

/** The contact in an audit event's details, when the crisis has one. */
export const contactDetails = (c: Crisis) =>
  c.contactName ? { contactName: c.contactName, contactPhone: c.contactPhone } : {};
