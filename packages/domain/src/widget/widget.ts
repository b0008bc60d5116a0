/**
 * A chat widget's settings, as far as rules go: which pre-chat fields it asks for and how strictly, what a
 * colour and a public key look like, and which departments have someone to answer right now.
 */

export const PRECHAT_FIELD_MODES = ['off', 'optional', 'required'] as const;
export type PrechatFieldMode = (typeof PRECHAT_FIELD_MODES)[number];

export interface PrechatFields {
  readonly name: PrechatFieldMode;
  readonly email: PrechatFieldMode;
  /** Whether the form asks for the first question (else the visitor starts by writing in the composer). */
  readonly question: boolean;
}

/** What an install without `data-widget` gets: the widget's first version asked exactly this. */
export const DEFAULT_PRECHAT_FIELDS: PrechatFields = { name: 'optional', email: 'optional', question: true };

export const WIDGET_POSITIONS = ['left', 'right'] as const;
export type WidgetPosition = (typeof WIDGET_POSITIONS)[number];
export const DEFAULT_WIDGET_POSITION: WidgetPosition = 'right';
export const DEFAULT_WIDGET_COLOUR = '#2563eb';

const COLOUR = /^#[0-9a-fA-F]{6}$/;
/** A colour the loader may put into CSS as it is: `#rrggbb` and nothing else, so no CSS can be smuggled in. */
export function isWidgetColour(value: string): boolean {
  return COLOUR.test(value);
}

const WIDGET_KEY = /^[A-Za-z0-9_-]{8,64}$/;
/** A widget's public key (`data-widget`): random, url-safe. */
export function isWidgetKey(value: string): boolean {
  return WIDGET_KEY.test(value);
}

export type PrechatCheck =
  | { readonly ok: true; readonly name?: string; readonly email?: string }
  | { readonly ok: false; readonly field: 'name' | 'email' };

/**
 * Checks the pre-chat answers against the widget's fields: a required field must be there; a field the
 * widget does not ask for is dropped (an old frame or a hand-made request cannot slip it in).
 */
export function checkPrechat(fields: PrechatFields, input: { readonly name?: string | undefined; readonly email?: string | undefined }): PrechatCheck {
  const name = input.name?.trim() || undefined;
  const email = input.email?.trim() || undefined;
  if (fields.name === 'required' && !name) return { ok: false, field: 'name' };
  if (fields.email === 'required' && !email) return { ok: false, field: 'email' };
  return {
    ok: true,
    ...(fields.name !== 'off' && name ? { name } : {}),
    ...(fields.email !== 'off' && email ? { email } : {}),
  };
}

/** An agent as far as "is someone there to chat": active, their availability, their departments. */
export interface ChatAgent {
  readonly id: number;
  readonly active: boolean;
  readonly availability: 'online' | 'away' | 'offline';
  readonly departmentIds: readonly number[];
}

/**
 * The departments someone can chat in right now: an active agent of the department who says they are
 * online and has a console connected. Away and offline agents, and online ones whose console is closed, do not count.
 */
export function departmentsWithAgentOnline(agents: readonly ChatAgent[], connectedAgentIds: ReadonlySet<number>): Set<number> {
  const online = new Set<number>();
  for (const agent of agents) {
    if (!agent.active || agent.availability !== 'online' || !connectedAgentIds.has(agent.id)) continue;
    for (const id of agent.departmentIds) online.add(id);
  }
  return online;
}
