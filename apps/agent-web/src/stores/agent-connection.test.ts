import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/http';
import { useAgentConnectionStore } from './agent-connection';

describe('agent connection store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('refuses a command while there is no connection, as the network being unreachable', async () => {
    const connection = useAgentConnectionStore();
    expect(connection.connected).toBe(false);
    const refusal = await connection.command('chat:offers', {}).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).code).toBe('network/unreachable');
  });
});
