/** Every language's frame texts at once, for tests that compare or use them (the frame loads one: frame-messages.ts). */
import type { ChatMessages } from '../chat-messages';
import type { FormMessages } from '../form-messages';
import type { HelpMessages } from '../help-messages';
import type { Locale } from '../messages';
import type { RatingMessages } from '../rating-messages';
import * as bg from './bg';
import * as el from './el';
import * as en from './en';
import * as lv from './lv';
import * as ru from './ru';
import * as uk from './uk';

const all = { en, bg, el, lv, ru, uk } as const;

export const chatMessages: Readonly<Record<Locale, ChatMessages>> = Object.fromEntries(Object.entries(all).map(([locale, m]) => [locale, m.chat])) as Record<Locale, ChatMessages>;
export const formMessages: Readonly<Record<Locale, FormMessages>> = Object.fromEntries(Object.entries(all).map(([locale, m]) => [locale, m.forms])) as Record<Locale, FormMessages>;
export const ratingMessages: Readonly<Record<Locale, RatingMessages>> = Object.fromEntries(Object.entries(all).map(([locale, m]) => [locale, m.rating])) as Record<Locale, RatingMessages>;
export const helpMessages: Readonly<Record<Locale, HelpMessages>> = Object.fromEntries(Object.entries(all).map(([locale, m]) => [locale, m.help])) as Record<Locale, HelpMessages>;
