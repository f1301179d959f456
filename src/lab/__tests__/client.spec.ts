import { ServerConnection } from '@jupyterlab/services';
import { HelperClient } from '../client';

/** A client whose requests are answered here, each URL recorded. */
function recordingClient() {
  const urls: URL[] = [];
  const fetch = async (input: RequestInfo | URL) => {
    urls.push(new URL(input instanceof Request ? input.url : String(input)));
    return new Response(JSON.stringify({ code: 'x = 1', variable: 'x' }), { headers: { 'Content-Type': 'application/json' } });
  };
  const settings = ServerConnection.makeSettings({ baseUrl: 'http://127.0.0.1:8888/', fetch, init: {} });
  return { client: new HelperClient(settings), urls };
}

describe('HelperClient#snippet', () => {
  it('should send the chosen columns as one comma-separated list, beside the filter', async () => {
    const { client, urls } = recordingClient();
    await client.snippet('demo.survey.observations', 'dask', 'pinned', { where: "region = 'EU'", columns: ['event_id', 'obs_time'] });
    expect(urls[0].pathname).toBe('/dual-layout/api/tables/demo.survey.observations/snippets');
    expect([...urls[0].searchParams]).toEqual([
      ['engine', 'dask'],
      ['variant', 'pinned'],
      ['where', "region = 'EU'"],
      ['columns', 'event_id,obs_time']
    ]);
  });

  it('should send no columns, filter or other table when none is asked for', async () => {
    const { client, urls } = recordingClient();
    await client.snippet('demo.survey.observations', 'spark', 'read');
    await client.snippet('demo.survey.observations', 'dask', 'join', { other: 'demo.survey.stations' });
    expect(urls.map(url => url.search)).toEqual(['?engine=spark&variant=read', '?engine=dask&variant=join&other=demo.survey.stations']);
  });
});
