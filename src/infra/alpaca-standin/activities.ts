import type { AlpacaActivityObject } from '../alpaca/wire/objects.js';

/**
 * GET /v2/account/activities over a venue's activities, as Alpaca answers it: `activity_types`
 * (comma-separated), `after` (activities dated after it), `direction` (desc by default), `page_size`
 * (default 100), `page_token` (the last id of the page before).
 */
export function listActivities<A extends Pick<AlpacaActivityObject, 'id' | 'activity_type' | 'date'>>(activities: readonly A[], q: URLSearchParams): A[] {
  const types = q.get('activity_types')?.split(',');
  const after = q.get('after');
  let list = activities.filter((a) => types === undefined || types.includes(a.activity_type));
  if (after !== null) list = list.filter((a) => Date.parse(`${a.date}T00:00:00Z`) > Date.parse(after));
  list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * (q.get('direction') === 'asc' ? 1 : -1));
  const token = q.get('page_token');
  if (token !== null) list = list.slice(list.findIndex((a) => a.id === token) + 1);
  return list.slice(0, Number(q.get('page_size') ?? '100'));
}
