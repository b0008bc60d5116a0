import { ALWAYS_OPEN, type BusinessCalendar } from '@parley/domain';
import type { Em } from '../../db/orm.js';

/**
 * The calendar of a ticket's department, for "within business hours" conditions and business-time windows.
 * Until departments have calendars every desk is always open; this one function is where the lookup goes.
 */
export async function calendarFor(_em: Em, _departmentId: number | null): Promise<BusinessCalendar> {
  return ALWAYS_OPEN;
}
