// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setBackend, type Backend } from '../../src/renderer/src/api/backend';
import { DataFolderField } from '../../src/renderer/src/components/DataFolderField';
import { WorkerThreadsField } from '../../src/renderer/src/components/WorkerThreadsField';
import type { CrossfadeApi, Settings } from '../../src/shared/contract';

/** Issue 14, item 12 in the settings screen: moving the data folder is confirmed first; threads are capped by the cores. */

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function fakeBackend(update: (change: unknown) => Promise<Settings>): void {
  const api = { 'settings.update': update } as unknown as CrossfadeApi;
  setBackend({ mode: 'browser', api } as Partial<Backend> as Backend);
}

describe('DataFolderField', () => {
  it('asks before moving the data folder, and sends confirmMove only after the user confirms', async () => {
    const update = vi.fn(async (change: unknown) => ({ dataDir: (change as { dataDir: string }).dataDir, theme: 'system' as const, workerThreads: 1 }));
    fakeBackend(update);
    render(createElement(DataFolderField, { value: '/home/me/.config/Crossfade' }));
    fireEvent.change(screen.getByLabelText('Data folder'), { target: { value: '/home/me/CrossfadeData' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('Use /home/me/CrossfadeData as the data folder?');
    expect(dialog.textContent).toContain('Your current catalog stays in /home/me/.config/Crossfade.');
    expect(update).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(update).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Use this folder' }));
    await waitFor(() => expect(update).toHaveBeenCalledWith({ dataDir: '/home/me/CrossfadeData', confirmMove: true }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });
});

describe('WorkerThreadsField', () => {
  it('refuses more threads than cores before asking the services', async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
    const update = vi.fn(async () => ({ dataDir: '/d', theme: 'system' as const, workerThreads: 2 }));
    fakeBackend(update);
    render(createElement(WorkerThreadsField, { value: 1 }));
    const input = screen.getByLabelText('Worker threads');
    expect(input.getAttribute('max')).toBe('2');
    fireEvent.change(input, { target: { value: '64' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Type a whole number from 1 to 2 (this computer has 2 logical cores), then save.');
    expect(update).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(update).toHaveBeenCalledWith({ workerThreads: 2 }));
  });
});
