import { readSatisfactionSettings, SATISFACTION_SETTING, type SatisfactionSettings } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { SystemSetting } from '../agents/agent.entity.js';

/** How long one instance trusts the settings it read before reading them again (another instance may have saved). */
const SETTINGS_TTL_MS = 30_000;

/**
 * The survey's settings, one JSON value among the system settings. Every resolution consults them, so they
 * are kept in memory for a short while; a save on this instance takes effect at once.
 */
export class SatisfactionSettingsStore {
  #cached: { value: SatisfactionSettings; at: number } | null = null;

  async read(em: Em): Promise<SatisfactionSettings> {
    const now = Date.now();
    if (this.#cached && now - this.#cached.at < SETTINGS_TTL_MS) return this.#cached.value;
    const row = await em.findOne(SystemSetting, { key: SATISFACTION_SETTING });
    const value = readSatisfactionSettings(row ? (JSON.parse(row.value) as Partial<SatisfactionSettings>) : null);
    this.#cached = { value, at: now };
    return value;
  }

  async write(em: Em, change: Partial<SatisfactionSettings>): Promise<SatisfactionSettings> {
    const value = readSatisfactionSettings({ ...(await this.readFresh(em)), ...change });
    await em.upsert(SystemSetting, { key: SATISFACTION_SETTING, value: JSON.stringify(value) });
    this.#cached = { value, at: Date.now() };
    return value;
  }

  async readFresh(em: Em): Promise<SatisfactionSettings> {
    this.#cached = null;
    return this.read(em);
  }
}
