import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useSessionStore } from '../../stores/session';
import {
  allowedFor,
  PRESET_UNITS,
  type PeriodPreset,
  queryFromState,
  rangeOf,
  requestFromState,
  type StatisticsState,
  type StatisticsViewer,
  stateFromQuery,
  todayIn,
} from './statistics-query';

/** The browser's IANA time zone: units begin at the agent's own midnights. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * The report's state, kept in the URL's query so a report can be reloaded or shared: read from the route,
 * written with router.replace (a filter change is no page to go back to).
 */
export function useStatisticsQuery() {
  const route = useRoute();
  const router = useRouter();
  const session = useSessionStore();
  const timeZone = browserTimeZone();
  // Presets count to the day the screen opened: a report does not shift under the agent at midnight.
  const today = todayIn(timeZone);

  const viewer = computed<StatisticsViewer>(() => ({
    agentId: session.agent?.id ?? 0,
    administrator: session.agent?.role === 'administrator',
    departmentIds: session.agent?.departmentIds ?? [],
  }));
  const state = computed(() => stateFromQuery(route.query, viewer.value, today));
  const range = computed(() => rangeOf(state.value, today));
  const request = computed(() => requestFromState(state.value, viewer.value, today, timeZone));

  // Until the router has taken a change in, the next one builds on it: two quick changes both count.
  let pending: StatisticsState | null = null;
  function update(change: Partial<StatisticsState>): void {
    const next = allowedFor(viewer.value, { ...(pending ?? state.value), ...change });
    pending = next;
    void router.replace({ query: queryFromState(next, viewer.value) }).finally(() => {
      if (pending === next) pending = null;
    });
  }

  /** A preset brings its natural unit; "custom" starts from the days shown so far. */
  function choosePeriod(period: PeriodPreset): void {
    update({ period, unit: PRESET_UNITS[period], ...(pending ? rangeOf(pending, today) : range.value) });
  }

  return { state, range, request, timeZone, today, viewer, update, choosePeriod };
}
