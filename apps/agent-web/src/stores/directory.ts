import type { AgentDto, CustomStatusDto, DepartmentDto } from '@parley/protocol';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { listAgents, listCustomStatuses, listDepartments } from '../api/directory';

/** The organisation every screen names things from: departments, agents and custom statuses. */
export const useDirectoryStore = defineStore('directory', () => {
  const departments = ref<DepartmentDto[]>([]);
  const agents = ref<AgentDto[]>([]);
  const customStatuses = ref<CustomStatusDto[]>([]);
  const loaded = ref(false);

  const departmentById = computed(() => new Map(departments.value.map((d) => [d.id, d])));
  const agentById = computed(() => new Map(agents.value.map((a) => [a.id, a])));
  const customStatusById = computed(() => new Map(customStatuses.value.map((s) => [s.id, s])));
  // Agents who can take work: active, and past their invitation (an invited colleague cannot sign in yet).
  const activeAgents = computed(() => agents.value.filter((a) => a.active && !a.invitationPending));

  async function hydrate(): Promise<void> {
    const [d, a, s] = await Promise.all([listDepartments(), listAgents(), listCustomStatuses()]);
    departments.value = [...d].sort((x, y) => x.name.localeCompare(y.name));
    agents.value = [...a].sort((x, y) => x.name.localeCompare(y.name));
    customStatuses.value = s;
    loaded.value = true;
  }

  function agentName(id: number | null | undefined): string | null {
    return id ? (agentById.value.get(id)?.name ?? null) : null;
  }

  function departmentName(id: number | null | undefined): string | null {
    return id ? (departmentById.value.get(id)?.name ?? null) : null;
  }

  function upsertAgent(agent: AgentDto): void {
    const others = agents.value.filter((a) => a.id !== agent.id);
    agents.value = [...others, agent].sort((x, y) => x.name.localeCompare(y.name));
  }

  function reset(): void {
    departments.value = [];
    agents.value = [];
    customStatuses.value = [];
    loaded.value = false;
  }

  return {
    departments, agents, customStatuses, loaded, departmentById, agentById, customStatusById, activeAgents,
    hydrate, agentName, departmentName, upsertAgent, reset,
  };
});
