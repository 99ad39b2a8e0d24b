import { describe, expect, it } from 'vitest';
import { transition } from '../src/recording-state';

describe('the recording state machine', () => {
  it('start forces a new recording when none is running', () => {
    expect(transition('off', 'start')).toEqual({ state: 'recording', effect: 'begin' });
  });

  it('start does nothing while a recording is in progress', () => {
    expect(transition('recording', 'start')).toEqual({ state: 'recording', effect: null });
  });

  it('start on a paused recording continues it, as mixpanel-browser does', () => {
    expect(transition('paused', 'start')).toEqual({ state: 'recording', effect: 'continue' });
  });

  it('pause stops collecting but keeps the replay; only a running recording can pause', () => {
    expect(transition('recording', 'pause')).toEqual({ state: 'paused', effect: 'halt' });
    expect(transition('paused', 'pause')).toEqual({ state: 'paused', effect: null });
    expect(transition('off', 'pause')).toEqual({ state: 'off', effect: null });
  });

  it('resume continues a paused replay and does nothing otherwise', () => {
    expect(transition('paused', 'resume')).toEqual({ state: 'recording', effect: 'continue' });
    expect(transition('recording', 'resume')).toEqual({ state: 'recording', effect: null });
    expect(transition('off', 'resume')).toEqual({ state: 'off', effect: null });
  });

  it('stop ends a running or paused replay', () => {
    expect(transition('recording', 'stop')).toEqual({ state: 'off', effect: 'end' });
    expect(transition('paused', 'stop')).toEqual({ state: 'off', effect: 'end' });
    expect(transition('off', 'stop')).toEqual({ state: 'off', effect: null });
  });
});
