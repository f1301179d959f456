import { Signal } from '@lumino/signaling';
import type { IHelperClient } from '../../client';
import { DualLayoutRequestError, ServerState } from '../../tokens';
import { DualLayoutModel } from '../model';
import { FakeHelperClient } from './fakeClient';

const RESTARTING = 'The dual-layout helper is restarting (exit code -9); try again in 1 s.';

/** A fake helper that answers 503 to the next `failures` version requests, as Jupyter Server does during a restart. */
class RestartingClient extends FakeHelperClient {
  failures = 0;
  readonly unavailable: Signal<IHelperClient, DualLayoutRequestError> = new Signal(this);

  async version() {
    if (this.failures > 0) {
      this.failures--;
      this.calls.push('version 503');
      throw new DualLayoutRequestError(RESTARTING, 503, 'version');
    }
    return super.version();
  }
}

function nextState(model: DualLayoutModel, kind: ServerState['kind']): Promise<ServerState> {
  return new Promise(resolve =>
    model.serverStateChanged.connect((_, state) => {
      if (state.kind === kind) {
        resolve(state);
      }
    })
  );
}

describe('DualLayoutModel', () => {
  let model: DualLayoutModel;
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    model.dispose();
    jest.useRealTimers();
  });

  describe('while the helper restarts', () => {
    it('should say so, not fail, and list the tables once the helper answers again', async () => {
      const client = new RestartingClient(FakeHelperClient.withTables('demo', 'survey', 2).tablesByCatalog);
      client.failures = 2;
      model = new DualLayoutModel({ client });
      await model.start();
      expect(model.serverState).toEqual({ kind: 'restarting', message: RESTARTING });
      expect(model.rows).toEqual([]);

      const ok = nextState(model, 'ok');
      await jest.advanceTimersByTimeAsync(60_000);
      await ok;
      expect(client.calls.filter(call => call.startsWith('version'))).toEqual(['version 503', 'version 503', 'version']);
      expect(model.rows.filter(row => row.kind === 'table')).toHaveLength(2);
      // Recovered: the retries stop.
      client.calls = [];
      await jest.advanceTimersByTimeAsync(120_000);
      expect(client.calls).toEqual([]);
    });

    it('should turn a 503 on any request into the restarting state and reload when the helper is back', async () => {
      const client = new RestartingClient(FakeHelperClient.withTables('demo', 'survey', 1).tablesByCatalog);
      model = new DualLayoutModel({ client });
      await model.start();
      expect(model.serverState.kind).toBe('ok');

      client.failures = 1;
      client.calls = [];
      client.unavailable.emit(new DualLayoutRequestError(RESTARTING, 503, 'tables/demo.survey.table_00000'));
      expect(model.serverState).toEqual({ kind: 'restarting', message: RESTARTING });

      const ok = nextState(model, 'ok');
      await jest.advanceTimersByTimeAsync(60_000);
      await ok;
      expect(client.calls.slice(0, 2)).toEqual(['version 503', 'version']);
      expect(client.calls).toContain('catalogs');
    });
  });
});
