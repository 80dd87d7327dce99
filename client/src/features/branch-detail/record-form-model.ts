/**
 * The record forms' logic, pure and unit-tested: form values ↔ the API's input, the field messages of
 * the one schema per record (shared/schemas/record-inputs.ts — the API and the importer refuse the same
 * values with the same messages), the server's field refusals, labels from the import format's column
 * headers, and which slot of the agenda a session fills.
 */
import type { z } from 'zod';
import {
  REQUIREMENT_SLOTS,
  type TActivityType,
  type TRequirement,
  type TSlotLength,
} from '../../../../shared/domain';
import { SHEETS } from '../../../../shared/import-format';
import {
  RECORD_FIELD_COLUMNS,
  type TAchievementFormInput,
  type TActivityFormInput,
  type TMemberFormInput,
  type TRecordSheet,
} from '../../../../shared/schemas/record-inputs';
import type { TAchievementRecord, TActivityRecord, TRouterOutputs } from '../../lib/api-types';
import type { TLang } from '../../lib/i18n';
import { translateFrom } from '../../lib/messages';
import { RECORD_MESSAGES } from './record-messages';

export type TAgenda = TRouterOutputs['records']['agenda'];
export type TAgendaSlot = TAgenda['current'][number];
export type TMemberRecord = TRouterOutputs['records']['members'][number];

/** A form field's label: the Chinese / English header of its import column. */
export function fieldLabel(sheet: TRecordSheet, field: string, lang: TLang): string {
  const column = (RECORD_FIELD_COLUMNS[sheet] as Record<string, string>)[field];
  const def = SHEETS[sheet].columns.find((c) => c.key === column);
  return def ? def[lang] : field;
}

/** Field → its messages (first one shown) in the user's language. */
export type TFieldMessages = Partial<Record<string, string[]>>;

/** What the record's schema refuses in these values, by field, in the user's language. */
export function schemaMessages(schema: z.ZodType, input: unknown, lang: TLang): TFieldMessages {
  const result = schema.safeParse(input);
  if (result.success) return {};
  const out: TFieldMessages = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '');
    const params =
      issue.code === 'custom' ? (issue.params as Record<string, unknown> | undefined) : undefined;
    const text = typeof params?.[lang] === 'string' ? (params[lang] as string) : issue.message;
    const list = out[field] ?? [];
    if (!list.includes(text)) list.push(text);
    out[field] = list;
  }
  return out;
}

/** The fields a refused write names (`error.data.zodIssues` of server/errors.ts), already in the user's language. */
export function serverMessages(error: unknown): TFieldMessages {
  const data = (error as { data?: { zodIssues?: { path: (string | number)[]; message: string }[] | null } })
    ?.data;
  const out: TFieldMessages = {};
  for (const issue of data?.zodIssues ?? []) {
    const field = String(issue.path[0] ?? '');
    out[field] = [...(out[field] ?? []), issue.message];
  }
  return out;
}

/** The activity form's values (dates as ISO text: the date picker converts at its field). */
export interface TActivityFormValues {
  type?: TActivityType;
  heldOn?: string | null;
  title?: string;
  formats?: string[];
  modules?: string[];
  expected?: number | null;
  attended?: number | null;
  isIntegratedWithWork?: boolean;
  isOathRenewed?: boolean;
  isDuesCollected?: boolean;
  isBySecretary?: boolean;
  sharers?: string[];
  notes?: string | null;
}

export function activityInputOf(branchId: number, v: TActivityFormValues): TActivityFormInput {
  return {
    branchId,
    heldOn: v.heldOn ?? '',
    type: v.type ?? '',
    title: v.title ?? '',
    formats: v.formats ?? [],
    modules: v.modules ?? [],
    expected: v.expected ?? null,
    attended: v.attended ?? null,
    isIntegratedWithWork: v.isIntegratedWithWork ?? false,
    isOathRenewed: v.isOathRenewed ?? false,
    isDuesCollected: v.isDuesCollected ?? false,
    isBySecretary: v.type === 'party_lecture' && (v.isBySecretary ?? false),
    sharers: v.sharers ?? [],
    notes: v.notes ?? null,
  };
}

export function activityValuesOf(a: TActivityRecord): TActivityFormValues {
  return {
    type: a.type,
    heldOn: a.heldOn,
    title: a.title,
    formats: [...a.formats],
    modules: [...a.modules],
    expected: a.expected,
    attended: a.attended,
    isIntegratedWithWork: a.isIntegratedWithWork,
    isOathRenewed: a.isOathRenewed,
    isDuesCollected: a.isDuesCollected,
    isBySecretary: a.isBySecretary,
    sharers: a.sharers.map((s) => s.code),
    notes: a.notes,
  };
}

export interface TAchievementFormValues {
  kind?: string;
  achievedOn?: string | null;
  title?: string;
  level?: string | null;
  hours?: number | null;
  participants?: number | null;
  notes?: string | null;
}

