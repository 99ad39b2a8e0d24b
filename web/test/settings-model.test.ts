import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaptureStatus, Me, ProjectSettings, ReplaySettings } from '@hindsight/types';

const server = vi.hoisted(() => ({
  settings: null as unknown as ProjectSettings,
  saves: [] as ReplaySettings[],
}));

vi.mock('../src/api', () => {
  class ApiError extends Error {
    constructor(readonly status: number, readonly code: string, message: string) {
      super(message);
    }
  }
  return {
    ApiError,
    api: {
      projectSettings: async () => server.settings,
      saveProjectSettings: async (_id: number, settings: ReplaySettings) => {
        server.saves.push(settings);
        if (settings.recordSessionsPercent === 99) throw new ApiError(403, 'admin_required', 'Only an admin of project 7 may change its settings.');
        return (server.settings = { ...server.settings, ...settings });
      },
      setCaptureStatus: async (_id: number, status: CaptureStatus) => (server.settings = { ...server.settings, captureStatus: status }),
    },
  };
});

const { SettingsModel } = await import('../src/state/settings');
const { me, currentProject } = await import('../src/state/session');

beforeEach(() => {
  server.saves.length = 0;
  server.settings = {
    recordSessionsPercent: null,
    recordIdleTimeoutMs: 60_000,
    recordMinMs: null,
    recordMaxMs: null,
    recordHeatmapData: null,
    recordManually: false,
    captureStatus: 'active',
    canEdit: true,
    canChangeCapture: true,
    canReadImportSecret: true,
    retentionDays: 30,
    snippet: '<script></script>',
  };
  me.value = {
    email: 'admin@example.com',
    name: null,
    projects: [{ id: 7, name: 'Shop', token: 't', role: 'admin', captureStatus: 'active', recordManually: false }],
  } satisfies Me;
});

describe('the settings page model', () => {
  it('saves the edited form in milliseconds and shows what the server kept', async () => {
    const model = new SettingsModel(7);
    await model.load();
    model.edit({ percent: '35', idleMinutes: '7.5', manual: true });

    await model.save();

    expect(server.saves).toEqual([
      { recordSessionsPercent: 35, recordIdleTimeoutMs: 450_000, recordMinMs: null, recordMaxMs: null, recordHeatmapData: null, recordManually: true },
    ]);
    expect(model.saveStatus.value).toBe('saved');
    expect(model.form.value?.idleMinutes).toBe('7.5');
    expect(currentProject.value?.recordManually).toBe(true);
  });

  it('sends nothing while a field is out of range, and says which', async () => {
    const model = new SettingsModel(7);
    await model.load();
    model.edit({ minSeconds: '12' });

    await model.save();

    expect(server.saves).toEqual([]);
    expect(model.saveStatus.value).toBe('error');
    expect(model.fieldErrors.value.minSeconds).toContain('8 seconds');
  });

  it('reports a refusal from the server in words for a person', async () => {
    const model = new SettingsModel(7);
    await model.load();
    model.edit({ percent: '99' });

    await model.save();

    expect(model.saveError.value).toBe('Only an admin of this project can change its settings.');
  });

  it('pausing capture shows at once in the project the header and the feed read, and keeps unsaved edits', async () => {
    const model = new SettingsModel(7);
    await model.load();
    model.edit({ percent: '50' });

    expect(await model.setCapture('paused')).toBe(true);

    expect(currentProject.value?.captureStatus).toBe('paused');
    expect(model.saved.value?.captureStatus).toBe('paused');
    expect(model.form.value?.percent).toBe('50');
  });

  it('an edit after saving clears "Saved"', async () => {
    const model = new SettingsModel(7);
    await model.load();
    await model.save();
    expect(model.saveStatus.value).toBe('saved');

    model.edit({ percent: '1' });

    expect(model.saveStatus.value).toBe('idle');
  });
});
