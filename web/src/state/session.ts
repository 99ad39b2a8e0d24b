// Who is logged in and which project they are looking at.

import { computed, signal } from '@preact/signals';
import type { Me, ProjectInfo } from '@hindsight/types';
import { api, redirectToLogin } from '../api';
import { feed } from './feed';

const PROJECT_KEY = 'hindsight.project';

export const me = signal<Me | null>(null);
export const sessionError = signal<string | null>(null);
const chosenProjectId = signal<number | null>(readStoredProject());

/** The project the feed shows: the one chosen (by picker or by a replay link), else the first. */
export const currentProject = computed<ProjectInfo | null>(() => {
  const projects = me.value?.projects ?? [];
  return projects.find((p) => p.id === chosenProjectId.value) ?? projects[0] ?? null;
});

let loading: Promise<void> | null = null;

/** Asks who is logged in; a call while a check is under way joins it. */
export function loadSession(): Promise<void> {
  loading ??= checkSession().finally(() => (loading = null));
  return loading;
}

async function checkSession(): Promise<void> {
  try {
    me.value = await api.me();
    sessionError.value = null;
  } catch (error) {
    if ((error as { status?: number }).status !== 401) {
      sessionError.value = (error as Error).message;
    } else if (!me.value) {
      // Not if someone has logged in meanwhile: a replay link's own requests can send the visitor to the
      // login page, and they can log in there, before this check answers.
      redirectToLogin();
    }
  }
}

export async function login(email: string, password: string): Promise<void> {
  const user = await api.login(email, password);
  // After a 401 the last session's list is still in memory; it may not be this person's to see.
  feed.reset();
  me.value = user;
}

export async function logout(): Promise<void> {
  try {
    await api.logout();
  } finally {
    me.value = null;
    feed.reset();
  }
}

/** What the dashboard shows of a project on every page changed (by this user, or seen fresh from the server). */
export function updateProjectInfo(projectId: number, change: Partial<Pick<ProjectInfo, 'captureStatus' | 'recordManually'>>): void {
  const user = me.value;
  if (!user) return;
  me.value = { ...user, projects: user.projects.map((p) => (p.id === projectId ? { ...p, ...change } : p)) };
}

export function selectProject(projectId: number): void {
  chosenProjectId.value = projectId;
  try {
    localStorage.setItem(PROJECT_KEY, String(projectId));
  } catch {
    // Storage can be disabled; the choice then lasts until the page is reloaded.
  }
}

function readStoredProject(): number | null {
  try {
    const value = Number(globalThis.localStorage?.getItem(PROJECT_KEY));
    return Number.isSafeInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}
