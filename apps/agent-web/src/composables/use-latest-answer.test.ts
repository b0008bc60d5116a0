// @vitest-environment happy-dom
import { createApp, defineComponent } from 'vue';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppI18n } from '../i18n';
import { useLatestAnswer } from './use-latest-answer';

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
});

/** The composable inside a mounted component, with the app's English messages. */
function mounted(): ReturnType<typeof useLatestAnswer> {
  let latest!: ReturnType<typeof useLatestAnswer>;
  const app = createApp(
    defineComponent({
      setup() {
        latest = useLatestAnswer();
        return () => null;
      },
    }),
  );
  app.use(createAppI18n('en'));
  app.mount(document.createElement('div'));
  unmount = () => app.unmount();
  return latest;
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('the latest answer', () => {
  it('sends a question asked while another is on its way, and keeps only the latest answer', async () => {
    const { ask, busy } = mounted();
    const shown: string[] = [];
    const first = deferred<string>();
    const second = deferred<string>();
    const asking = [ask(() => first.promise, (a) => shown.push(a)), ask(() => second.promise, (a) => shown.push(a))];
    expect(busy.value).toBe(true);
    second.resolve('курьер');
    first.resolve('принтер');
    await Promise.all(asking);
    expect(shown).toEqual(['курьер']);
    expect(busy.value).toBe(false);
  });

  it('keeps the latest question\'s failure only', async () => {
    const { ask, error } = mounted();
    await Promise.all([ask(() => Promise.reject(new Error('old')), () => undefined), ask(() => Promise.resolve('ok'), () => undefined)]);
    expect(error.value).toBeNull();
  });
});
