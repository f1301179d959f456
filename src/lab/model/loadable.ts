/** Something a view shows while it is fetched: not asked for, on its way, there, or why not. */
export type Loadable<T> = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; message: string };
