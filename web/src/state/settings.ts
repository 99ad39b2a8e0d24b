// The Settings page of one project: its replay settings as saved and as being edited, saving, and
// pausing or resuming capture. Changes reach the header and the feed through the session's project list.

import { signal } from '@preact/signals';
import type { CaptureStatus, ProjectSettings } from '@hindsight/types';
import { api, ApiError } from '../api';
import { fromForm, toForm, type FormErrors, type SettingsForm } from '../lib/settings-form';
import { updateProjectInfo } from './session';

export type LoadStatus = 'loading' | 'ready' | 'error';
export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error';

export class SettingsModel {
  readonly status = signal<LoadStatus>('loading');
  readonly loadError = signal<string | null>(null);
  /** As saved on the server. */
  readonly saved = signal<ProjectSettings | null>(null);
  readonly form = signal<SettingsForm | null>(null);
  readonly fieldErrors = signal<FormErrors>({});
  readonly saveStatus = signal<SaveStatus>('idle');
  readonly saveError = signal<string | null>(null);
  readonly captureBusy = signal(false);
  readonly captureError = signal<string | null>(null);

  private readonly controller = new AbortController();

  constructor(readonly projectId: number) {}

  async load(): Promise<void> {
    try {
      this.show(await api.projectSettings(this.projectId, this.controller.signal));
      this.status.value = 'ready';
    } catch (error) {
      if (this.controller.signal.aborted || (error as ApiError).status === 401) return;
      this.loadError.value = describe(error, 'The settings could not be loaded.');
      this.status.value = 'error';
    }
  }

  edit(change: Partial<SettingsForm>): void {
    if (!this.form.value) return;
    this.form.value = { ...this.form.value, ...change };
    // "Saved" describes the form as it was; an edit makes it stale.
    if (this.saveStatus.value === 'saved') this.saveStatus.value = 'idle';
  }

  async save(): Promise<void> {
    const form = this.form.value;
    const saved = this.saved.value;
    if (!form || !saved || this.saveStatus.value === 'saving') return;
    const checked = fromForm(form, saved);
    if ('errors' in checked) {
      this.fieldErrors.value = checked.errors;
      this.saveError.value = 'Some values are out of range: see the highlighted fields.';
      this.saveStatus.value = 'error';
      return;
    }
    this.fieldErrors.value = {};
    this.saveError.value = null;
    this.saveStatus.value = 'saving';
    try {
      this.show(await api.saveProjectSettings(this.projectId, checked.settings));
      this.saveStatus.value = 'saved';
    } catch (error) {
      this.saveError.value = describe(error, 'The settings could not be saved.');
      this.saveStatus.value = 'error';
    }
  }

  async setCapture(status: CaptureStatus): Promise<boolean> {
    this.captureBusy.value = true;
    this.captureError.value = null;
    try {
      const settings = await api.setCaptureStatus(this.projectId, status);
      // The form may hold unsaved edits: only the status is taken from the reply.
      this.saved.value = { ...this.saved.value!, captureStatus: settings.captureStatus };
      updateProjectInfo(this.projectId, { captureStatus: settings.captureStatus });
      return true;
    } catch (error) {
      this.captureError.value = describe(error, 'Capture could not be changed.');
      return false;
    } finally {
      this.captureBusy.value = false;
    }
  }

  destroy(): void {
    this.controller.abort();
  }

  private show(settings: ProjectSettings): void {
    this.saved.value = settings;
    this.form.value = toForm(settings);
    // What the server says is the truth the header and the feed show too.
    updateProjectInfo(this.projectId, { captureStatus: settings.captureStatus, recordManually: settings.recordManually });
  }
}

function describe(error: unknown, fallback: string): string {
  if (!(error instanceof ApiError)) return `${fallback} Check your connection and try again.`;
  if (error.code === 'admin_required') return 'Only an admin of this project can change its settings.';
  if (error.code === 'architect_required') return 'Only an admin or an architect of this project can pause or resume capture.';
  if (error.status === 403) return 'You are not a member of this project.';
  if (error.status === 404) return 'This project does not exist.';
  return error.message;
}
