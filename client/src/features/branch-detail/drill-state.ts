/**
 * The drill-through drawer's state lives in the address, so any page can link straight to the records
 * behind a number (dashboard.md convention):
 *   ?drill=slots&type=theme_day                      a compliance rate → its slots
 *   ?drill=sessions&slot=2025-03&type=theme_day      a slot → its sessions (type or slot optional)
 *   ?drill=achievements&kind=volunteer_service       volunteer hours → the achievements of that kind
 *   ?drill=attendance                                attendance → activities with expected / attended
 */
import {
  ACHIEVEMENT_KINDS,
  REQUIREMENTS,
  type TAchievementKind,
  type TRequirement,
} from '../../../../shared/domain';

export type TDrill =
  | { drill: 'slots'; type?: TRequirement }
  | { drill: 'sessions'; type?: TRequirement; slot?: string }
  | { drill: 'achievements'; kind?: TAchievementKind }
  | { drill: 'attendance' };

const SLOT_RE = /^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$/;

/** The drill of the address; unknown values are dropped, an unknown `drill` means no drawer. */
export function readDrill(search: URLSearchParams): TDrill | null {
  const type = REQUIREMENTS.keys.find((k) => k === search.get('type'));
  switch (search.get('drill')) {
    case 'slots':
      return { drill: 'slots', ...(type && { type }) };
    case 'sessions': {
      const slot = search.get('slot') ?? '';
      return { drill: 'sessions', ...(type && { type }), ...(SLOT_RE.test(slot) && { slot }) };
    }
    case 'achievements': {
      const kind = ACHIEVEMENT_KINDS.keys.find((k) => k === search.get('kind'));
      return { drill: 'achievements', ...(kind && { kind }) };
    }
    case 'attendance':
      return { drill: 'attendance' };
    default:
      return null;
  }
}

/** The query parameters of a drill (null clears a parameter); `drillParams(null)` closes the drawer. */
export function drillParams(drill: TDrill | null): Record<'drill' | 'type' | 'slot' | 'kind', string | null> {
  const params: Record<'drill' | 'type' | 'slot' | 'kind', string | null> = {
    drill: drill?.drill ?? null,
    type: null,
    slot: null,
    kind: null,
  };
  if (drill && 'type' in drill && drill.type) params.type = drill.type;
  if (drill && 'slot' in drill && drill.slot) params.slot = drill.slot;
  if (drill && 'kind' in drill && drill.kind) params.kind = drill.kind;
  return params;
}

/** A link to the drill on the branch detail page, e.g. from the overview or compare pages. */
export function drillHref(code: string, drill: TDrill, period?: string): string {
  const search = new URLSearchParams();
  if (period) search.set('period', period);
  for (const [key, value] of Object.entries(drillParams(drill))) if (value !== null) search.set(key, value);
  return `/branch/${encodeURIComponent(code)}?${search.toString()}`;
}
