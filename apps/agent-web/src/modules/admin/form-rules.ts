import type { CannedPlaceholder } from '@parley/domain';

/**
 * What the administration forms check before asking the server, mirroring the protocol's request schemas
 * (packages/protocol/src/http/requests.ts), which the server enforces again. The console may not import
 * those zod schemas (they would bring zod into the bundle), so the few limits are restated here, once.
 */
export const NAME_MAX_LENGTH = 200;
export const CANNED_BODY_MAX_LENGTH = 20_000;

/** Just enough to catch a typo before sending: the server validates the address properly. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}

/** How a placeholder is written in a canned response's text: `{{contact.name}}`. */
export function placeholderToken(placeholder: CannedPlaceholder): string {
  return `{{${placeholder}}}`;
}

/** Names in the agent's language's alphabetical order. */
export function byName<T extends { name: string }>(items: readonly T[], locale: string): T[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return [...items].sort((a, b) => collator.compare(a.name, b.name));
}