export function achievementInputOf(branchId: number, v: TAchievementFormValues): TAchievementFormInput {
  return {
    branchId,
    achievedOn: v.achievedOn ?? '',
    kind: v.kind ?? '',
    title: v.title ?? '',
    level: v.level ?? null,
    hours: v.hours ?? null,
    participants: v.participants ?? null,
    notes: v.notes ?? null,
  };
}

export function achievementValuesOf(a: TAchievementRecord): TAchievementFormValues {
  return { ...a };
}

export interface TMemberFormValues {
  code?: string;
  name?: string;
  role?: string | null;
  joinedOn?: string | null;
  leftOn?: string | null;
}

export function memberInputOf(branchId: number, v: TMemberFormValues): TMemberFormInput {
  return {
    branchId,
    code: v.code ?? '',
    name: v.name ?? '',
    role: v.role ?? null,
    joinedOn: v.joinedOn ?? '',
    leftOn: v.leftOn ?? null,
  };
}

export function memberValuesOf(m: TMemberRecord): TMemberFormValues {
  return { code: m.code, name: m.name, role: m.role, joinedOn: m.joinedOn, leftOn: m.leftOn };
}

/** The slot of a requirement's length that contains a day: `2026-12`, `2026-Q4`, `2026`. */
export function slotLabelOf(length: TSlotLength, day: string): string {
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  if (length === 'month') return day.slice(0, 7);
  if (length === 'quarter') return `${year}-Q${Math.ceil(month / 3)}`;
  return year;
}

/** The requirements a session of this type can meet (a party lecture by the secretary also meets 书记讲党课). */
export function requirementsOf(type: TActivityType, isBySecretary: boolean): TRequirement[] {
  return type === 'party_lecture' && isBySecretary ? [type, 'secretary_lecture'] : [type];
}

/** Where a session on `day` lands in the agenda: the owed slot it fills (and whether that was open or overdue). */
export function agendaSlotOf(
  agenda: TAgenda | undefined,
  requirement: TRequirement,
  day: string | null | undefined,
): TAgendaSlot | undefined {
  if (!agenda || !day) return undefined;
  const slot = slotLabelOf(REQUIREMENT_SLOTS[requirement], day);
  return [...agenda.current, ...agenda.overdue].find((s) => s.type === requirement && s.slot === slot);
}

/** One line per requirement for the type select: this period's slot (open, done) and how many are overdue. */
export interface TTypeHint {
  current?: TAgendaSlot;
  overdue: TAgendaSlot[];
}

export function typeHints(agenda: TAgenda | undefined): Partial<Record<TRequirement, TTypeHint>> {
  const out: Partial<Record<TRequirement, TTypeHint>> = {};
  if (!agenda) return out;
  for (const s of agenda.current) out[s.type] = { overdue: [], ...out[s.type], current: s };
  for (const s of agenda.overdue) {
    const hint = out[s.type] ?? { overdue: [] };
    hint.overdue.push(s);
    out[s.type] = hint;
  }
  return out;
}

/**
 * The day a "record it" click fills in: today for a slot that contains today; for an overdue slot its
 * last day (the session was held then and is recorded late — the secretary corrects the day).
 */
export function defaultDayFor(slot: Pick<TAgendaSlot, 'start' | 'end'> | undefined, today: string): string {
  if (!slot || (slot.start <= today && today <= slot.end)) return today;
  return slot.end < today ? slot.end : slot.start;
}

/** The agenda's slots of one length containing today, and the overdue ones, for the secretary's home. */
export function agendaGroups(agenda: TAgenda): {
  month: TAgendaSlot[];
  quarter: TAgendaSlot[];
  year: TAgendaSlot[];
  overdue: TAgendaSlot[];
} {
  const of = (length: TSlotLength) => agenda.current.filter((s) => s.length === length);
  return { month: of('month'), quarter: of('quarter'), year: of('year'), overdue: agenda.overdue };
}

/**
 * The question before a session or an achievement is deleted. Its evidence files are removed with it
 * (server/attachments), so when it has any the question says so and how many.
 */
export function deleteConfirmText(
  record:
    | Pick<TActivityRecord, 'title' | 'heldOn' | 'evidenceCount'>
    | Pick<TAchievementRecord, 'title' | 'evidenceCount'>,
  lang: TLang,
): string {
  const vars = { title: record.title, n: record.evidenceCount };
  const withEvidence = record.evidenceCount > 0;
  // A session has its day in the question; an achievement is named by its title alone.
  return 'heldOn' in record
    ? translateFrom(
        RECORD_MESSAGES,
        lang,
        withEvidence ? 'confirmDeleteActivityEvidence' : 'confirmDeleteActivity',
        { ...vars, date: record.heldOn },
      )
    : translateFrom(
        RECORD_MESSAGES,
        lang,
        withEvidence ? 'confirmDeleteAchievementEvidence' : 'confirmDeleteAchievement',
        vars,
      );
}
