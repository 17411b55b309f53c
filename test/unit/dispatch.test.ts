// The backend side of both transports: unknown methods and bad arguments are
// refused with a typed error before any handler runs; failures cross as data
// and never leak an internal stack.
import { describe, expect, it, vi } from 'vitest';
import { callSchemas, isCallName, type Api } from '../../shared/contract.js';
import { ToolshedError, fromErrorData, toErrorData } from '../../shared/errors.js';
import { dispatch } from '../../electron/services/dispatch.js';

function fakeApi(overrides: Partial<Api> = {}): { api: Api; calls: string[] } {
  const calls: string[] = [];
  const api = Object.fromEntries(
    Object.keys(callSchemas).map((method) => [
      method,
      async (args: unknown) => {
        calls.push(`${method} ${JSON.stringify(args)}`);
        return { method };
      },
    ]),
  ) as unknown as Api;
  return { api: { ...api, ...overrides }, calls };
}

describe('dispatch', () => {
  it('runs a valid call', async () => {
    const { api, calls } = fakeApi();
    expect(await dispatch(api, 'listContainers', { all: true })).toEqual({ ok: true, result: { method: 'listContainers' } });
    expect(calls).toEqual(['listContainers {"all":true}']);
  });

  it.each([['constructor'], ['__proto__'], ['toString'], ['hasOwnProperty'], ['nope'], [42], [null]])('refuses the unknown method %j', async (method) => {
    const { api, calls } = fakeApi();
    const reply = await dispatch(api, method, {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(calls).toEqual([]);
  });

  it.each([
    ['startContainer', { container: '--privileged' }],
    ['startContainer', { container: 'a; rm -rf ~' }],
    ['startContainer', { container: '$(reboot)' }],
    ['startContainer', { container: 'x\nrm' }],
    ['startContainer', { container: 'x\u0000' }],
    ['startContainer', {}],
    ['startContainer', { container: 'ok', extra: 1 }],
    ['startContainer', { container: 7 }],
    ['startContainer', 'ok'],
    ['renameContainer', { container: 'ok', newName: '-rf' }],
    ['removeContainer', { id: 'ok', name: 'ok' }],
    ['removeContainer', { id: 'a'.repeat(64), name: 'x'.repeat(5000) }],
    ['listContainers', { all: 'yes' }],
  ])('refuses %s with %j as INVALID_ARGUMENT and never calls the handler', async (method, args) => {
    const { api, calls } = fakeApi();
    const reply = await dispatch(api, method, args);
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(calls).toEqual([]);
  });

  it('passes a ToolshedError through as data, and rebuilds it on the other side', async () => {
    const { api } = fakeApi({
      startContainer: async () => {
        throw new ToolshedError('NOT_FOUND', 'No container named "x".', 'podman said so');
      },
    });
    const reply = await dispatch(api, 'startContainer', { container: 'x' });
    expect(reply).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No container named "x".', detail: 'podman said so' } });
    const rebuilt = fromErrorData(!reply.ok ? reply.error : { code: 'INTERNAL', message: '' });
    expect(rebuilt).toBeInstanceOf(ToolshedError);
    expect(rebuilt.code).toBe('NOT_FOUND');
  });

  it('hides an unexpected error behind INTERNAL without its stack or message', async () => {
    const onError = vi.fn();
    const { api } = fakeApi({
      startContainer: async () => {
        throw new Error('secret /home/user path at line 3');
      },
    });
    const reply = await dispatch(api, 'startContainer', { container: 'x' }, onError);
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain('secret');
    expect(onError).toHaveBeenCalledOnce();
  });

  it('knows only its own calls', () => {
    expect(isCallName('listContainers')).toBe(true);
    expect(isCallName('constructor')).toBe(false);
    expect(toErrorData('a string')).toEqual({ code: 'INTERNAL', message: expect.any(String) });
  });
});
